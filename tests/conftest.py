"""Shared fixtures: SQLite always, PostgreSQL when GUOMEN_TEST_POSTGRES_URL is set (each test
database is created with a unique name and dropped afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support import PostgresDatabase, postgres_server_url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using this runs once on SQLite and once on PostgreSQL (skipped if not set)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'guomen.sqlite3'}"
        return
    server = postgres_server_url()
    if server is None:
        pytest.skip("GUOMEN_TEST_POSTGRES_URL is not set")
    with PostgresDatabase(server) as db:
        yield db.url


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Expose each phase's report on the test item (used to screenshot failed browser tests)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
