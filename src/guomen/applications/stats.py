"""Statistics (READ_APPLICATION_STATS): applications per office and type, processing times in
working days (intake → issue), and compliance with the 7-working-day pledge. Counts only: no
personal data leaves this module."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean, median

from guomen.applications.calendar import working_days_between
from guomen.applications.calendars import working_calendar
from guomen.applications.model import Application, Deadline, Status
from guomen.applications.ports import ApplicationsUnitOfWork, WorkingDays
from guomen.applications.rules import LOCAL_ZONE, deadline_state, local_day
from guomen.audit.services import event_for
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.shared.clock import Clock
from guomen.shared.errors import ValidationFailed

MAX_PERIOD_DAYS = 366


@dataclass(frozen=True, slots=True)
class GroupStats:
    office_code: str
    app_type: str
    submitted: int
    issued: int
    rejected: int
    withdrawn: int
    open: int
    mean_working_days: float | None  # intake → issue
    median_working_days: float | None
    on_time: int  # issued within the pledge
    late: int  # issued after the deadline
    overdue_open: int  # still open and past the deadline

    @property
    def compliance(self) -> float | None:
        done = self.on_time + self.late
        return round(self.on_time / done, 3) if done else None


@dataclass(frozen=True, slots=True)
class ApplicationStats:
    since: date
    until: date  # inclusive
    groups: tuple[GroupStats, ...]
    totals: GroupStats
    warnings: tuple[str, ...]


def _group(
    office: str, app_type: str, apps: list[Application], today: date, calendar: WorkingDays
) -> GroupStats:
    statuses = Counter(a.status for a in apps)
    durations: list[int] = []
    deadlines: Counter[Deadline] = Counter()
    for a in apps:
        if a.accepted_at and a.issued_at:
            durations.append(
                working_days_between(calendar, local_day(a.accepted_at), local_day(a.issued_at))
            )
        deadlines[deadline_state(a, today, calendar).deadline] += 1
    closed = {Status.ISSUED, Status.COLLECTED, Status.DELIVERED, Status.REJECTED, Status.WITHDRAWN}
    return GroupStats(
        office,
        app_type,
        sum(1 for a in apps if a.submitted_at is not None),
        sum(1 for a in apps if a.issued_at is not None),
        statuses[Status.REJECTED],
        statuses[Status.WITHDRAWN],
        sum(1 for a in apps if a.status not in closed and a.status is not Status.DRAFT),
        round(mean(durations), 2) if durations else None,
        float(median(durations)) if durations else None,
        deadlines[Deadline.MET],
        deadlines[Deadline.MISSED],
        deadlines[Deadline.OVERDUE],
    )


def application_stats(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal,
    since: date,
    until: date,
    *,
    calendar: WorkingDays | None = None,
) -> ApplicationStats:
    """Applications created ``since … until`` (local days, inclusive), grouped by office and
    type, with totals."""
    authorize(principal, Action.READ_APPLICATION_STATS)
    if until < since:
        raise ValidationFailed("the period ends before it begins")
    if (until - since).days > MAX_PERIOD_DAYS:
        raise ValidationFailed(f"a period is at most {MAX_PERIOD_DAYS} days")
    cal = calendar or working_calendar(uow)
    start = datetime.combine(since, time(0), LOCAL_ZONE)
    end = datetime.combine(until + timedelta(days=1), time(0), LOCAL_ZONE)
    apps = uow.apps.applications.in_period(start, end)
    today = local_day(clock.now())
    groups: dict[tuple[str, str], list[Application]] = {}
    for a in apps:
        groups.setdefault((a.office_code, a.app_type.value), []).append(a)
    result = tuple(_group(o, t, g, today, cal) for (o, t), g in sorted(groups.items()))
    totals = _group("*", "*", apps, today, cal)
    uow.audit.append(
        event_for(
            principal,
            "application.stats",
            object_type="stats",
            detail={"since": since.isoformat(), "until": until.isoformat()},
        ),
        clock.now(),
    )
    uow.commit()
    dues = [a.due_on for a in apps if a.due_on]
    return ApplicationStats(since, until, result, totals, cal.warnings_for(dues))
