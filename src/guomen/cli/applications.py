"""`guomen applications`: work queues, one application, workflow steps, the working-day
calendar. Staff actions run as a named staff account (``--as clerk.bj``): the same policy and
four-eyes rule as on the web."""

from __future__ import annotations

import getpass
from datetime import date, timedelta
from pathlib import Path

import typer

from guomen.adapters.application_checks import intake_checks, prepare
from guomen.applications import appointments, queues
from guomen.applications import services as apps
from guomen.applications.calendars import load_calendar_year, working_calendar
from guomen.applications.model import OfficeHours
from guomen.applications.rules import STAGES, local_day
from guomen.bootstrap import Container
from guomen.cli.common import container, fail, user_errors
from guomen.flows.holiday_calendar import CN_COVERED
from guomen.identity.model import Principal

app = typer.Typer(help="Document applications (出入境证件办理).", no_args_is_help=True)
calendar_app = typer.Typer(
    help="The working-day calendar of the 7-day pledge.", no_args_is_help=True
)
app.add_typer(calendar_app, name="calendar")
MAX_CALENDAR_FILE = 64 * 1024


def _staff(c: Container, username: str) -> Principal:
    with c.uow() as uow:
        user = uow.users.get_by_username(username.strip())
    if user is None or not user.active:
        raise fail(f"no active staff account {username!r}")
    return Principal("user", user.id, user.username, user.role, user.scope, client="cli")


@app.command("list")
@user_errors
def list_(
    who: str = typer.Option(..., "--as", help="The staff account acting, e.g. clerk.bj."),
    stage: str = typer.Option("intake", help=f"One of: {', '.join(STAGES)}, deadlines."),
    office: str = typer.Option("", help="An office code (national staff only)."),
) -> None:
    """One stage's work queue (green channel first), or the overdue and at-risk list."""
    c = container()
    principal = _staff(c, who)
    with c.uow() as uow:
        if stage == "deadlines":
            items = queues.deadline_watch(uow, c.clock, principal, office_code=office or None)
        else:
            items = queues.work_queue(uow, c.clock, principal, stage, office_code=office or None)
    if not items:
        typer.echo("nothing waiting")
    for item in items:
        a = item.application
        green = "GREEN " if a.is_green else ""
        typer.echo(
            f"{a.reference}\t{a.id}\t{a.app_type.value}\t{a.office_code}\t{a.status.value}\t"
            f"{green}{item.deadline.deadline.value}\t{a.due_on or '-'}"
        )


@app.command("show")
@user_errors
def show(
    application: str = typer.Argument(..., help="Application id or reference."),
    who: str = typer.Option(..., "--as", help="The staff account acting."),
) -> None:
    """One application with its history and the steps the account may take now."""
    c = container()
    principal = _staff(c, who)
    with c.uow() as uow:
        view = apps.get_application(uow, c.clock, principal, application)
    a = view.application
    typer.echo(f"{a.reference} ({a.id})  {a.app_type.value}  {a.office_code}")
    typer.echo(f"status: {a.status.value}   deadline: {a.due_on or '-'} ({view.deadline.value})")
    typer.echo(
        f"applicant: {a.applicant.name_zh} {a.applicant.full_name}  born {a.applicant.birth_date}"
    )
    if a.document_number:
        typer.echo(f"document: {a.document_number}")
        for line in a.mrz:
            typer.echo(f"  {line}")
    for e in view.history:
        typer.echo(
            f"  {e.at:%Y-%m-%d %H:%M} {e.transition:<17} {e.actor:<16} "
            f"{e.to_status.value} {e.reason}"
        )
    typer.echo("next: " + (", ".join(t.value for t in view.transitions) or "-"))
    for warning in view.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


@app.command("advance")
@user_errors
def advance(
    application: str = typer.Argument(..., help="Application id or reference."),
    step: str = typer.Argument(..., help="accept, review, approve, reject, issue, ..."),
    who: str = typer.Option(..., "--as", help="The staff account acting."),
    reason: str = typer.Option("", help="Required to reject or release a hold."),
) -> None:
    """Take one workflow step; illegal steps and four-eyes violations exit with code 2."""
    c = container()
    principal = _staff(c, who)
    intake = step.strip().lower() == "accept"
    if intake:
        prepare(c)
    with c.uow() as uow:
        checks = intake_checks(c, uow) if intake else None
        a = apps.advance(uow, c.clock, principal, application, step, reason=reason, checks=checks)
    typer.echo(f"{a.reference}: {a.status.value}")
    if a.document_number:
        typer.echo(f"document {a.document_number}")


@app.command("hours")
@user_errors
def hours(
    office: str = typer.Argument(..., help="Office code, e.g. OF-BJ-01."),
    who: str = typer.Option(..., "--as", help="An approver (office head) account."),
    capacity: int = typer.Option(4, help="Applicants per slot."),
    slot_minutes: int = typer.Option(30, help="Length of a slot."),
    opens: str = typer.Option("09:00"),
    closes: str = typer.Option("17:00"),
    lunch: str = typer.Option("12:00-13:30", help="Break without slots; empty for none."),
    windows: int = typer.Option(4, help="Counters open (for estimated waits)."),
) -> None:
    """Set an office's appointment capacity and hours (used by `slots` from now on)."""
    c = container()
    principal = _staff(c, who)
    start, _, end = lunch.partition("-")
    settings = OfficeHours(
        office,
        capacity,
        slot_minutes,
        opens,
        closes,
        (start, end) if lunch else None,
        c.settings.timezone,
        windows,
    )
    with c.uow() as uow:
        saved = appointments.set_office_hours(uow, c.clock, principal, settings)
    typer.echo(
        f"{saved.office_code}: {saved.capacity} per {saved.slot_minutes} min, "
        f"{saved.opens}-{saved.closes}, {saved.windows} windows"
    )


@app.command("slots")
@user_errors
def slots(
    office: str = typer.Argument(..., help="Office code, e.g. OF-BJ-01."),
    start: str = typer.Option("", "--from", help="First day (YYYY-MM-DD); default tomorrow."),
    days: int = typer.Option(14, help="How many calendar days (working days get slots)."),
) -> None:
    """Create appointment slots on the working days of a period (existing slots are kept)."""
    c = container()
    try:
        first = date.fromisoformat(start) if start else local_day(c.clock.now()) + timedelta(1)
    except ValueError:
        raise fail("--from must be a date like 2026-12-01") from None
    with c.uow() as uow:
        cal = working_calendar(uow)
    with c.uow() as uow:
        added = appointments.generate_slots(uow, c.clock, None, office, first, days, cal)
    typer.echo(f"{added} slots added for {office.upper()} from {first}")
    for warning in cal.warnings_for([first, first + timedelta(days=days)]):
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


def _operator() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:operator"


@calendar_app.command("load")
@user_errors
def calendar_load(
    file: Path = typer.Argument(..., help="YAML: year, source, holidays, workdays."),
    replace: bool = typer.Option(False, "--replace", help="Load a year that is loaded already."),
) -> None:
    """Load a year's official holiday and working-day arrangement (years after chinese-calendar's
    coverage)."""
    if not file.is_file():
        raise fail(f"no such file: {file}")
    if file.stat().st_size > MAX_CALENDAR_FILE:
        raise fail("a calendar file is at most 64 KiB")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise fail("the file is not UTF-8 text") from None
    c = container()
    with c.uow() as uow:
        year = load_calendar_year(uow, c.clock, _operator(), text, replace=replace)
    typer.echo(
        f"loaded {year.year}: {len(year.holidays)} days off, {len(year.workdays)} adjusted "
        f"working days ({year.source})"
    )


@calendar_app.command("show")
@user_errors
def calendar_show() -> None:
    """Which years deadlines can be counted for, and which need a calendar loaded."""
    c = container()
    with c.uow() as uow:
        cal = working_calendar(uow)
    typer.echo(f"chinese-calendar: {CN_COVERED[0]}-{CN_COVERED[1]}")
    for year in sorted(cal.loaded.values(), key=lambda y: y.year):
        typer.echo(f"loaded {year.year}: {year.source} (by {year.loaded_by})")
    today = c.clock.now().date()
    for warning in cal.warnings_for([today, date(today.year + 1, 1, 15)]):
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)
