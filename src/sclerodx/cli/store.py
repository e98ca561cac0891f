"""``sclerodx store``: administer the case store (migrations, tenants, keys, audit, reproduction).

The database is ``--database-url`` or ``SCLERODX_DATABASE_URL`` (the URL is never
printed: it may carry a password).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from sclerodx.api.settings import DATABASE_URL_ENV
from sclerodx.cli.app import app, fail

store_app = typer.Typer(help="Administer the case store: tenants, API keys, audit trail, reproduction.",
                        no_args_is_help=True)
tenant_app = typer.Typer(help="Tenants (clinics, research groups).", no_args_is_help=True)
key_app = typer.Typer(help="API keys (each bound to one tenant and one role).", no_args_is_help=True)
store_app.add_typer(tenant_app, name="tenant")
store_app.add_typer(key_app, name="key")
app.add_typer(store_app, name="store")

_T = TypeVar("_T")
DatabaseUrl = Annotated[str | None, typer.Option(
    "--database-url", envvar=DATABASE_URL_ENV, show_envvar=True, show_default=False,
    help="SQLAlchemy URL of the store (sqlite:///path.db, postgresql+psycopg://...).")]


def _open(url: str | None) -> Any:
    from sqlalchemy.exc import SQLAlchemyError

    from sclerodx.api.store import Store

    if not url:
        fail(f"no database: pass --database-url or set {DATABASE_URL_ENV}")
    try:
        return Store(url)
    except (SQLAlchemyError, ValueError) as exc:
        fail(f"the store could not be opened ({type(exc).__name__}); check the URL and that the "
             "database is running")


def _attempt(database_url: str | None, call: Callable[[Any], _T]) -> _T:
    """``call(store)``; a :class:`~sclerodx.api.store.StoreError` is a clear input error (exit 2)."""
    from sclerodx.api.store import StoreError

    store = _open(database_url)
    try:
        return call(store)
    except StoreError as exc:
        fail(str(exc))


@store_app.command("migrate")
def migrate_command(database_url: DatabaseUrl = None) -> None:
    """Create the store or bring it to the newest schema (the server also does this at start)."""
    from sclerodx.api.store.engine import current_revision

    store = _open(database_url)
    typer.echo(f"store at schema revision {current_revision(store.engine)}")


@tenant_app.command("add")
def tenant_add(name: Annotated[str, typer.Argument(help="A unique tenant name, e.g. 'neuro-clinic'.")],
               database_url: DatabaseUrl = None) -> None:
    """Create a tenant."""
    if not 1 <= len(name) <= 100:
        fail("name: expected 1 to 100 characters")
    tenant = _attempt(database_url, lambda store: store.add_tenant(name))
    typer.echo(f"tenant {tenant.name} created (id {tenant.id})")


@tenant_app.command("list")
def tenant_list(database_url: DatabaseUrl = None) -> None:
    """List the tenants."""
    for tenant in _open(database_url).tenants():
        typer.echo(f"{tenant.name}\t{tenant.id}\t{tenant.created_at.isoformat()}")


@key_app.command("add")
def key_add(
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant name or id.")],
    role: Annotated[str, typer.Option("--role", help="clinician, researcher or admin.")],
    label: Annotated[str | None, typer.Option(help="A note on whose key this is.")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Issue an API key; it is printed once (on stdout) and only its SHA-256 is stored."""
    from sclerodx.api.store import ROLES

    if role not in ROLES:
        fail(f"--role: expected one of {', '.join(ROLES)}")
    new = _attempt(database_url, lambda store: store.add_key(tenant, role, label))
    typer.echo(f"key {new.key_id} for tenant {tenant} (role {role}); it is shown once, keep it now:",
               err=True)
    typer.echo(new.token)


@key_app.command("list")
def key_list(
    tenant: Annotated[str | None, typer.Option("--tenant", help="Tenant name or id (default: all).")]
    = None,
    database_url: DatabaseUrl = None,
) -> None:
    """List the API keys: id, tenant id, role, created, revoked (never a secret)."""
    for key in _attempt(database_url, lambda store: store.api_keys(tenant)):
        revoked = key.revoked_at.isoformat() if key.revoked_at else "active"
        typer.echo(f"{key.id}\t{key.tenant_id}\t{key.role}\t{key.created_at.isoformat()}\t{revoked}\t"
                   f"{key.label or ''}")


@key_app.command("revoke")
def key_revoke(
    key_id: Annotated[str, typer.Argument(metavar="ID", help="The key's id (from 'key add' or 'key list').")],
    database_url: DatabaseUrl = None,
) -> None:
    """Revoke an API key: from now on it authenticates no request. The revocation is audited."""
    key = _attempt(database_url, lambda store: store.revoke_key(key_id))
    assert key.revoked_at is not None
    typer.echo(f"key {key.id} revoked (at {key.revoked_at.isoformat()})")


@store_app.command("audit")
def audit_command(
    tenant: Annotated[str | None, typer.Option("--tenant", help="Tenant name or id (default: all).")]
    = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Print the audit trail as a FHIR R4B Bundle of AuditEvents."""
    from sclerodx.api.store import audit_bundle

    store = _open(database_url)
    tenant_id = None
    if tenant is not None:
        found = store.tenant(tenant)
        if found is None:
            fail("--tenant: no such tenant")
        tenant_id = found.id
    typer.echo(json.dumps(audit_bundle(store.audit_entries(tenant_id, limit=1_000_000)), indent=1))


@store_app.command("reproduce")
def reproduce_command(
    assessment_id: Annotated[str, typer.Argument(metavar="ID", help="Id of a stored assessment.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Re-run a stored assessment and say whether the result is identical (exit 1 if not)."""
    result = _attempt(database_url, lambda store: store.reproduce(assessment_id))
    changed = [f for f in type(result.stored).model_fields
               if getattr(result.stored, f) != getattr(result.current, f)]
    if result.identical:
        typer.echo(f"{assessment_id}: identical")
    else:
        typer.echo(f"{assessment_id}: DIFFERENT in {', '.join(result.differences)}")
    for name in changed:
        typer.echo(f"  {name}: stored {getattr(result.stored, name)}, now {getattr(result.current, name)}")
    if not result.identical:
        raise typer.Exit(code=1)

