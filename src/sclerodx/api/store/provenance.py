"""What a stored assessment was computed with: the facts that decide whether it can be reproduced.

The package version alone is not enough: the evidence table or the EMG model can
change under one version (a development install), and the same case then gives a
different probability. Each stored assessment therefore also records the SHA-256
of the evidence table and of the committed EMG model, and the case schema version.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources

from pydantic import BaseModel

from sclerodx import __version__
from sclerodx.case import SCHEMA_VERSION


def _sha256(package: str, name: str) -> str:
    return hashlib.sha256(resources.files(package).joinpath(name).read_bytes()).hexdigest()


class Provenance(BaseModel, frozen=True):
    """Versions and content hashes of everything an assessment depends on."""

    sclerodx_version: str
    schema_version: str
    evidence_table_sha256: str
    emg_model_sha256: str


@functools.cache
def current_provenance() -> Provenance:
    """The provenance of this installation (hashed once per process)."""
    from sclerodx.differential.evidence_table import TABLE_RESOURCE
    from sclerodx.emg.classifier import MODEL_PATH

    return Provenance(
        sclerodx_version=__version__, schema_version=SCHEMA_VERSION,
        evidence_table_sha256=_sha256("sclerodx.differential", TABLE_RESOURCE),
        emg_model_sha256=_sha256("sclerodx.emg", MODEL_PATH.name),
    )
