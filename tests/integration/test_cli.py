"""The `guomen` command line: the operator's path through set-up and administration."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from guomen.adapters.db import migrate
from guomen.cli.main import app


@pytest.fixture
def run(tmp_path: Path):
    env = {
        "GUOMEN_VAR_DIR": str(tmp_path),
        "GUOMEN_ARGON2_MEMORY_KIB": "1024",
        "GUOMEN_ARGON2_TIME_COST": "1",
    }

    def invoke(*args: str, stdin: str | None = None):
        return CliRunner().invoke(app, list(args), env=env, input=stdin)

    return invoke


def test_set_up_load_and_administer(run) -> None:
    head = migrate.head_revision("sqlite://")
    assert f"database at revision {head}" in run("db", "upgrade").output
    loaded = run("demo", "load", "--people", "200", "--months", "1")
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 200 people" in loaded.output
    again = run("demo", "load", "--if-empty")
    assert "already present" in again.output
    created = run(
        "users",
        "create",
        "officer.wang",
        "--role",
        "inspection_officer",
        "--scope",
        "station:ST-LUOHU",
        "--name",
        "王伟",
        stdin="a-long-password-1\na-long-password-1\n",
    )
    assert created.exit_code == 0, created.output
    listed = run("users", "list", "--json")
    assert '"username": "officer.wang"' in listed.output
    assert '"username": "auditor"' in listed.output
    token = run("users", "issue-token", "LUOHU gate 1", "--role", "egate_device", "--port", "LUOHU")
    assert token.exit_code == 0, token.output
    token_id = token.output.split()[2]
    assert "active" in run("users", "list-tokens").output
    assert run("users", "revoke-token", token_id).exit_code == 0
    assert "revoked" in run("users", "list-tokens").output
    assert "intact" in run("audit", "verify").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("users", "create", "x.y", "--role", "pilot", "--scope", "national", "--name", "X"),
            "role must be one of",
        ),
        (
            ("users", "create", "x.y", "--role", "analyst", "--scope", "station", "--name", "X"),
            "needs a code",
        ),
        (("users", "disable", "nobody"), "no user"),
        (("users", "issue-token", "g", "--role", "egate_device", "--port", "MARS"), "unknown port"),
        (("users", "revoke-token", "nope"), "no API token"),
    ],
)
def test_user_errors_exit_2_with_a_clear_message(run, args, message) -> None:
    run("db", "upgrade")
    run("demo", "load", "--people", "0")
    result = run(*args, stdin="a-long-password-1\na-long-password-1\n")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_demo_load_before_migrating_says_what_to_do(run) -> None:
    result = run("demo", "load")
    assert result.exit_code == 2
    assert "guomen db upgrade" in result.output


def test_weak_password_is_refused(run) -> None:
    run("db", "upgrade")
    result = run(
        "users",
        "create",
        "li.ming",
        "--role",
        "analyst",
        "--scope",
        "national",
        "--name",
        "李明",
        stdin="short\nshort\n",
    )
    assert result.exit_code == 2
    assert "at least 10 characters" in result.output
