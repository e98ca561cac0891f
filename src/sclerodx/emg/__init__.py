"""Needle EMG: read raw signals and turn them into per-muscle findings.

Flat API (NeuroKit2 style)::

    from sclerodx.emg import read_emg, emg_process, emg_findings, plot_emg
    record = read_emg("N2001A01BB01.bin", sampling_rate=23437.5)
    analysis = emg_process(record)
    finding = emg_findings(analysis, "biceps brachii", "left")
    plot_emg(analysis, "emg.png")

Decision support only: the class and findings must be read by a clinician.
"""

from sclerodx.emg.classifier import Classification, EMGClassifier, load_classifier
from sclerodx.emg.figures import plot_emg
from sclerodx.emg.findings import emg_findings
from sclerodx.emg.process import EMGAnalysis, emg_process
from sclerodx.emg.readers import read_emg
from sclerodx.emg.records import EMGInputError, EMGRecord
from sclerodx.emg.simulate import SimulatedEMG, emg_simulate

__all__ = [
    "Classification",
    "EMGAnalysis",
    "EMGClassifier",
    "EMGInputError",
    "EMGRecord",
    "SimulatedEMG",
    "emg_findings",
    "emg_process",
    "emg_simulate",
    "load_classifier",
    "plot_emg",
    "read_emg",
]
