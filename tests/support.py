"""Test helpers: settings in a temporary folder, throw-away PostgreSQL databases."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from guomen.config import Settings

REPO = Path(__file__).resolve().parents[1]
TESTDATA = REPO.parent / "shared" / "testdata"


def make_settings(tmp: Path, database_url: str = "", **extra: object) -> Settings:
    return Settings(
        environment="test",
        var_dir=tmp,
        database_url=database_url or f"sqlite:///{tmp / 'guomen.sqlite3'}",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        **extra,  # type: ignore[arg-type]
    )


def postgres_server_url() -> str | None:
    return os.environ.get("GUOMEN_TEST_POSTGRES_URL") or None


class PostgresDatabase:
    """A throw-away database on the test server, named uniquely so runs never collide."""

    def __init__(self, server_url: str) -> None:
        self.name = f"guomen_test_{uuid.uuid4().hex[:12]}"
        url = make_url(server_url)
        self.admin_url = url.set(database="postgres")
        self.url = url.set(database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> PostgresDatabase:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        engine.dispose()
        return self

    def __exit__(self, *exc: object) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        engine.dispose()


def migrated_container(tmp: Path, database_url: str, **extra: object):
    """A container on a database at head with the shipped reference data loaded."""
    from guomen.adapters.db import migrate
    from guomen.bootstrap import build_container
    from guomen.demo.load import load_reference

    migrate.upgrade(database_url)
    container = build_container(make_settings(tmp, database_url, **extra))
    with container.uow() as uow:
        load_reference(uow, container.clock)
    return container
