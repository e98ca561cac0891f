"""The errors sclerodx raises on bad input, and how they read.

Every problem with what a user sent (a case file, an EMG record, an MRI image, a FHIR
Bundle, a command-line argument) is an :class:`InputError`. Adapters map it in one
place each: the command line to exit status 2 with one message on stderr
(:mod:`sclerodx.cli.app`), the HTTP API to an RFC 9457 ``application/problem+json``
response built by :func:`problem_details`. Anything else that escapes is a bug in
sclerodx and is reported as such.

Messages name the field and what was expected; they never echo the value sent, which
may be protected health information.

Examples
--------
>>> from sclerodx.exceptions import InputError, problem_details
>>> err = InputError("age: Input should be less than or equal to 120", field="age")
>>> isinstance(err, ValueError)
True
>>> problem_details(err)["status"]
422

References
----------
.. [1] Nottingham M, Wilde E, Dalal S. Problem Details for HTTP APIs. RFC 9457, IETF; 2023.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

__all__ = ["InputError", "describe_validation_error", "field_path", "known_location", "os_reason",
           "problem_details"]

PROBLEM_TYPE_BASE = "https://sclerodx.org/problems/"


class InputError(ValueError):
    """Input that sclerodx cannot use; the message names the field and what was expected.

    Subclasses (``CaseFileError``, ``EMGInputError``, ``MRIInputError``, ``FhirError``)
    narrow the kind; catch this class to handle them all.

    Parameters
    ----------
    message
        One or more lines, each ``field: what was expected``.
    field
        The offending field or argument, when there is one.
    """

    title = "Invalid input"
    """Short summary shown as the problem title."""
    kind = "invalid-input"
    """Last part of the problem ``type`` URI."""
    status = 422
    """HTTP status of the problem."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def problem_details(error: InputError, *, instance: str | None = None) -> dict[str, object]:
    """The RFC 9457 problem-details body for an input error.

    The HTTP API answers it with ``application/problem+json`` and ``error.status``.

    Parameters
    ----------
    error
        The input error.
    instance
        The request path, when known.

    Returns
    -------
    dict
        ``type``, ``title``, ``status``, ``detail`` and, when known, ``instance`` and
        ``field``.
    """
    body: dict[str, object] = {"type": PROBLEM_TYPE_BASE + error.kind, "title": error.title,
                               "status": error.status, "detail": str(error)}
    if instance is not None:
        body["instance"] = instance
    if error.field is not None:
        body["field"] = error.field
    return body


def known_location(loc: Iterable[int | str], *, sent_key: bool = False) -> tuple[int | str, ...]:
    """A pydantic error location without the keys the input chose (see :func:`field_path`).

    Examples
    --------
    >>> known_location(("exam", "motor", "neck", "[key]")), known_location(("emg", 0, "musle"), sent_key=True)
    (('exam', 'motor'), ('emg', 0))
    """
    items = list(loc)[:-1] if sent_key else list(loc)
    return tuple(item for i, item in enumerate(items)
                 if item != "[key]" and not (i + 1 < len(items) and items[i + 1] == "[key]"))


def field_path(loc: Iterable[int | str], *, whole: str = "(case)", sent_key: bool = False) -> str:
    """A pydantic error location as the dotted field path every output uses.

    ``whole`` names a problem with the input as a whole (an empty location). A key the
    input itself chose (a dict key refused by its vocabulary, marked ``[key]``, or an
    unknown field, ``sent_key``) is a value sent: it is shown as ``(key)`` or
    ``(unknown field)``, never repeated.

    Examples
    --------
    >>> field_path(("emg", 0, "muscle")), field_path(("exam", "motor", "neck", "[key]")), field_path(())
    ('emg[0].muscle', 'exam.motor (key)', '(case)')
    >>> field_path(("emg", 0, "musle"), sent_key=True)
    'emg[0] (unknown field)'
    """
    items = list(loc)
    if sent_key and items:
        items[-1] = "[unknown field]"
    parts: list[str] = []
    for i, item in enumerate(items):
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in ("[key]", "[unknown field]"):
            parts.append(f" ({item[1:-1]})")
        elif i + 1 < len(items) and items[i + 1] == "[key]":
            continue  # the refused key itself
        else:
            parts.append(f".{item}" if parts else str(item))
    return "".join(parts).lstrip(" ") or whole


def describe_validation_error(error: ValidationError, *, limit: int = 10, whole: str = "(case)") -> str:
    """One line per problem, ``field.path: what was expected``; the value sent is not echoed.

    Examples
    --------
    >>> from pydantic import BaseModel, Field, ValidationError
    >>> class M(BaseModel):
    ...     age: float = Field(le=120)
    >>> try:
    ...     M(age=300)
    ... except ValidationError as exc:
    ...     print(describe_validation_error(exc))
    age: Input should be less than or equal to 120
    """
    lines = [f"{field_path(item['loc'], whole=whole, sent_key=item['type'] == 'extra_forbidden')}: "
             f"{str(item['msg']).removeprefix('Value error, ')}"
             for item in error.errors(include_url=False)[:limit]]
    extra = error.error_count() - limit
    if extra > 0:
        lines.append(f"... and {extra} more problem(s)")
    return "\n".join(lines)


def os_reason(error: OSError) -> str:
    """What went wrong with a file, without its path (``str(OSError)`` repeats the path).

    Examples
    --------
    >>> os_reason(FileNotFoundError(2, "No such file or directory", "/home/jane-doe/case.json"))
    'no such file or directory'
    """
    return (error.strerror or type(error).__name__).lower()
