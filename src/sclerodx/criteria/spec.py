"""A criteria-set specification: the one definition both the per-case engine and the cohort run.

A :class:`CriteriaSpec` names the flat input columns of a criteria set, how one case's
derived evidence fills them (``inputs``), and the vectorised decision over any number
of rows (``decide``), which returns the set's decision record. The explained per-case
engine calls ``decide(inputs(evidence))`` on a batch of one and builds its rules,
status, gaps and label from the record; the cohort runner calls ``decide`` on the
columns of a whole table. A new reading of a criterion therefore touches one module
and both routes at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from sclerodx.anatomy import REGIONS
from sclerodx.criteria.als_categories import STATUS_CODES, TriArray, tri
from sclerodx.criteria.result import Status

if TYPE_CHECKING:
    from sclerodx.criteria.evidence import CaseEvidence

Columns = Mapping[str, npt.NDArray[Any]]


class Decision(Protocol):
    """What every decision record carries: a category code and a status code per row."""

    @property
    def codes(self) -> npt.NDArray[Any]: ...

    @property
    def status(self) -> npt.NDArray[Any]: ...


D = TypeVar("D", bound=Decision)


@dataclass(frozen=True, slots=True)
class CriteriaSpec(Generic[D]):
    """One criteria set: its categories, its input columns and its decision.

    Parameters
    ----------
    name
        The field of :class:`~sclerodx.criteria.result.CriteriaReport` and the cohort
        output column.
    categories
        Category names; a decision's code indexes this tuple.
    columns
        The flat input columns ``decide`` reads (cohort feature-table names).
    inputs
        One case's derived evidence as those columns (arrays of length 1).
    decide
        The vectorised decision over columns of any length.
    """

    name: str
    categories: tuple[str, ...]
    columns: tuple[str, ...]
    inputs: Callable[[CaseEvidence], dict[str, npt.NDArray[Any]]]
    decide: Callable[[Columns], D]

    def decide_case(self, evidence: CaseEvidence) -> D:
        """The decision record of one case (a batch of one)."""
        return self.decide(self.inputs(evidence))


def region_columns(prefix: str) -> tuple[str, ...]:
    """The four per-region column names of a region map, rostral to caudal."""
    return tuple(f"{prefix}_{r.value}" for r in REGIONS)


def region_matrix(columns: Columns, prefix: str) -> TriArray:
    """Four per-region columns as an ``(n, 4)`` three-valued array."""
    return np.stack([tri(columns[name]) for name in region_columns(prefix)], axis=1)


def either(first: TriArray, second: TriArray) -> TriArray:
    """Region-wise OR of two three-valued maps: present in either, absent only when both are.

    With 1 / 0 / -1 codes this is the maximum unless one is -1 and the other 0 (unknown).
    """
    out = np.maximum(first, second)
    out[(out == 0) & ((first == -1) | (second == -1))] = -1
    return out.astype(np.int8, copy=False)


def status_of_code(code: int) -> Status:
    """A decision's status code as a :class:`Status`."""
    return Status(STATUS_CODES[code])
