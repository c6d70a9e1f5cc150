"""Appointments on SQLite and PostgreSQL: 50 people racing for the last seat of a slot get
one booking; cancel gives the seat back; rebooking onto a full slot keeps the old booking."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from application_helpers import BIRTH, OFFICE, form
from guomen.applications.appointments import (
    book_slot,
    cancel_booking,
    generate_slots,
    open_slots,
    rebook_slot,
)
from guomen.applications.calendar import MainlandWorkingDays
from guomen.applications.model import Slot
from guomen.applications.services import submit_application
from guomen.bootstrap import Container
from guomen.people.idcard import make_id_number
from guomen.shared.errors import Conflict
from guomen.shared.ids import new_id
from support import migrated_container

RACERS = 50
ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def container(tmp_path: Path, database_url: str) -> Container:
    c = migrated_container(tmp_path, database_url)
    yield c
    c.close()


def _applications(c: Container, n: int) -> list[str]:
    ids = []
    for i in range(n):
        number = make_id_number("310101", BIRTH, 100 + i, i % 2 == 0)
        with c.uow() as uow:
            app = submit_application(
                uow, c.clock, None, form(applicant_id=f"acct-{i}", id_number=number)
            )
        ids.append(app.id)
    return ids


def _slot(c: Container, capacity: int, booked: int = 0, hour: int = 0) -> Slot:
    start = c.clock.now().replace(microsecond=0) + timedelta(days=2, hours=hour)
    slot = Slot(new_id(), OFFICE, start, start + timedelta(minutes=30), capacity, booked)
    with c.uow() as uow:
        uow.apps.slots.add_many([slot])
        uow.commit()
    return slot


@pytest.mark.slow
def test_fifty_people_racing_for_the_last_seat_get_one_booking(container: Container) -> None:
    c = container
    slot = _slot(c, capacity=3, booked=2)
    apps = _applications(c, RACERS)
    barrier = threading.Barrier(RACERS)
    won: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def race(i: int) -> None:
        barrier.wait()
        try:
            with c.uow() as uow:
                book_slot(uow, c.clock, None, apps[i], slot.id, applicant_id=f"acct-{i}")
            won.append(apps[i])
        except Conflict as exc:
            refused.append(exc.code)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(won) == 1
    assert refused == ["slot_full"] * (RACERS - 1)
    with c.uow() as uow:
        stored = uow.apps.slots.get(slot.id)
        assert stored is not None and stored.booked == 3
        assert uow.apps.bookings.active_for(won[0]) is not None


def test_cancel_gives_the_seat_back_and_rebooking_a_full_slot_keeps_the_old(
    container: Container,
) -> None:
    c = container
    first, second, third = (_slot(c, capacity=1, hour=h) for h in (0, 1, 2))
    a, b = _applications(c, 2)
    with c.uow() as uow:
        book_slot(uow, c.clock, None, a, first.id, applicant_id="acct-0")
    with c.uow() as uow:
        book_slot(uow, c.clock, None, b, second.id, applicant_id="acct-1")
    with c.uow() as uow, pytest.raises(Conflict) as again:
        book_slot(uow, c.clock, None, a, third.id, applicant_id="acct-0")
    assert again.value.code == "already_booked"
    with c.uow() as uow, pytest.raises(Conflict) as full:
        rebook_slot(uow, c.clock, None, a, second.id, applicant_id="acct-0")
    assert full.value.code == "slot_full"
    with c.uow() as uow:
        booking = uow.apps.bookings.active_for(a)
        assert booking is not None and booking.slot_id == first.id
    with c.uow() as uow:
        moved = rebook_slot(uow, c.clock, None, a, third.id, applicant_id="acct-0")
    assert moved.slot_id == third.id
    with c.uow() as uow:
        cancel_booking(uow, c.clock, None, b, applicant_id="acct-1")
    with c.uow() as uow:
        seats = {s.id: s.booked for s in open_slots(uow, c.clock, OFFICE, c.clock.now().date())}
    assert seats.get(first.id) == 0 and seats.get(second.id) == 0 and third.id not in seats


def test_someone_else_cannot_book_for_an_application(container: Container) -> None:
    c = container
    slot = _slot(c, capacity=2)
    (a,) = _applications(c, 1)
    with c.uow() as uow, pytest.raises(Exception) as denied:
        book_slot(uow, c.clock, None, a, slot.id, applicant_id="intruder")
    assert getattr(denied.value, "code", "") == "not_found"


def test_slots_are_generated_for_working_days_only(container: Container) -> None:
    c = container
    with c.uow() as uow:  # 2026-10-01..07 is the National Day holiday; 10-10 (Sat) works
        added = generate_slots(
            uow, c.clock, None, OFFICE, date(2026, 9, 30), 12, MainlandWorkingDays()
        )
    with c.uow() as uow:
        slots = uow.apps.slots.for_office(
            OFFICE, datetime(2026, 9, 29, tzinfo=UTC), datetime(2026, 10, 13, tzinfo=UTC)
        )
    days = sorted({s.starts_at.astimezone(ZONE).date() for s in slots})
    assert date(2026, 10, 1) not in days and date(2026, 10, 4) not in days
    assert date(2026, 10, 10) in days and date(2026, 10, 11) not in days
    assert added == len(slots) == len(days) * 13  # 09:00-17:00 in 30 min, lunch 12:00-13:30
