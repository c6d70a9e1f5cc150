"""`guomen audit`: verify and export the hash-chained trail."""

from __future__ import annotations

import json
import time

import typer

from guomen.audit.model import canonical_time, verify_chain
from guomen.cli.common import container, user_errors

app = typer.Typer(help="The audit trail.", no_args_is_help=True)


@app.command()
@user_errors
def verify() -> None:
    """Recompute the hash chain; exit 1 and name the first broken entry if it was tampered."""
    c = container()
    started = time.perf_counter()
    with c.uow() as uow:
        report = verify_chain(uow.audit.iterate(), uow.audit.head())
    seconds = time.perf_counter() - started
    if report.ok:
        typer.echo(f"audit trail intact: {report.checked} entries verified in {seconds:.1f} s")
        return
    typer.secho(
        f"AUDIT TRAIL BROKEN at entry {report.broken_at}: {report.problem} "
        f"({report.checked} entries before it verified)",
        fg=typer.colors.RED,
        err=True,
    )
    raise typer.Exit(code=1)


@app.command()
@user_errors
def export(limit: int = typer.Option(1000, min=1, max=10_000_000)) -> None:
    """Print the newest entries as JSON lines (oldest first)."""
    from guomen.audit.ports import AuditFilter

    c = container()
    with c.uow() as uow:
        entries = uow.audit.search(AuditFilter(limit=limit))
    for e in reversed(entries):
        ev = e.event
        typer.echo(
            json.dumps(
                {
                    "seq": e.seq,
                    "at": canonical_time(e.at),
                    "actor": ev.actor,
                    "role": ev.role,
                    "action": ev.action,
                    "object_type": ev.object_type,
                    "object_id": ev.object_id,
                    "purpose": ev.purpose,
                    "outcome": ev.outcome,
                    "entry_hash": e.entry_hash,
                },
                ensure_ascii=False,
            )
        )
