"""``sclerodx store``: tenants, keys printed once, the audit export, reproduction."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import sclerodx.cli.store  # noqa: F401  (registers the command)
from sclerodx.api.store import Caller, NewAssessment, Store
from sclerodx.assessment import assess
from sclerodx.cli.app import app
from sclerodx.examples import load_example


def test_tenant_key_audit_and_reproduce(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    env = {"SCLERODX_DATABASE_URL": url}
    runner = CliRunner()
    added = runner.invoke(app, ["store", "tenant", "add", "neuro-clinic"], env=env)
    assert added.exit_code == 0, added.output
    assert "neuro-clinic" in added.output
    assert runner.invoke(app, ["store", "tenant", "add", "neuro-clinic"], env=env).exit_code == 2
    key = runner.invoke(app, ["store", "key", "add", "--tenant", "neuro-clinic", "--role", "clinician"],
                        env=env)
    assert key.exit_code == 0
    token = key.stdout.strip().splitlines()[-1]
    assert token.startswith("sdx_")
    bad_role = runner.invoke(app, ["store", "key", "add", "--tenant", "neuro-clinic", "--role", "root"],
                             env=env)
    assert bad_role.exit_code == 2
    assert "--role" in bad_role.output

    store = Store(url)
    principal = store.authenticate(token)
    assert principal is not None
    case = load_example("typical-als")
    result = assess(case)
    saved = store.save(Caller(principal), NewAssessment(
        case_id=case.id, leading_diagnosis="als", case_json=case.model_dump_json(exclude_none=True),
        assessment_json=result.model_dump_json(), include_investigational=False,
        request_sha256="0" * 64, idempotency_key=None))
    store.close()
    assert token not in (tmp_path / "cases.db").read_bytes().decode("latin-1")

    reproduced = runner.invoke(app, ["store", "reproduce", saved.id], env=env)
    assert reproduced.exit_code == 0
    assert f"{saved.id}: identical" in reproduced.output
    missing = runner.invoke(app, ["store", "reproduce", "no-such-id"], env=env)
    assert missing.exit_code == 2

    audit = runner.invoke(app, ["store", "audit", "--tenant", "neuro-clinic"], env=env)
    assert audit.exit_code == 0
    actions = [e["resource"]["subtype"][0]["code"] for e in json.loads(audit.stdout)["entry"]]
    assert actions.count("create") == 3  # the tenant, the key, the assessment


def test_no_database_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, ["store", "tenant", "list"], env={"SCLERODX_DATABASE_URL": ""})
    assert result.exit_code == 2
    assert "SCLERODX_DATABASE_URL" in result.output
