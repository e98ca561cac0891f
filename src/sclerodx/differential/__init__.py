"""The probabilistic differential: MS, ALS and their mimics, explained finding by finding.

>>> from sclerodx.differential import differential
>>> result = differential(case)                      # doctest: +SKIP
>>> result.leading.label, result.leading.probability  # doctest: +SKIP

Decision support, not a diagnosis. See :mod:`sclerodx.differential.engine` for the
model (a Bayesian network with region-level latent states) and why it was chosen,
:mod:`sclerodx.differential.batch` for the vectorised path,
:mod:`sclerodx.differential.next_test` for the expected-value test ranking and
:mod:`sclerodx.differential.coexistence` for coexisting MS and ALS and
:mod:`sclerodx.differential.other` for the causes inside ``other``.
"""

from __future__ import annotations

from sclerodx.differential.batch import (
    CompiledTable,
    cases_to_arrays,
    compile_table,
    encode_states,
    posterior_matrix,
)
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis
from sclerodx.differential.engine import differential
from sclerodx.differential.evidence_table import (
    EvidenceTable,
    EvidenceTableError,
    load_evidence_table,
    parse_evidence_table,
)
from sclerodx.differential.model import (
    Coexistence,
    Contribution,
    DiagnosisProbability,
    Differential,
    NextTest,
    NotExcluded,
    ObservedFinding,
    OtherCause,
)

__all__ = [
    "DIAGNOSES",
    "Coexistence",
    "CompiledTable",
    "Contribution",
    "Diagnosis",
    "DiagnosisProbability",
    "Differential",
    "EvidenceTable",
    "EvidenceTableError",
    "NextTest",
    "NotExcluded",
    "ObservedFinding",
    "OtherCause",
    "cases_to_arrays",
    "compile_table",
    "differential",
    "encode_states",
    "load_evidence_table",
    "parse_evidence_table",
    "posterior_matrix",
]
