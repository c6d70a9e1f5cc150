"""Pure decisions: the deadline state of an application and the order of work queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from guomen.applications.calendar import AT_RISK_WORKING_DAYS, working_days_between
from guomen.applications.model import DEADLINE_STATUSES, Application, Deadline, Status
from guomen.applications.ports import WorkingDays

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def local_day(moment: datetime, zone: ZoneInfo = LOCAL_ZONE) -> date:
    return moment.astimezone(zone).date()


@dataclass(frozen=True, slots=True)
class DeadlineState:
    deadline: Deadline
    working_days_left: int | None
    reason: str  # a reason code: due_in_n, overdue_by_n, issued_on_time, ...


def deadline_state(application: Application, today: date, calendar: WorkingDays) -> DeadlineState:
    """Where the application stands against its 7-working-day pledge."""
    due = application.due_on
    if due is None:
        return DeadlineState(Deadline.NONE, None, "not_taken_in")
    if application.issued_at is not None:
        issued = local_day(application.issued_at)
        if issued <= due:
            return DeadlineState(Deadline.MET, None, "issued_on_time")
        late = working_days_between(calendar, due, issued)
        return DeadlineState(Deadline.MISSED, -late, f"issued_late_by_{late}")
    if application.status not in DEADLINE_STATUSES:
        return DeadlineState(Deadline.NONE, None, f"closed_{application.status.value}")
    left = working_days_between(calendar, today, due)
    if left < 0 or (left == 0 and today > due):
        return DeadlineState(Deadline.OVERDUE, left, f"overdue_by_{-left}")
    if left <= AT_RISK_WORKING_DAYS:
        return DeadlineState(Deadline.AT_RISK, left, f"due_in_{left}")
    return DeadlineState(Deadline.ON_TRACK, left, f"due_in_{left}")


_URGENCY = {Deadline.OVERDUE: 0, Deadline.AT_RISK: 1}


def queue_key(application: Application, state: DeadlineState) -> tuple[int, int, str]:
    """Green channel first, then overdue, at risk, the rest; oldest first within each."""
    since = application.accepted_at or application.submitted_at or application.created_at
    return (
        0 if application.is_green else 1,
        _URGENCY.get(state.deadline, 2),
        since.isoformat() if since else "",
    )


# Work-queue stages and the statuses they hold.
STAGES: dict[str, tuple[Status, ...]] = {
    "intake": (Status.SUBMITTED, Status.PAID),
    "hold": (Status.ON_HOLD,),
    "review": (Status.ACCEPTED,),
    "approval": (Status.REVIEWED,),
    "production": (Status.APPROVED,),
    "issue": (Status.IN_PRODUCTION,),
    "handover": (Status.ISSUED,),
}
