"""Reading and writing case files (JSON), atomically.

An adapter at the edge: the engines never touch files. Writes go to a temporary file
in the same folder and are renamed over the target, so a crash or a validation error
never leaves a half-written case behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from sclerodx.case import Case
from sclerodx.exceptions import InputError, describe_validation_error


class CaseFileError(InputError):
    """A case file that cannot be read or does not validate; the message says why."""


def parse_case(text: str, *, source: str = "case") -> Case:
    """Validate a case from JSON text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                            f"{exc.msg})") from None
    if not isinstance(data, dict):
        raise CaseFileError(f"{source}: expected a JSON object describing one case")
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
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
