"""The ``sclerodx`` command line (typer), with commands loaded lazily.

Adding a command
----------------
1. Write ``src/sclerodx/cli/NAME.py`` defining the command on the shared app::

       from sclerodx.cli.app import app, fail

       @app.command("qemg")
       def qemg_command(...) -> None:
           from sclerodx.emg import ...   # heavy imports inside the function
           ...

   (a group of subcommands: ``sub = typer.Typer()`` in the module, then
   ``app.add_typer(sub, name="cohort")``).
2. Add one line below: ``register("qemg", "sclerodx.cli.qemg", extra="emg")`` (``extra``:
   the optional-dependency group the command needs, so that a missing one is named).

The module is imported only when its command runs or help lists it. Keep its top-level
imports light (typer, the standard library, :mod:`sclerodx.cli.app`); invalid input is
``fail(message)`` or any :class:`sclerodx.exceptions.InputError` (exit 2, one line,
no traceback), everything else is an internal error (exit 1; ``--debug`` shows the
traceback). The one mapping is :func:`sclerodx.cli.app.exit_on_input_error`, called by
:func:`~sclerodx.cli.app.fail` and by the group's handler (:meth:`sclerodx.cli.app.LazyGroup.invoke`).
"""

from __future__ import annotations

from sclerodx.cli.app import app, register

register("assess", "sclerodx.cli.case_commands")
register("schema", "sclerodx.cli.case_commands")
register("example", "sclerodx.cli.case_commands")
register("report", "sclerodx.cli.report", extra="report")
register("emg", "sclerodx.cli.emg", extra="emg")
register("mri", "sclerodx.cli.mri", extra="mri")
register("segment", "sclerodx.cli.segment", extra="mri")
register("serve", "sclerodx.cli.serve", extra="api")
register("cohort", "sclerodx.cli.cohort", extra="cohort")
register("store", "sclerodx.cli.store", extra="api")
register("qemg", "sclerodx.cli.qemg", extra="emg")

__all__ = ["app", "main", "register"]


def main() -> None:
    """Entry point of the ``sclerodx`` console script and of ``python -m sclerodx``."""
    app()
