"""The audit trail in a real database: chained appends, append-only storage, tamper detection
through `guomen audit verify`, and a linear chain under concurrent writers."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from guomen.audit.model import AuditEvent, verify_chain
from guomen.cli.main import app
from support import migrated_container


def append_many(container, n: int, actor: str = "user:officer") -> None:
    for i in range(n):
        with container.uow() as uow:
            uow.audit.append(
                AuditEvent(
                    actor, "inspection_officer", "person.read", "person", f"p{i}", purpose="counter"
                ),
                container.clock.now(),
            )
            uow.commit()


def verify(container):
    with container.uow() as uow:
        return verify_chain(uow.audit.iterate(), uow.audit.head())


def cli(tmp_path: Path, database_url: str, *args: str):
    env = {"GUOMEN_VAR_DIR": str(tmp_path), "GUOMEN_DATABASE_URL": database_url}
    return CliRunner().invoke(app, list(args), env=env)


def drop_guards(container) -> None:
    """What an attacker with database rights would do first."""
    with container.engine.begin() as conn:
        if container.engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))


def test_the_database_refuses_to_change_audit_entries(tmp_path: Path, database_url: str) -> None:
    c = migrated_container(tmp_path, database_url)
    append_many(c, 3)
    for statement in (
        "UPDATE audit_log SET actor = 'x' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
    ):
        with pytest.raises(DBAPIError, match="append-only"), c.engine.begin() as conn:
            conn.execute(text(statement))
    assert verify(c).ok
    c.close()


@pytest.mark.parametrize(
    ("tamper", "broken_at"),
    [
        ("UPDATE audit_log SET purpose = 'nothing to see' WHERE seq = 4", 4),
        ("DELETE FROM audit_log WHERE seq = 3", 4),
        ("UPDATE audit_log SET seq = CASE seq WHEN 5 THEN 6 ELSE 5 END WHERE seq IN (5, 6)", 5),
        ("DELETE FROM audit_log WHERE seq >= 7", 7),
    ],
    ids=["altered", "removed", "reordered", "truncated"],
)
def test_audit_verify_names_the_first_broken_entry(
    tmp_path: Path, database_url: str, tamper: str, broken_at: int
) -> None:
    c = migrated_container(tmp_path, database_url)  # reference load = entry 1
    append_many(c, 8)
    ok = cli(tmp_path, database_url, "audit", "verify")
    assert ok.exit_code == 0, ok.output
    assert "9 entries verified" in ok.output
    drop_guards(c)
    if "CASE" in tamper:  # swap two rows' positions without a unique-key clash
        with c.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET seq = -5 WHERE seq = 5"))
            conn.execute(text("UPDATE audit_log SET seq = 5 WHERE seq = 6"))
            conn.execute(text("UPDATE audit_log SET seq = 6 WHERE seq = -5"))
    else:
        with c.engine.begin() as conn:
            conn.execute(text(tamper))
    result = cli(tmp_path, database_url, "audit", "verify")
    assert result.exit_code == 1
    assert f"BROKEN at entry {broken_at}" in result.output
    c.close()


def test_concurrent_appends_keep_one_linear_chain(tmp_path: Path, database_url: str) -> None:
    c = migrated_container(tmp_path, database_url)
    threads = [threading.Thread(target=append_many, args=(c, 15, f"user:t{i}")) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = verify(c)
    assert report.ok
    assert report.checked == 1 + 4 * 15
    c.close()


def test_timestamps_survive_the_round_trip(tmp_path: Path, database_url: str) -> None:
    c = migrated_container(tmp_path, database_url)
    c.clock = type(c.clock)()  # system clock, microseconds included
    append_many(c, 2)
    with c.uow() as uow:
        entries = list(uow.audit.iterate())
    assert entries[-1].at.utcoffset() == timedelta(0)
    assert verify(c).ok
    c.close()
