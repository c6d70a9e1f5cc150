"""Calendar use cases: load a year's official working-day arrangement; the calendar in force."""

from __future__ import annotations

from guomen.applications.calendar import MainlandWorkingDays, calendar_of, parse_calendar_year
from guomen.applications.model import CalendarYear
from guomen.applications.ports import ApplicationsUnitOfWork
from guomen.audit.model import AuditEvent
from guomen.flows.holiday_calendar import CN_COVERED
from guomen.shared.clock import Clock
from guomen.shared.errors import ValidationFailed


def working_calendar(uow: ApplicationsUnitOfWork) -> MainlandWorkingDays:
    """chinese-calendar for the years it covers, then the years an administrator loaded."""
    return calendar_of(uow.apps.calendar.years())


def load_calendar_year(
    uow: ApplicationsUnitOfWork, clock: Clock, actor: str, text: str, *, replace: bool = False
) -> CalendarYear:
    """Store a year's arrangement from YAML (see :func:`parse_calendar_year`). A year that
    chinese-calendar covers is refused (it is already known); reloading a loaded year needs
    ``replace``. Run by an administrator from the CLI (``actor``: who ran it)."""
    now = clock.now()
    year = parse_calendar_year(text, loaded_at=now, by=actor)
    lo, hi = CN_COVERED
    if lo <= year.year <= hi:
        raise ValidationFailed(
            f"{year.year} is covered by chinese-calendar ({lo}–{hi}); nothing to load",
            code="calendar_covered",
        )
    if uow.apps.calendar.get_year(year.year) is not None and not replace:
        raise ValidationFailed(
            f"{year.year} is already loaded; pass --replace to load it again",
            code="calendar_loaded",
        )
    uow.apps.calendar.put_year(year)
    uow.audit.append(
        AuditEvent(
            actor[:128],
            "operator",
            "application.calendar_load",
            "calendar",
            str(year.year),
            detail={
                "holidays": str(len(year.holidays)),
                "workdays": str(len(year.workdays)),
                "source": year.source[:200],
            },
        ),
        now,
    )
    uow.commit()
    return year
