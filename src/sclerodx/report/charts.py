"""Report figures as PNG data URIs (matplotlib, Agg backend: no display needed).

Each function takes plain data and returns ``data:image/png;base64,...`` ready for an
``<img src>``, so the HTML report is one self-contained file.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from sclerodx.biomarkers.nfl_reference import nfl_reference_curve


def figure_uri(figure: Figure) -> str:
    """A figure as a PNG data URI (the figure is closed)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_uri(data: bytes) -> str:
    """An existing PNG (an EMG or MRI figure) as a data URI; anything else is refused."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def nfl_chart(age: float, value_pg_ml: float, bmi: float | None = None) -> str:
    """Serum NfL of the patient against the age reference percentiles (2.5, 50, 97.5).

    Uses :func:`sclerodx.biomarkers.nfl_reference.nfl_reference_curve`, whose source and
    approximation are documented there.
    """
    ages = np.linspace(max(5.0, min(age - 30.0, 20.0)), min(100.0, max(age + 20.0, 80.0)), 60)
    curve = nfl_reference_curve(ages, (2.5, 50.0, 97.5), bmi=bmi)
    figure, axes = plt.subplots(figsize=(6.0, 3.6))
    axes.fill_between(curve.ages, curve.values_pg_ml[:, 0], curve.values_pg_ml[:, 2], color="#c9d6ea",
                      label="2.5th-97.5th percentile")
    axes.plot(curve.ages, curve.values_pg_ml[:, 1], color="#3b6ea8", label="median")
    axes.scatter([age], [value_pg_ml], color="#b33", zorder=3, label="patient")
    axes.set_yscale("log")
    axes.set_xlabel("age (years)")
    axes.set_ylabel("serum NfL (pg/mL)")
    axes.set_title("Serum NfL against its age reference (approximate)")
    axes.legend(fontsize=8)
    return figure_uri(figure)
