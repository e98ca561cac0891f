"""Reading and writing case files (JSON), atomically, upgrading older schema versions.

An adapter at the edge: the engines never touch files. Writes go to a temporary file
in the same folder and are renamed over the target, so a crash or a validation error
never leaves a half-written case behind. Files of an older schema version are upgraded
on reading (:func:`upgrade_case_data`) and written back at the current version.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sclerodx.atomic import write_atomically
from sclerodx.case import SCHEMA_VERSION, Case
from sclerodx.exceptions import InputError, describe_validation_error


class CaseFileError(InputError):
    """A case file that cannot be read or does not validate; the message says why."""


def _from_1_0(data: dict[str, Any]) -> dict[str, Any]:
    """1.0 -> 1.1: every change is an addition, so the data stand; only the version moves."""
    return {**data, "schema_version": "1.1"}


#: One step per older version: the function that lifts its data to the next version.
UPGRADES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"1.0": _from_1_0}


def upgrade_case_data(data: dict[str, Any], *, source: str = "case") -> dict[str, Any]:
    """Lift case data of an older schema version to :data:`~sclerodx.case.SCHEMA_VERSION`.

    A file without ``schema_version`` is read as 1.0 (the first published version).

    Raises
    ------
    CaseFileError
        If the version is not one this release knows.
    """
    version = data.get("schema_version", "1.0")
    while version != SCHEMA_VERSION:
        step = UPGRADES.get(version) if isinstance(version, str) else None
        if step is None:
            known = ", ".join([*UPGRADES, SCHEMA_VERSION])
            raise CaseFileError(f"{source}: schema_version must be one of {known}; this file's version "
                                "is not one this release of sclerodx can read")
        data = step(data)
        version = data["schema_version"]
    return data


def parse_case(text: str, *, source: str = "case") -> Case:
    """Validate a case from JSON text, upgrading an older schema version."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                            f"{exc.msg})") from None
    if not isinstance(data, dict):
        raise CaseFileError(f"{source}: expected a JSON object describing one case")
    data = upgrade_case_data(data, source=source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseFileError(f"{source}: invalid case\n{describe_validation_error(exc)}") from None


def read_case(path: str | os.PathLike[str]) -> Case:
    """Read and validate a case file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseFileError(f"{p}: no such case file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFileError(f"{p}: cannot read ({exc})") from None
    return parse_case(text, source=str(p))


def write_case(case: Case, path: str | os.PathLike[str]) -> None:
    """Write a case as indented JSON, atomically (temporary file, then rename)."""
    p = Path(path)
    text = case.model_dump_json(indent=2, exclude_none=True) + "\n"
    write_atomically(p, lambda tmp: tmp.write_text(text, encoding="utf-8"))
