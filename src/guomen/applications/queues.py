"""Work queues per stage (green channel first, then overdue and at-risk) and the deadline
watch list (overdue and at-risk applications)."""

from __future__ import annotations

from dataclasses import dataclass

from guomen.applications.calendars import working_calendar
from guomen.applications.model import DEADLINE_STATUSES, Application
from guomen.applications.ports import ApplicationsUnitOfWork, WorkingDays
from guomen.applications.rules import STAGES, DeadlineState, deadline_state, local_day, queue_key
from guomen.audit.services import event_for
from guomen.identity.model import Principal, ScopeLevel
from guomen.identity.policy import Action, authorize, can
from guomen.shared.clock import Clock
from guomen.shared.errors import ValidationFailed

MAX_QUEUE = 500


@dataclass(frozen=True, slots=True)
class QueueItem:
    application: Application
    deadline: DeadlineState


def _authorize_staff(principal: Principal) -> None:
    if not can(principal, Action.APPROVE_APPLICATION):
        authorize(principal, Action.PROCESS_APPLICATION)


def _office_filter(principal: Principal, office_code: str | None) -> str | None:
    if principal.scope.level is ScopeLevel.OFFICE:
        return principal.scope.code  # an office's staff see their own office only
    return office_code.strip().upper() if office_code else None


def work_queue(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal,
    stage: str,
    *,
    office_code: str | None = None,
    calendar: WorkingDays | None = None,
) -> list[QueueItem]:
    """The applications waiting at ``stage`` (see ``rules.STAGES``), in working order."""
    _authorize_staff(principal)
    if stage not in STAGES:
        raise ValidationFailed(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
    office = _office_filter(principal, office_code)
    apps = uow.apps.applications.search(office_code=office, statuses=STAGES[stage], limit=MAX_QUEUE)
    items = _items(apps, clock, calendar or working_calendar(uow))
    _audit(uow, clock, principal, f"queue:{stage}", len(items))
    return items


def deadline_watch(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal,
    *,
    office_code: str | None = None,
    calendar: WorkingDays | None = None,
) -> list[QueueItem]:
    """Open applications past or within two working days of their issue deadline."""
    _authorize_staff(principal)
    office = _office_filter(principal, office_code)
    apps = uow.apps.applications.search(
        office_code=office, statuses=DEADLINE_STATUSES, limit=MAX_QUEUE
    )
    items = [
        i
        for i in _items(apps, clock, calendar or working_calendar(uow))
        if i.deadline.deadline.value in ("overdue", "at_risk")
    ]
    _audit(uow, clock, principal, "deadlines", len(items))
    return items


def _items(apps: list[Application], clock: Clock, calendar: WorkingDays) -> list[QueueItem]:
    today = local_day(clock.now())
    items = [QueueItem(a, deadline_state(a, today, calendar)) for a in apps]
    items.sort(key=lambda i: queue_key(i.application, i.deadline))
    return items


def _audit(
    uow: ApplicationsUnitOfWork, clock: Clock, principal: Principal, what: str, count: int
) -> None:
    uow.audit.append(
        event_for(
            principal,
            "application.queue",
            object_type="queue",
            object_id=what,
            detail={"items": str(count)},
        ),
        clock.now(),
    )
    uow.commit()
