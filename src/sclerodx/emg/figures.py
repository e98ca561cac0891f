"""The report figure: the trace with detected events, and the motor unit templates."""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from sclerodx.atomic import write_atomically
from sclerodx.emg.motor_units import TEMPLATE_BEFORE_MS
from sclerodx.emg.process import EMGAnalysis
from sclerodx.emg.records import EMGInputError
from sclerodx.exceptions import os_reason

_KIND_STYLE = {"fibrillation": ("tab:red", "v", "fibrillation"),
               "positive_sharp_wave": ("tab:orange", "^", "positive sharp wave"),
               "fasciculation": ("tab:purple", "D", "fasciculation")}

#: Longest stretch of trace drawn, s (longer records show their first seconds).
TRACE_S = 10.0
#: Most templates drawn.
MAX_TEMPLATES = 12


def plot_emg(analysis: EMGAnalysis, path: str | os.PathLike[str]) -> None:
    """Write a PNG: the filtered trace with rest shaded and events marked, and templates.

    Parameters
    ----------
    analysis
        Result of :func:`sclerodx.emg.emg_process`.
    path
        Output file (PNG).
    """
    fs = analysis.sampling_rate
    n = min(analysis.filtered.size, int(TRACE_S * fs))
    t = np.arange(n) / fs
    unit = "µV" if analysis.units == "uV" else "ADC counts"
    fig, (trace_ax, units_ax) = plt.subplots(
        2, 1, figsize=(11, 7), gridspec_kw={"height_ratios": [1.2, 1]}
    )
    trace_ax.plot(t, analysis.filtered[:n], lw=0.4, color="black")
    for seg in analysis.segments:
        if seg.state == "rest" and seg.start < n:
            trace_ax.axvspan(seg.start / fs, min(seg.stop, n) / fs, color="tab:green", alpha=0.08)
    peaks = analysis.motor_units.peak_times_s
    shown = peaks[peaks < n / fs]
    trace_ax.plot(shown, analysis.filtered[(shown * fs).astype(int)], "|", color="tab:blue",
                  ms=6, label="motor unit potentials")
    for kind, (colour, marker, label) in _KIND_STYLE.items():
        times = np.array([e.time_s for e in analysis.spontaneous.events
                          if e.kind == kind and e.time_s < n / fs])
        if times.size:
            trace_ax.plot(times, analysis.filtered[(times * fs).astype(int)], marker, color=colour,
                          ms=5, ls="none", label=label)
    result = analysis.classification
    verdict = (f"{result.label} (p = {result.probability:.2f})" if result else "not classified")
    trace_ax.set_title(f"{analysis.source or 'signal'} [{analysis.channel}] - {verdict}; "
                       "green: rest")
    trace_ax.set_xlabel("time (s)")
    trace_ax.set_ylabel(unit)
    trace_ax.legend(loc="upper right", fontsize=8)
    units = sorted(analysis.motor_units.units, key=lambda u: -u.times_s.size)[:MAX_TEMPLATES]
    for i, mu in enumerate(units):
        ms = np.arange(mu.template.size) / fs * 1000.0 - TEMPLATE_BEFORE_MS
        units_ax.plot(ms, mu.template, lw=1, color=plt.get_cmap("tab20")(i % 20),
                      label=f"unit {mu.unit}: {mu.shape.duration_ms:.1f} ms, {mu.shape.phases} ph")
        for edge in (mu.shape.onset_ms, mu.shape.offset_ms):  # the duration markers
            units_ax.axvline(edge - TEMPLATE_BEFORE_MS, color=plt.get_cmap("tab20")(i % 20), lw=0.5,
                             ls=":")
    band = analysis.motor_units.duration_band
    units_ax.axhspan(-band, band, color="grey", alpha=0.15)
    units_ax.set_title("motor unit templates (median of discharges, whole 60 ms window)\ndotted: "
                       f"duration markers; grey: baseline band {analysis.motor_units.band_rule}",
                       fontsize=9)
    units_ax.set_xlabel("time from peak (ms)")
    units_ax.set_ylabel(unit)
    if units:
        units_ax.legend(fontsize=7, ncol=3, loc="upper right")
    fig.tight_layout()
    try:  # whole or absent: a failed write leaves no half-written PNG
        write_atomically(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110), suffix=".png")
    except OSError as exc:
        raise EMGInputError(f"figure: cannot be written ({os_reason(exc)}); expected a writable .png "
                            "path in an existing folder", field="figure") from None
    finally:
        plt.close(fig)
