"""`guomen registry`: the document registry (lost, stolen, revoked documents)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from guomen.cli.common import container, fail, user_errors
from guomen.documents import services as registry

app = typer.Typer(help="Document registry.", no_args_is_help=True)
MAX_FILE = 2 * 1024 * 1024 * 1024


@app.command("import-alerts")
@user_errors
def import_alerts(
    file: Path = typer.Argument(
        ..., help="CSV: issuing_state,document_number,document_type,status,reported_on"
    ),
    source: str = typer.Option(..., help="Name of the list, e.g. INTERPOL-SLTD-2026-11."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Import good rows, skip bad ones."),
) -> None:
    """Import an external lost/stolen/revoked list; all or nothing unless --skip-bad."""
    if not file.is_file():
        raise fail(f"{file} is not a file")
    if file.stat().st_size > MAX_FILE:
        raise fail("the file is larger than 2 GiB; split it")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise fail(f"{file} is not UTF-8 text") from None
    c = container()
    with c.uow() as uow:
        report = registry.import_alerts(uow, c.clock, None, text, source, skip_bad=skip_bad)
    typer.echo(f"imported {report.added} alerts from {report.source} (batch {report.batch_id})")
    for bad in report.skipped:
        typer.echo(f"skipped line {bad.line}: {bad.problem}", err=True)


@app.command()
@user_errors
def status(issuing_state: str, number: str) -> None:
    """Print the registry status of a document as JSON (run on the server: audited as the
    operator)."""
    from guomen.identity.model import DataScope, Principal, Role, ScopeLevel

    c = container()
    operator = Principal(
        "user", "cli", "cli:operator", Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.NATIONAL)
    )
    with c.uow() as uow:
        result = registry.registry_status(
            uow, c.clock, operator, issuing_state, number, purpose="operator command line"
        )
    typer.echo(
        json.dumps(
            {
                "issuing_state": result.issuing_state,
                "number": result.number,
                "status": result.status,
                "reasons": list(result.reasons),
            }
        )
    )
