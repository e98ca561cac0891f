"""JSON-lines logging for the server: one object per line, fields given by the caller.

Records carry their fields in ``extra={"fields": {...}}``; the formatter writes
``time``, ``level``, ``logger``, the message and those fields, and *no*
exception text or traceback (an exception message may quote patient values; the
caller logs the exception type instead).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str)


def log_config(level: str = "info") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` for uvicorn and sclerodx: JSON lines on stderr.

    uvicorn's own access log is off (it prints the raw path and query string);
    :class:`sclerodx.api.access.AccessLog` writes the access lines.
    """
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    loggers = {name: {"handlers": ["json"], "level": level.upper(), "propagate": False}
               for name in ("uvicorn", "uvicorn.error", "sclerodx")}
    loggers["uvicorn.access"] = {"handlers": [], "level": "WARNING", "propagate": False}
    return {"version": 1, "disable_existing_loggers": False,
            "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
            "handlers": {"json": handler}, "loggers": loggers}
