"""The office hall (green numbers first, waits from today's service times), work-queue order,
the deadline watch and the statistics, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from application_helpers import ANALYST, APPROVER, CLERK, CLERK2, KIOSK, checks, form
from guomen.applications.hall import call_next, finish_ticket, hall_board, take_ticket
from guomen.applications.model import GreenReason
from guomen.applications.queues import deadline_watch, work_queue
from guomen.applications.services import advance, submit_application
from guomen.applications.stats import application_stats
from guomen.bootstrap import Container
from guomen.people.idcard import make_id_number
from guomen.shared.clock import FakeClock
from guomen.shared.errors import Conflict, PermissionDenied
from support import migrated_container

MONDAY_9AM = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in Beijing


@pytest.fixture
def container(tmp_path: Path, database_url: str) -> Container:
    c = migrated_container(tmp_path, database_url)
    c.clock = FakeClock(MONDAY_9AM)
    yield c
    c.close()


def test_green_numbers_are_called_first_and_waits_follow_todays_service(
    container: Container,
) -> None:
    c = container
    clock = c.clock
    assert isinstance(clock, FakeClock)
    numbers = []
    for green in (False, True, False):
        with c.uow() as uow:
            numbers.append(take_ticket(uow, clock, KIOSK, "OF-BJ-01", green=green).number)
    assert numbers == ["A001", "G001", "A002"]
    with c.uow() as uow:
        first = call_next(uow, clock, CLERK, "OF-BJ-01", "1")
    with c.uow() as uow:
        second = call_next(uow, clock, CLERK2, "OF-BJ-01", "2")
    assert (first and first.number, second and second.number) == ("G001", "A001")
    clock.advance(timedelta(minutes=6))
    with c.uow() as uow:
        third = call_next(uow, clock, CLERK, "OF-BJ-01", "1")  # finishes G001 (6 min)
    assert third is not None and third.number == "A002"
    with c.uow() as uow:
        board = hall_board(uow, clock, "OF-BJ-01")
    assert board.serving[0] == ("A002", "1") and ("A001", "2") in board.serving
    assert board.service_minutes == 6.0 and board.waiting == ()
    assert board.new_ticket_wait_minutes == 6
    with c.uow() as uow:
        assert call_next(uow, clock, CLERK2, "OF-BJ-01", "2") is None  # A001 done, nobody left
    with c.uow() as uow, pytest.raises(Conflict):
        finish_ticket(uow, clock, CLERK, second.id if second else "")  # already done
    with c.uow() as uow, pytest.raises(PermissionDenied):
        call_next(uow, clock, KIOSK, "OF-BJ-01", "1")  # a ticket machine calls nobody


def _submit(c: Container, n: int, **kw: object):  # type: ignore[no-untyped-def]
    number = make_id_number("110101", kw.pop("born", date(1990, 3, 15)), 200 + n, True)  # type: ignore[arg-type]
    with c.uow() as uow:
        return submit_application(
            uow, c.clock, None, form(applicant_id=f"acct-{n}", id_number=number, **kw)
        )


def _step(c: Container, app_id: str, *steps: str) -> None:
    for step in steps:
        who = APPROVER if step == "approve" else (CLERK2 if step == "review" else CLERK)
        with c.uow() as uow:
            advance(uow, c.clock, who, app_id, step, checks=checks())


def test_queues_deadlines_and_statistics(container: Container) -> None:
    c = container
    clock = c.clock
    assert isinstance(clock, FakeClock)
    ordinary = _submit(c, 1)
    elderly = _submit(c, 2, born=date(1950, 1, 1))
    slow = _submit(c, 3)
    assert elderly.green == (GreenReason.ELDERLY,)
    for app in (ordinary, elderly, slow):
        _step(c, app.id, "accept")
    with c.uow() as uow:
        queue = work_queue(uow, clock, CLERK, "review")
    assert [i.application.id for i in queue] == [elderly.id, ordinary.id, slow.id]  # green first
    assert {i.application.due_on for i in queue} == {date(2026, 12, 2)}  # 7 working days
    _step(c, elderly.id, "review", "approve", "start_production", "issue")  # on time
    clock.advance(timedelta(days=8))  # Tuesday 2026-12-01: due tomorrow → at risk
    with c.uow() as uow:
        watch = deadline_watch(uow, clock, CLERK)
    assert {i.application.id: i.deadline.deadline.value for i in watch} == {
        ordinary.id: "at_risk",
        slow.id: "at_risk",
    }
    clock.advance(timedelta(days=2))  # Thursday 2026-12-03: one working day late
    _step(c, slow.id, "review", "approve", "start_production", "issue")  # late
    with c.uow() as uow:
        (late,) = deadline_watch(uow, clock, CLERK)
    assert late.application.id == ordinary.id and late.deadline.deadline.value == "overdue"
    with c.uow() as uow:
        stats = application_stats(uow, clock, ANALYST, date(2026, 11, 1), date(2026, 12, 31))
    (group,) = stats.groups
    assert (group.office_code, group.app_type) == ("OF-BJ-01", "passport_first")
    assert (group.submitted, group.issued, group.open) == (3, 2, 1)
    assert (group.on_time, group.late, group.overdue_open) == (1, 1, 1)
    assert group.compliance == 0.5
    assert group.mean_working_days == 4  # 0 (same day) and 8 working days (23 Nov → 3 Dec)
    with c.uow() as uow, pytest.raises(PermissionDenied):
        application_stats(uow, clock, CLERK, date(2026, 11, 1), date(2026, 12, 31))
