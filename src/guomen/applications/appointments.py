"""Appointments (预约): office hours, slots on working days, booking without double booking.

The seat count is enforced by the database: :meth:`SlotRepository.take_seat` is one
conditional ``UPDATE … SET booked = booked + 1 WHERE booked < capacity`` (and a check
constraint keeps ``booked`` within capacity), so 50 people racing for the last seat get one
booking and 49 clear ``slot_full`` answers on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from guomen.applications.model import Application, Booking, BookingStatus, OfficeHours, Slot, Status
from guomen.applications.ports import ApplicationsUnitOfWork, WorkingDays
from guomen.applications.services import _audit, _load, _own, _release_booking
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotFound, ValidationFailed
from guomen.shared.ids import new_id

MAX_DAYS = 62
BOOKABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.PAID})


def _hhmm(value: str, name: str) -> time:
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"{name}: a time such as 09:00") from None
    return parsed


def check_hours(hours: OfficeHours) -> OfficeHours:
    if not 1 <= hours.capacity <= 200:
        raise ValidationFailed("capacity per slot: 1-200 applicants")
    if not 5 <= hours.slot_minutes <= 240:
        raise ValidationFailed("slot length: 5-240 minutes")
    if not 1 <= hours.windows <= 100:
        raise ValidationFailed("windows: 1-100")
    opens, closes = _hhmm(hours.opens, "opens"), _hhmm(hours.closes, "closes")
    if opens >= closes:
        raise ValidationFailed("the office must open before it closes")
    if hours.lunch is not None:
        start, end = _hhmm(hours.lunch[0], "lunch"), _hhmm(hours.lunch[1], "lunch")
        if not opens <= start < end <= closes:
            raise ValidationFailed("the lunch break must lie within opening hours")
    try:
        ZoneInfo(hours.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(f"unknown time zone {hours.timezone!r}") from None
    return hours


def hours_of(uow: ApplicationsUnitOfWork, office_code: str) -> OfficeHours:
    return uow.apps.hours.get(office_code) or OfficeHours(office_code)


def _office(uow: ApplicationsUnitOfWork, office_code: str) -> str:
    code = office_code.strip().upper()
    if code not in {o.code for o in uow.apps.offices()}:
        raise NotFound(f"no office {office_code!r}")
    return code


def set_office_hours(
    uow: ApplicationsUnitOfWork, clock: Clock, principal: Principal, hours: OfficeHours
) -> OfficeHours:
    """Seats per slot, slot length, hours and windows of an office (office head: APPROVE)."""
    authorize(principal, Action.APPROVE_APPLICATION)
    hours = check_hours(replace(hours, office_code=_office(uow, hours.office_code)))
    uow.apps.hours.put(hours)
    uow.audit.append(
        _audit(
            principal,
            "",
            "application.office_hours",
            hours.office_code,
            capacity=str(hours.capacity),
            slot_minutes=str(hours.slot_minutes),
        ),
        clock.now(),
    )
    uow.commit()
    return hours


def plan_slots(hours: OfficeHours, days: list[date]) -> list[Slot]:
    """The slots of the given (working) days, in UTC."""
    zone = ZoneInfo(hours.timezone)
    opens, closes = _hhmm(hours.opens, "opens"), _hhmm(hours.closes, "closes")
    lunch = (
        (_hhmm(hours.lunch[0], "lunch"), _hhmm(hours.lunch[1], "lunch")) if hours.lunch else None
    )
    step = timedelta(minutes=hours.slot_minutes)
    slots = []
    for day in days:
        start = datetime.combine(day, opens, zone)
        end_of_day = datetime.combine(day, closes, zone)
        while start + step <= end_of_day:
            end = start + step
            in_lunch = lunch is not None and (
                start < datetime.combine(day, lunch[1], zone)
                and end > datetime.combine(day, lunch[0], zone)
            )
            if not in_lunch:
                slots.append(
                    Slot(
                        new_id(),
                        hours.office_code,
                        start.astimezone(ZoneInfo("UTC")),
                        end.astimezone(ZoneInfo("UTC")),
                        hours.capacity,
                    )
                )
            start = end
    return slots


def generate_slots(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    office_code: str,
    start: date,
    days: int,
    calendar: WorkingDays,
) -> int:
    """Create the slots of the working days in ``start … start + days`` (existing slots are
    kept). ``principal`` None: the operator's CLI or the demo."""
    if principal is not None:
        authorize(principal, Action.PROCESS_APPLICATION)
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(f"generate 1-{MAX_DAYS} days at a time")
    code = _office(uow, office_code)
    hours = hours_of(uow, code)
    working = [
        start + timedelta(days=i)
        for i in range(days)
        if calendar.is_working_day(start + timedelta(days=i))
    ]
    added = uow.apps.slots.add_many(plan_slots(hours, working))
    if principal is not None:
        uow.audit.append(
            _audit(principal, "", "application.slots", code, added=str(added)), clock.now()
        )
    uow.commit()
    return added


def open_slots(
    uow: ApplicationsUnitOfWork, clock: Clock, office_code: str, start: date, days: int = 14
) -> list[Slot]:
    """Slots with a free seat from ``start`` for ``days`` days, not yet begun (no personal
    data: anyone may see them)."""
    code = _office(uow, office_code)
    zone = ZoneInfo(hours_of(uow, code).timezone)
    since = max(datetime.combine(start, time(0), zone), clock.now())
    until = datetime.combine(start + timedelta(days=min(max(days, 1), MAX_DAYS)), time(0), zone)
    return [s for s in uow.apps.slots.for_office(code, since, until) if s.free > 0]


def _bookable(
    uow: ApplicationsUnitOfWork,
    principal: Principal | None,
    application_id: str,
    applicant_id: str | None,
) -> Application:
    if principal is None:
        application = _own(uow, application_id, applicant_id)
    else:
        authorize(principal, Action.PROCESS_APPLICATION)
        application = _load(uow, application_id)
    if application.status not in BOOKABLE:
        raise Conflict(
            f"an application that is {application.status.value} needs no appointment",
            code="not_bookable",
        )
    return application


def _seat(
    uow: ApplicationsUnitOfWork, clock: Clock, application: Application, slot_id: str
) -> Slot:
    slot = uow.apps.slots.get(slot_id.strip()[:64])
    if slot is None:
        raise NotFound("no such appointment slot")
    if slot.office_code != application.office_code:
        raise ValidationFailed("the slot is at another office than the application's")
    if slot.starts_at <= clock.now():
        raise Conflict("that slot has already begun", code="slot_past")
    if not uow.apps.slots.take_seat(slot.id):
        raise Conflict("that slot was just fully booked; choose another", code="slot_full")
    return slot


def book_slot(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    application_id: str,
    slot_id: str,
    *,
    applicant_id: str | None = None,
) -> Booking:
    """Book one seat of a slot for an application (one active booking per application:
    ``Conflict`` ``already_booked``; a full slot: ``Conflict`` ``slot_full``)."""
    application = _bookable(uow, principal, application_id, applicant_id)
    if uow.apps.bookings.active_for(application.id) is not None:
        raise Conflict("this application already has an appointment", code="already_booked")
    slot = _seat(uow, clock, application, slot_id)
    now = clock.now()
    booking = Booking(
        new_id(), slot.id, application.id, application.applicant_id, BookingStatus.BOOKED, now
    )
    uow.apps.bookings.add(booking)
    uow.audit.append(
        _audit(
            principal, application.applicant_id, "application.book", application.id, slot=slot.id
        ),
        now,
    )
    uow.commit()
    return booking


def cancel_booking(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    application_id: str,
    *,
    applicant_id: str | None = None,
) -> None:
    """Cancel the application's appointment and give the seat back."""
    application = (
        _own(uow, application_id, applicant_id) if principal is None else _load(uow, application_id)
    )
    if principal is not None:
        authorize(principal, Action.PROCESS_APPLICATION)
    if uow.apps.bookings.active_for(application.id) is None:
        raise NotFound("the application has no appointment")
    now = clock.now()
    _release_booking(uow, application, now)
    uow.audit.append(
        _audit(principal, application.applicant_id, "application.unbook", application.id), now
    )
    uow.commit()


def rebook_slot(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    application_id: str,
    slot_id: str,
    *,
    applicant_id: str | None = None,
) -> Booking:
    """Move the appointment to another slot: the new seat is taken first, so a full slot
    leaves the old booking as it was."""
    application = _bookable(uow, principal, application_id, applicant_id)
    old = uow.apps.bookings.active_for(application.id)
    if old is None:
        raise NotFound("the application has no appointment to move")
    if old.slot_id == slot_id:
        return old
    slot = _seat(uow, clock, application, slot_id)
    now = clock.now()
    _release_booking(uow, application, now)
    booking = Booking(
        new_id(), slot.id, application.id, application.applicant_id, BookingStatus.BOOKED, now
    )
    uow.apps.bookings.add(booking)
    uow.audit.append(
        _audit(
            principal, application.applicant_id, "application.rebook", application.id, slot=slot.id
        ),
        now,
    )
    uow.commit()
    return booking
