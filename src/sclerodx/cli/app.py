"""The shared typer application: lazy command registry, options and the one error handler.

Exit codes: 0 success; 1 an unexpected internal error (a bug: one line and a hint to
report it; ``--debug`` shows the traceback); 2 invalid input (a bad file, argument or
case), one message on stderr naming the field, never a traceback.

Commands are registered by name with :func:`register` (see :mod:`sclerodx.cli`); a
command's module is imported only when that command runs (or when help lists it), so
``sclerodx assess`` never pays for EMG, MRI, report or server libraries.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info

from sclerodx import __version__
from sclerodx.exceptions import InputError

EXIT_OK = 0
EXIT_INTERNAL_ERROR = 1
EXIT_INVALID_INPUT = 2
ISSUES_URL = "https://github.com/sclerodx/sclerodx/issues"
DEBUG_ENV = "SCLERODX_DEBUG"

_LAZY: dict[str, tuple[str, str | None]] = {}
"""Command name -> (module that defines it, imported on first use; optional extra it needs)."""


def register(name: str, module: str, extra: str | None = None) -> None:
    """Register the command ``name``, defined in ``module`` on :data:`app` (or added with ``add_typer``).

    ``extra`` names the optional-dependency group (``pip install 'sclerodx[extra]'``) the
    command needs; when it is not installed the command says so instead of failing.
    """
    _LAZY[name] = (module, extra)


def _needs_extra(name: str, extra: str | None, missing: ModuleNotFoundError) -> str:
    install = f"pip install 'sclerodx[{extra}]'" if extra else "pip install 'sclerodx[all]'"
    return (f"'sclerodx {name}' needs the optional module '{missing.name}', which is not installed: "
            f"{install}")


def exit_on_input_error(error: InputError) -> NoReturn:
    """The one mapping of invalid input to the command line: the message on stderr, exit status 2."""
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(EXIT_INVALID_INPUT)


def fail(message: str, *, field: str | None = None) -> NoReturn:
    """Stop the command on invalid input: exit 2 with ``message`` (:func:`exit_on_input_error`).

    It works the same in a command run on its own typer app (as some tests do) as under
    :data:`app`, whose handler maps any :class:`~sclerodx.exceptions.InputError` raised deeper down.
    """
    exit_on_input_error(InputError(message, field=field))


def _sent(args: list[str]) -> frozenset[str]:
    """The values typed on the command line (option values, arguments, command names), not option names."""
    values = (arg.partition("=")[2] if arg.startswith("-") else arg for arg in args)
    return frozenset(v for v in values if len(v) >= 3)


def _without_sent(error: typer.TyperException, args: list[str]) -> typer.TyperException:
    """A usage error (bad value, unknown command) with every value typed replaced by a marker.

    Typer's errors (its own copy of click's) carry the text shown in ``message``.
    """
    from sclerodx.api.redact import redact

    message = getattr(error, "message", None)
    if isinstance(message, str):
        error.message = redact(message, _sent(args))
    return error


class LazyGroup(TyperGroup):
    """A typer group that imports a command's module only when the command is needed.

    Usage errors (click's messages quote the value refused: ``'x' is not one of ...``,
    ``No such command 'x'``) are shown with the values typed replaced by ``<value>``.
    """

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except typer.TyperException as exc:
            raise _without_sent(exc, args) from None
        ctx.meta["sclerodx.args"] = list(args)
        return ctx

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted({*self.commands, *_LAZY})

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in _LAZY:
            module, extra = _LAZY[cmd_name]
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if (exc.name or "sclerodx").startswith("sclerodx"):
                    raise
                message = _needs_extra(cmd_name, extra, exc)

                def unavailable() -> None:
                    typer.echo(f"error: {message}", err=True)
                    raise typer.Exit(EXIT_INTERNAL_ERROR)

                return TyperCommand(name=cmd_name, callback=unavailable, help=f"(unavailable) {message}")
            for info in app.registered_commands:
                if info.name == cmd_name:
                    self.commands[cmd_name] = get_command_from_info(
                        info, pretty_exceptions_short=True, rich_markup_mode=self.rich_markup_mode)
            for group in app.registered_groups:
                if group.name == cmd_name:
                    self.commands[cmd_name] = get_group_from_info(
                        group, pretty_exceptions_short=True, suggest_commands=True,
                        rich_markup_mode=self.rich_markup_mode)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; map input errors to exit 2 and anything unexpected to exit 1."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as exc:
            raise _without_sent(exc, ctx.meta.get("sclerodx.args", [])) from None
        except InputError as exc:
            exit_on_input_error(exc)
        except ModuleNotFoundError as exc:
            name = ctx.invoked_subcommand
            if (exc.name or "sclerodx").startswith("sclerodx") or name not in _LAZY:
                raise
            typer.echo(f"error: {_needs_extra(name, _LAZY[name][1], exc)}", err=True)
            raise typer.Exit(EXIT_INTERNAL_ERROR) from None
        except BrokenPipeError:
            raise  # the reader went away (``sclerodx ... | head``): typer's main exits quietly
        except Exception as exc:
            if ctx.meta.get("sclerodx.debug") or os.environ.get(DEBUG_ENV):
                traceback.print_exc(file=sys.stderr)
            # the type only: an exception's message may quote a value of the input
            hint = "" if ctx.meta.get("sclerodx.debug") else " (add --debug for the message and traceback)"
            typer.echo(f"internal error: {type(exc).__name__}\n"
                       f"This is a bug in sclerodx {__version__}; please report it at {ISSUES_URL} with "
                       f"the command you ran{hint}.", err=True)
            raise typer.Exit(EXIT_INTERNAL_ERROR) from None


app = typer.Typer(
    name="sclerodx",
    cls=LazyGroup,
    help=(
        "Decision support for multiple sclerosis versus ALS and their mimics. "
        "Not a diagnosis: every result must be read by a clinician."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sclerodx {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]
    = False,
) -> None:
    ctx.meta["sclerodx.debug"] = debug
