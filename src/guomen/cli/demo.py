"""`guomen demo`: reference data, demo accounts and synthetic travellers."""

from __future__ import annotations

import time

import typer
from rich.progress import Progress

from guomen.adapters.db import migrate
from guomen.cli.common import container, fail, user_errors
from guomen.demo.load import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DemoSize,
    create_demo_accounts,
    load_people,
    load_reference,
)

app = typer.Typer(help="Demo data.", no_args_is_help=True)


@app.command("load")
@user_errors
def load(
    people: int = typer.Option(3000, min=0, max=10_000_000, help="How many synthetic people."),
    months: int = typer.Option(4, min=1, max=36, help="Months of movement history."),
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same data."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing if people exist."),
) -> None:
    """Load ports, offices, countries, one demo account per role and synthetic travellers."""
    c = container()
    if migrate.current_revision(c.engine) != migrate.head_revision(
        c.settings.resolved_database_url()
    ):
        raise fail("the database schema is not at head: run `guomen db upgrade` first")
    with c.uow() as uow:
        load_reference(uow, c.clock)
        existing = uow.people.count()
    created = create_demo_accounts(c.uow, c.hasher, c.clock)
    typer.echo(f"reference data loaded; {created} demo accounts created")
    if if_empty and existing:
        typer.echo(f"{existing} people already present: nothing more to load")
        return
    started = time.perf_counter()
    with Progress(transient=True) as bar:
        task = bar.add_task("people", total=people)
        total_people, total_moves = load_people(
            c.uow,
            c.clock,
            DemoSize(people, months, seed),
            lambda n: bar.advance(task, n),
        )
    typer.echo(
        f"loaded {total_people} people and {total_moves} movements "
        f"in {time.perf_counter() - started:.1f} s"
    )
    typer.echo(
        f"demo accounts (password {DEMO_PASSWORD}): " + ", ".join(a.username for a in DEMO_ACCOUNTS)
    )
