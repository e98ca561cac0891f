"""The shared typer application and its error convention.

Exit codes: 0 success; 1 an unexpected internal error; 2 invalid input (a bad file,
argument or case), reported as one message on stderr without a traceback.
"""

from __future__ import annotations

from typing import NoReturn

import typer

EXIT_OK = 0
EXIT_INVALID_INPUT = 2

app = typer.Typer(
    name="sclerodx",
    help=(
        "Decision support for multiple sclerosis versus ALS and their mimics. "
        "Not a diagnosis: every result must be read by a clinician."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def fail(message: str) -> NoReturn:
    """Print one clear message on stderr and exit with code 2 (invalid input)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=EXIT_INVALID_INPUT)
