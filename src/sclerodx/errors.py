"""Turning validation failures into one clear message that names the field."""

from __future__ import annotations

from pydantic import ValidationError


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item == "[key]":
            parts.append(" (key)")
        else:
            parts.append(f".{item}" if parts else str(item))
    return "".join(parts) or "(case)"


def describe_validation_error(error: ValidationError, *, limit: int = 10) -> str:
    """One line per problem: ``field.path: what was expected (got value)``."""
    lines = []
    for item in error.errors(include_url=False)[:limit]:
        message = str(item["msg"]).removeprefix("Value error, ")
        got = item.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
        lines.append(f"{_location(tuple(item['loc']))}: {message}{shown}")
    extra = error.error_count() - limit
    if extra > 0:
        lines.append(f"... and {extra} more problem(s)")
    return "\n".join(lines)
