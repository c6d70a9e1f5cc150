"""`guomen watchlist`: border-control lists, imported as versions and approved under four eyes.

Run by the operator on the server. The operator names who acts (``--author``, ``--by``; the
author defaults to the login name) and the author of a version can never approve it.
"""

from __future__ import annotations

import getpass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import typer

from guomen.bootstrap import Container
from guomen.cli.common import container, fail, user_errors
from guomen.screening import queries
from guomen.screening import services as lists
from guomen.screening.importers import (
    ImportFailed,
    ImportFormat,
    ImportRun,
    Severity,
    import_watchlist,
)
from guomen.screening.model import ListType, Watchlist
from guomen.screening.ports import VersionRecord
from guomen.screening.rescreen import RescreenReport, approve_and_rescreen, rescreen_version

app = typer.Typer(help="Watchlists (边控/布控 lists) and their versions.", no_args_is_help=True)
MAX_FILE = 2 * 1024 * 1024 * 1024
SHOWN_PROBLEMS = 50


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} must be a date like 2026-12-31") from None


def _local(c: Container, at: datetime | None) -> str:
    return at.astimezone(ZoneInfo(c.settings.timezone)).strftime("%Y-%m-%d %H:%M") if at else "-"


@app.command("create")
@user_errors
def create(
    list_id: str = typer.Argument(..., help="A short stable id, e.g. CN-DENY-ENTRY or UN-SC."),
    name: str = typer.Option(..., help="The list's name as issued."),
    list_type: ListType = typer.Option(..., "--type", help="What a hit means at the border."),
    authority: str = typer.Option(..., help="Who issued the list."),
    legal_basis: str = typer.Option(..., help="The law or decision the list rests on."),
    instructions: str = typer.Option("", help="What an officer does on a hit."),
    priority: int = typer.Option(5, min=1, max=9, help="1 is the most urgent."),
    valid_from: str | None = typer.Option(None, help="First day the list applies (YYYY-MM-DD)."),
    valid_until: str | None = typer.Option(None, help="Last day the list applies (YYYY-MM-DD)."),
) -> None:
    """Create an empty watchlist; fill it with `guomen watchlist import`."""
    watchlist = Watchlist(
        list_id=list_id.strip(),
        name=name.strip(),
        list_type=list_type,
        issuing_authority=authority.strip(),
        legal_basis=legal_basis.strip(),
        action_instructions=instructions.strip() or list_type.action.value.replace("_", " "),
        priority=priority,
        valid_from=_day(valid_from, "--valid-from"),
        valid_until=_day(valid_until, "--valid-until"),
    )
    c = container()
    with c.uow() as uow:
        lists.create_watchlist(uow, c.clock, _login_name(), watchlist)
    typer.echo(f"created watchlist {watchlist.list_id} ({watchlist.list_type}, {watchlist.name})")


@app.command("import")
@user_errors
def import_file(
    file: Path = typer.Argument(
        ..., help="The list file; for ofac-sdn the sdn.csv, with alt.csv and add.csv beside it."
    ),
    fmt: ImportFormat = typer.Option(..., "--format", help="The file's format."),
    list_id: str = typer.Option(..., "--list", help="The watchlist the file is a version of."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Import good records, skip bad ones."),
    author: str | None = typer.Option(None, help="Who proposes the version (default: login)."),
) -> None:
    """Propose a new version of a list from a file: all or nothing unless --skip-bad."""
    if not file.is_file():
        raise fail(f"{file} is not a file")
    if file.stat().st_size > MAX_FILE:
        raise fail("the file is larger than 2 GiB; split it")
    who = author or _login_name()
    c = container()
    with c.uow() as uow:
        watchlist = queries.get_watchlist(uow, who, list_id)
    run = import_watchlist(fmt, file, list_id=watchlist.list_id, list_type=watchlist.list_type)
    with c.uow() as uow:
        try:
            outcome = lists.import_list_version(
                uow, c.clock, who, list_id, run, source=f"{fmt} {file.name}", skip_bad=skip_bad
            )
        except ImportFailed as exc:
            raise _refused(run, exc) from None
    _print_outcome(outcome, file.name)


def _refused(run: ImportRun, exc: ImportFailed) -> typer.Exit:
    """Print the problems with their line numbers; the exit (code 2) to raise."""
    for problem in exc.problems[:SHOWN_PROBLEMS]:
        typer.echo(str(problem), err=True)
    total = run.count(Severity.ERROR) + run.count(Severity.FATAL)
    if total > SHOWN_PROBLEMS:
        typer.echo(f"... and {total - SHOWN_PROBLEMS} more", err=True)
    hint = "" if run.fatal else "; --skip-bad imports the good records and skips these"
    noun = "problem" if total == 1 else "problems"
    return fail(f"{total} {noun} (errors and fatal), nothing imported{hint}")


def _print_outcome(outcome: lists.ImportOutcome, name: str) -> None:
    typer.echo(
        f"read {outcome.entries} entries from {name} "
        f"({outcome.warnings} warnings, {outcome.skipped} bad records skipped)"
    )
    for problem in outcome.problems[:5]:
        typer.echo(str(problem), err=True)
    version = outcome.version
    if version is None:
        typer.echo(f"no changes: {outcome.list_id} already holds these entries; no new version")
        return
    typer.echo(f"proposed version {version.number} of {version.list_id}: {version.summary()}")
    if outcome.changed_fields:
        fields = ", ".join(f"{k} {v}" for k, v in outcome.changed_fields.items())
        typer.echo(f"changed fields: {fields}")
    typer.echo(f"version id: {version.id}")
    typer.echo(f"review with `guomen watchlist changes {version.id}`; approve with")
    typer.echo(f"  guomen watchlist approve {version.id} --by NAME   (not {version.author})")


@app.command("approve")
@user_errors
def approve(
    version_id: str,
    by: str = typer.Option(..., help="Who approves: never the author of the version."),
    comment: str = typer.Option("", help="Note kept with the decision."),
) -> None:
    """Approve a proposed version: its changes take effect at once, all together."""
    c = container()
    with c.uow() as uow:
        record, report = approve_and_rescreen(uow, c.clock, by, version_id, comment=comment)
    typer.echo(
        f"approved version {record.number} of {record.list_id} by {record.decided_by}: "
        f"{record.summary()}"
    )
    _print_rescreen(report)


@app.command("rescreen")
@user_errors
def rescreen(
    version: str = typer.Option(..., "--version", help="An approved list version's id."),
    days: int = typer.Option(30, min=1, max=366, help="Who crossed in the last DAYS days."),
) -> None:
    """Screen recent travellers, people inside the country and pending applicants against
    the entries an approved version added or changed; hits go to the review queue."""
    c = container()
    with c.uow() as uow:
        report = rescreen_version(uow, c.clock, version, window_days=days)
    _print_rescreen(report)


def _print_rescreen(report: RescreenReport) -> None:
    typer.echo(
        f"re-screened {report.travellers} travellers and {report.applicants} applicants against "
        f"{report.entries} new or changed entries: {report.hits} hits in the review queue"
        + (f" ({report.unscreenable} records could not be screened)" if report.unscreenable else "")
    )


@app.command("reject")
@user_errors
def reject(
    version_id: str,
    by: str = typer.Option(..., help="Who rejects: never the author of the version."),
    comment: str = typer.Option(..., help="Why the version is rejected."),
) -> None:
    """Reject a proposed version: the list stays as it is."""
    c = container()
    with c.uow() as uow:
        record = lists.reject_list_version(uow, c.clock, by, version_id, comment=comment)
    typer.echo(f"rejected version {record.number} of {record.list_id} by {record.decided_by}")


@app.command("list")
@user_errors
def list_all() -> None:
    """The watchlists: id, type, priority, name."""
    c = container()
    with c.uow() as uow:
        found = queries.list_watchlists(uow, _login_name())
    for w in found:
        typer.echo(f"{w.list_id}\t{w.list_type}\tpriority {w.priority}\t{w.name}")


@app.command("versions")
@user_errors
def versions(list_id: str) -> None:
    """The versions of a list, oldest first: number, id, status, who, when, diff."""
    c = container()
    with c.uow() as uow:
        found = queries.list_versions(uow, _login_name(), list_id)
    if not found:
        typer.echo(f"{list_id} has no versions yet")
    for v in found:
        typer.echo(_version_line(c, v))


def _version_line(c: Container, v: VersionRecord) -> str:
    decided = f" {v.status} by {v.decided_by} {_local(c, v.decided_at)}" if v.decided_by else ""
    skipped = f", {v.skipped} bad records skipped" if v.skipped else ""
    return (
        f"{v.number}\t{v.id}\t{v.status}\tproposed by {v.author} {_local(c, v.created_at)};"
        f"{decided}\t{v.summary()}{skipped}\t{v.source}"
    )


@app.command("changes")
@user_errors
def changes(version_id: str, limit: int = typer.Option(100, min=1, max=1000)) -> None:
    """What a version changes: entry ids added, removed, and changed (with the fields)."""
    c = container()
    with c.uow() as uow:
        record, found = queries.version_changes(uow, _login_name(), version_id, limit=limit)
    typer.echo(_version_line(c, record))
    for change in found:
        fields = f"\t{', '.join(change.fields)}" if change.fields else ""
        typer.echo(f"{change.change}\t{change.entry_id}{fields}")


@app.command("show")
@user_errors
def show(
    list_id: str,
    limit: int = typer.Option(0, min=0, max=1000, help="Also print this many entries (audited)."),
    purpose: str = typer.Option("", help="Why the entries are read (recorded)."),
) -> None:
    """A list and its counts; personal data of entries only with --limit."""
    c = container()
    who = _login_name()
    today = c.clock.now().astimezone(ZoneInfo(c.settings.timezone)).date()
    with c.uow() as uow:
        summary = queries.watchlist_summary(uow, who, list_id, on=today)
    w, n = summary.watchlist, summary.counts
    typer.echo(f"{w.list_id}: {w.name} ({w.list_type}, priority {w.priority})")
    typer.echo(f"issued by {w.issuing_authority}; legal basis: {w.legal_basis}")
    typer.echo(f"on a hit: {w.action_instructions}")
    window = f"{w.valid_from or 'always'} to {w.valid_until or 'open'}"
    typer.echo(f"valid {window}{'' if w.is_active(today) else ' (not in force today)'}")
    typer.echo(
        f"entries: {n.current} on the list, {n.active} in force today, {n.expired} expired, "
        f"{n.pending} not yet valid, {n.removed} removed"
    )
    for label, v in (("in force", summary.in_force), ("waiting for approval", summary.pending)):
        if v is not None:
            typer.echo(f"{label}: version {v.number} ({v.id}) by {v.author}: {v.summary()}")
    if limit:
        with c.uow() as uow:
            entries = queries.list_entries(uow, c.clock, who, list_id, limit=limit, purpose=purpose)
        for e in entries:
            born = "|".join(str(d) for d in e.birth_dates) or "-"
            nationality = "|".join(e.nationalities) or "-"
            typer.echo(f"{e.entry_id}\t{e.primary_name}\t{born}\t{nationality}\t{e.subject}")
