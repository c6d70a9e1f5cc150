"""Personal data is sealed at rest: the raw SQLite file and a PostgreSQL dump hold no plaintext
name or document number of the demo travellers or of people on watchlists; key rotation
re-encrypts everything."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from guomen.adapters.db.rotation import key_usage
from guomen.bootstrap import build_container
from guomen.cli.main import app
from guomen.demo.load import DemoSize, load_people
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.people.model import Person
from guomen.screening import services as lists
from guomen.screening.importers import import_guomen_csv
from guomen.screening.model import ListType, Watchlist
from support import migrated_container

SIZE = DemoSize(people=300, months=2, seed=11)


def demo_people(container) -> list[Person]:
    load_people(container.uow, container.clock, SIZE)
    with container.uow() as uow:
        ids = [r[0] for r in uow.conn.exec_driver_sql("SELECT id FROM persons").all()]
        return [p for p in (uow.people.get(i) for i in ids) if p is not None]


def secrets_of(container, people: list[Person]) -> set[str]:
    needles: set[str] = set()
    with container.uow() as uow:
        for p in people:
            needles |= {p.given_names, p.surname + p.given_names, p.birth_date.isoformat()}
            needles |= {v for v in (p.name_local, p.id_number, p.phone) if v and len(v) >= 6}
            needles |= {d.number for d in uow.documents.for_person(p.id)}
    return {n for n in needles if len(n) >= 6}


def dump(container, database_url: str, tmp_path: Path) -> bytes:
    container.engine.dispose()
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        data = b""
        for suffix in ("", "-wal"):
            path = Path(str(url.database) + suffix)
            if path.exists():
                data += path.read_bytes()
        return data
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    out = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            str(url.database),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out.stdout


def test_no_plaintext_personal_data_in_the_database(tmp_path: Path, database_url: str) -> None:
    c = migrated_container(tmp_path, database_url)
    baseline = dump(c, database_url, tmp_path)  # schema and reference data, no people yet
    people = demo_people(c)
    # A value that already occurs in the empty schema (FERENC in "REFERENCES") proves nothing.
    needles = {n for n in secrets_of(c, people) if n.encode() not in baseline}
    assert len(needles) > 500  # the test looks for real values, not an empty list
    raw = dump(c, database_url, tmp_path)
    assert len(raw) > 100_000
    leaked = sorted(n for n in needles if n.encode() in raw)
    assert leaked == []
    # ...while the platform itself still reads them back.
    with c.uow() as uow:
        assert uow.people.get(people[0].id) == people[0]
    c.close()


def test_key_rotation_reencrypts_every_value(tmp_path: Path, database_url: str) -> None:
    c = migrated_container(tmp_path, database_url)
    people = demo_people(c)
    assert set(key_usage(c.engine, c.cipher)) == {"k1"}
    env = {"GUOMEN_VAR_DIR": str(tmp_path), "GUOMEN_DATABASE_URL": database_url}
    result = CliRunner().invoke(app, ["keys", "rotate"], env=env)
    assert result.exit_code == 0, result.output
    assert "new active key k2" in result.output
    c.close()
    rotated = build_container(c.settings)
    assert set(key_usage(rotated.engine, rotated.cipher)) == {"k2"}
    with rotated.uow() as uow:
        assert uow.people.get(people[5].id) == people[5]
    rotated.close()


WATCHLIST_CSV = (
    "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
    "W1,deny_entry,QUXANTHER Belmiro,Belmiro Quxanthero|柯善德,1961-08-19,M,PRT,"
    "passport:P7731904:PRT,smuggling ring Xylofane\n"
    "W2,deny_entry,ZORVALDI Ottilie,,1977-03,F,ITA|CHE,national_id:CH9043321,\n"
)
WATCHLIST_SECRETS = {
    "QUXANTHER", "Belmiro", "Quxanthero", "柯善德", "1961-08-19", "P7731904", "Xylofane",
    "ZORVALDI", "Ottilie", "CH9043321", "1977-03",
}  # fmt: skip


def test_watchlist_entries_are_sealed_at_rest_and_rotated(
    tmp_path: Path, database_url: str
) -> None:
    c = migrated_container(tmp_path, database_url)
    baseline = dump(c, database_url, tmp_path)
    assert not any(s.encode() in baseline for s in WATCHLIST_SECRETS)
    national = DataScope(ScopeLevel.NATIONAL)
    admin = Principal("user", "u1", "admin", Role.ADMINISTRATOR, national)
    with c.uow() as uow:
        lists.create_watchlist(
            uow, c.clock, admin, Watchlist("L1", "x", ListType.DENY_ENTRY, "x", "x", "refuse")
        )
        run = import_guomen_csv(io.BytesIO(WATCHLIST_CSV.encode()), list_id="L1")
        version = lists.import_list_version(uow, c.clock, admin, "L1", run).version
    assert version is not None
    with c.uow() as uow:
        lists.approve_list_version(uow, c.clock, "second.admin", version.id)
    raw = dump(c, database_url, tmp_path)
    assert sorted(s for s in WATCHLIST_SECRETS if s.encode() in raw) == []
    env = {"GUOMEN_VAR_DIR": str(tmp_path), "GUOMEN_DATABASE_URL": database_url}
    assert CliRunner().invoke(app, ["keys", "rotate"], env=env).exit_code == 0
    c.close()
    rotated = build_container(c.settings)
    assert set(key_usage(rotated.engine, rotated.cipher)) == {"k2"}
    with rotated.uow() as uow:
        names = {e.primary_name for e in uow.watchlist_entries.current("L1")}
    assert names == {"QUXANTHER Belmiro", "ZORVALDI Ottilie"}
    rotated.close()
