"""The schema comes only from Alembic: empty → head, head → base → head, and the migrated
schema matches the tables the code uses."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from guomen.adapters.db import migrate
from guomen.adapters.db.tables import metadata


def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_from_empty_to_head_matches_the_code(database_url: str) -> None:
    migrate.upgrade(database_url)
    assert table_names(database_url) == set(metadata.tables)
    engine = create_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        head = conn.execute(text("SELECT seq, entry_hash FROM audit_head")).one()
    engine.dispose()
    assert diff == []
    assert head == (0, "0" * 64)


def test_downgrade_to_base_and_upgrade_again(database_url: str) -> None:
    migrate.upgrade(database_url)
    migrate.downgrade(database_url, "base")
    assert table_names(database_url) == set()
    migrate.upgrade(database_url)
    assert table_names(database_url) == set(metadata.tables)
    engine = create_engine(database_url)
    assert migrate.current_revision(engine) == migrate.head_revision(database_url)
    engine.dispose()
