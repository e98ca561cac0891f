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
from sclerodx.exceptions import InputError, describe_validation_error, os_reason


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


def read_case(path: str | os.PathLike[str], *, argument: str = "path") -> Case:
    """Read and validate a case file.

    ``argument`` is the name the caller knows the file by (``"--into"`` on the command
    line); messages name it, never the file's path, which may identify a patient.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseFileError(f"{argument}: no such case file", field=argument) from None
    except UnicodeDecodeError:
        raise CaseFileError(f"{argument}: expected a UTF-8 JSON case file", field=argument) from None
    except OSError as exc:
        raise CaseFileError(f"{argument}: cannot be read ({os_reason(exc)}); expected a readable case file",
                            field=argument) from None
    return parse_case(text, source=argument)


def write_case(case: Case, path: str | os.PathLike[str], *, argument: str = "path") -> None:
    """Write a case as indented JSON, atomically (temporary file, then rename).

    Raises
    ------
    CaseFileError
        If the file cannot be written (no such folder, no permission, disk full); the
        previous file, if any, is left as it was.
    """
    p = Path(path)
    text = case.model_dump_json(indent=2, exclude_none=True) + "\n"
    try:
        write_atomically(p, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise CaseFileError(f"{argument}: cannot be written ({os_reason(exc)}); expected a writable file "
                            "in an existing folder", field=argument) from None

