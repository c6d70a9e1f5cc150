"""`guomen db`: schema migrations."""

from __future__ import annotations

import typer

from guomen.adapters.db import migrate
from guomen.adapters.db.backfill import backfill_fuzzy_document_index
from guomen.cli.common import container, user_errors

app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@app.command()
@user_errors
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: head)."""
    c = container()
    migrate.upgrade(c.settings.resolved_database_url(), revision)
    if revision == "head" and (filled := backfill_fuzzy_document_index(c.engine, c.cipher)):
        typer.echo(f"indexed {filled} document numbers for OCR-tolerant lookups")
    typer.echo(f"database at revision {migrate.current_revision(c.engine)}")


@app.command()
@user_errors
def downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base'.")) -> None:
    """Undo migrations down to REVISION."""
    c = container()
    migrate.downgrade(c.settings.resolved_database_url(), revision)
    typer.echo(f"database at revision {migrate.current_revision(c.engine) or 'base'}")


@app.command()
@user_errors
def current() -> None:
    """Print the current and the head revision."""
    c = container()
    url = c.settings.resolved_database_url()
    typer.echo(f"current: {migrate.current_revision(c.engine) or 'base'}")
    typer.echo(f"head:    {migrate.head_revision(url)}")
