"""Applications, appointments, hall tickets and loaded calendars in SQL; personal data sealed
field by field (``tables_applications.SEALED``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.reference_repos import SqlReferenceRepository
from guomen.adapters.db.tables import persons
from guomen.adapters.db.tables_applications import (
    application_calendar_years,
    application_events,
    applications,
    appointment_bookings,
    appointment_slots,
    hall_tickets,
    office_hours,
)
from guomen.applications.model import (
    OPEN_STATUSES,
    ApplicantDetails,
    Application,
    ApplicationEvent,
    ApplicationType,
    Booking,
    BookingStatus,
    CalendarYear,
    EndorsementRequest,
    GreenReason,
    OfficeHours,
    ReplacementReason,
    Slot,
    Status,
    Ticket,
    TicketStatus,
)
from guomen.documents.chinese import Destination, TripAllowance
from guomen.people.model import Sex
from guomen.reference.model import Office
from guomen.shared.clock import as_utc
from guomen.shared.errors import Conflict

_T = "applications"


def applicant_key(cipher: FieldCipher, details: ApplicantDetails) -> str:
    """Blind index of who the applicant is: the identity number, or nationality + passport."""
    if details.id_number:
        key = f"CHN-ID:{details.id_number.upper()}"
    else:
        key = f"{details.nationality}:{details.foreign_document_number.upper()}"
    return cipher.blind_index("applications.applicant_key", key)


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


class SqlApplicationRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def _seal(self, column: str, value: str) -> str:
        return self._c.seal(f"{_T}.{column}", value) or ""

    def _open(self, column: str, value: str | None) -> str:
        return self._c.open(f"{_T}.{column}", value) or ""

    def row(self, a: Application) -> dict[str, Any]:
        p, s = a.applicant, self._seal
        key = applicant_key(self._c, p)
        e = a.endorsement
        return {
            "id": a.id,
            "reference": a.reference,
            "applicant_id": a.applicant_id,
            "person_id": a.person_id,
            "app_type": a.app_type.value,
            "office_code": a.office_code,
            "status": a.status.value,
            "channel": a.channel,
            "applicant_key_bidx": key,
            "open_key": f"{key}:{a.app_type.value}" if a.status in OPEN_STATUSES else None,
            "surname_enc": s("surname", p.surname),
            "given_names_enc": s("given_names", p.given_names),
            "name_zh_enc": s("name_zh", p.name_zh),
            "sex": p.sex.value,
            "birth_date_enc": s("birth_date", p.birth_date.isoformat()),
            "nationality": p.nationality,
            "id_number_enc": s("id_number", p.id_number),
            "foreign_document_number_enc": s("foreign_document_number", p.foreign_document_number),
            "phone_enc": s("phone", p.phone),
            "email_enc": s("email", p.email),
            "address_enc": s("address", p.address),
            "delivery_address_enc": s("delivery_address", p.delivery_address),
            "endorsement_code": e.code if e else None,
            "endorsement_months": e.months if e else None,
            "endorsement_trips": e.trips.value if e else None,
            "endorsement_destination": e.destination.value if e else None,
            "replacement_reason": a.replacement_reason.value if a.replacement_reason else None,
            "previous_document_number_enc": s(
                "previous_document_number", a.previous_document_number
            ),
            "green": ",".join(g.value for g in a.green),
            "fee_fen": a.fee_fen,
            "currency": a.currency,
            "payment_ref": a.payment_ref,
            "paid_fen": a.paid_fen,
            "paid_at": a.paid_at,
            "created_at": a.created_at,
            "submitted_at": a.submitted_at,
            "accepted_at": a.accepted_at,
            "accepted_by": a.accepted_by,
            "accepted_by_name": a.accepted_by_name[:128],
            "due_on": a.due_on,
            "decided_at": a.decided_at,
            "decided_by": a.decided_by,
            "rejection_reason_enc": s("rejection_reason", a.rejection_reason),
            "hold_reason_enc": s("hold_reason", a.hold_reason),
            "issued_at": a.issued_at,
            "issued_document_id": a.issued_document_id,
            "document_number_enc": s("document_number", a.document_number),
            "mrz_enc": s("mrz", "\n".join(a.mrz)),
            "closed_at": a.closed_at,
            "version": a.version,
        }

    def _application(self, r: Any) -> Application:
        o = self._open
        endorsement = None
        if r.endorsement_code:
            endorsement = EndorsementRequest(
                r.endorsement_code,
                r.endorsement_months,
                TripAllowance(r.endorsement_trips),
                Destination(r.endorsement_destination),
            )
        mrz = o("mrz", r.mrz_enc)
        return Application(
            id=r.id,
            reference=r.reference,
            applicant_id=r.applicant_id,
            app_type=ApplicationType(r.app_type),
            office_code=r.office_code,
            applicant=ApplicantDetails(
                surname=o("surname", r.surname_enc),
                given_names=o("given_names", r.given_names_enc),
                sex=Sex(r.sex),
                birth_date=date.fromisoformat(o("birth_date", r.birth_date_enc)),
                nationality=r.nationality,
                name_zh=o("name_zh", r.name_zh_enc),
                id_number=o("id_number", r.id_number_enc),
                foreign_document_number=o("foreign_document_number", r.foreign_document_number_enc),
                phone=o("phone", r.phone_enc),
                email=o("email", r.email_enc),
                address=o("address", r.address_enc),
                delivery_address=o("delivery_address", r.delivery_address_enc),
            ),
            status=Status(r.status),
            person_id=r.person_id,
            endorsement=endorsement,
            replacement_reason=ReplacementReason(r.replacement_reason)
            if r.replacement_reason
            else None,
            previous_document_number=o("previous_document_number", r.previous_document_number_enc),
            green=tuple(GreenReason(g) for g in r.green.split(",") if g),
            fee_fen=r.fee_fen,
            currency=r.currency,
            payment_ref=r.payment_ref,
            paid_fen=r.paid_fen,
            paid_at=_utc(r.paid_at),
            channel=r.channel,
            created_at=_utc(r.created_at),
            submitted_at=_utc(r.submitted_at),
            accepted_at=_utc(r.accepted_at),
            accepted_by=r.accepted_by,
            accepted_by_name=r.accepted_by_name,
            due_on=r.due_on,
            decided_at=_utc(r.decided_at),
            decided_by=r.decided_by,
            rejection_reason=o("rejection_reason", r.rejection_reason_enc),
            hold_reason=o("hold_reason", r.hold_reason_enc),
            issued_at=_utc(r.issued_at),
            issued_document_id=r.issued_document_id,
            document_number=o("document_number", r.document_number_enc),
            mrz=tuple(mrz.split("\n")) if mrz else (),
            closed_at=_utc(r.closed_at),
            version=r.version,
        )

    def add(self, application: Application) -> None:
        try:
            with self._conn.begin_nested():
                self._conn.execute(applications.insert().values(**self.row(application)))
        except IntegrityError:
            raise Conflict(
                "an application of this type for this applicant is already open",
                code="duplicate_application",
            ) from None

    def get(self, application_id: str) -> Application | None:
        row = self._conn.execute(
            select(applications).where(applications.c.id == application_id)
        ).first()
        return self._application(row) if row else None

    def by_reference(self, reference: str) -> Application | None:
        row = self._conn.execute(
            select(applications).where(applications.c.reference == reference.strip().upper())
        ).first()
        return self._application(row) if row else None

    def update(self, application: Application) -> None:
        values = self.row(application)
        values.pop("id")
        try:
            with self._conn.begin_nested():
                result = self._conn.execute(
                    update(applications)
                    .where(applications.c.id == application.id)
                    .where(applications.c.version == application.version - 1)
                    .values(**values)
                )
        except IntegrityError:
            raise Conflict(
                "an application of this type for this applicant is already open",
                code="duplicate_application",
            ) from None
        if result.rowcount != 1:
            raise Conflict(
                "the application was changed by someone else; reload and try again",
                code="stale_application",
            )

    def find_open(self, applicant_key_bidx: str, app_type: ApplicationType) -> Application | None:
        row = self._conn.execute(
            select(applications).where(
                applications.c.open_key == f"{applicant_key_bidx}:{app_type.value}"
            )
        ).first()
        return self._application(row) if row else None

    def for_applicant(self, applicant_id: str) -> list[Application]:
        q = (
            select(applications)
            .where(applications.c.applicant_id == applicant_id)
            .order_by(applications.c.created_at.desc())
            .limit(200)
        )
        return [self._application(r) for r in self._conn.execute(q)]

    def search(
        self,
        *,
        office_code: str | None = None,
        statuses: Iterable[Status] | None = None,
        limit: int = 200,
    ) -> list[Application]:
        q = select(applications)
        if office_code:
            q = q.where(applications.c.office_code == office_code)
        if statuses is not None:
            q = q.where(applications.c.status.in_([s.value for s in statuses]))
        q = q.order_by(applications.c.created_at).limit(limit)
        return [self._application(r) for r in self._conn.execute(q)]

    def in_period(self, since: datetime, until: datetime) -> list[Application]:
        q = (
            select(applications)
            .where(applications.c.created_at >= since)
            .where(applications.c.created_at < until)
            .order_by(applications.c.created_at)
        )
        return [self._application(r) for r in self._conn.execute(q)]


class SqlApplicationEventRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def add(self, event: ApplicationEvent) -> None:
        seq = self._conn.execute(
            select(func.count())
            .select_from(application_events)
            .where(application_events.c.application_id == event.application_id)
        ).scalar_one()
        self._conn.execute(
            application_events.insert().values(
                id=event.id,
                application_id=event.application_id,
                seq=int(seq) + 1,
                at=event.at,
                actor=event.actor[:128],
                actor_id=event.actor_id[:64],
                transition=event.transition,
                from_status=event.from_status.value if event.from_status else None,
                to_status=event.to_status.value,
                reason_enc=self._c.seal("application_events.reason", event.reason) or "",
                detail=json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
            )
        )

    def for_application(self, application_id: str) -> list[ApplicationEvent]:
        q = (
            select(application_events)
            .where(application_events.c.application_id == application_id)
            .order_by(application_events.c.seq)
        )
        return [
            ApplicationEvent(
                id=r.id,
                application_id=r.application_id,
                at=as_utc(r.at),
                actor=r.actor,
                actor_id=r.actor_id,
                transition=r.transition,
                from_status=Status(r.from_status) if r.from_status else None,
                to_status=Status(r.to_status),
                reason=self._c.open("application_events.reason", r.reason_enc) or "",
                detail=json.loads(r.detail),
            )
            for r in self._conn.execute(q)
        ]


def _slot(r: Any) -> Slot:
    return Slot(r.id, r.office_code, as_utc(r.starts_at), as_utc(r.ends_at), r.capacity, r.booked)


class SqlSlotRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_many(self, slots: Sequence[Slot]) -> int:
        if not slots:
            return 0
        office = {s.office_code for s in slots}
        lo, hi = min(s.starts_at for s in slots), max(s.starts_at for s in slots)
        existing = {
            (r.office_code, as_utc(r.starts_at))
            for r in self._conn.execute(
                select(appointment_slots.c.office_code, appointment_slots.c.starts_at)
                .where(appointment_slots.c.office_code.in_(office))
                .where(appointment_slots.c.starts_at >= lo)
                .where(appointment_slots.c.starts_at <= hi)
            )
        }
        rows = [
            {
                "id": s.id,
                "office_code": s.office_code,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "capacity": s.capacity,
                "booked": s.booked,
            }
            for s in slots
            if (s.office_code, s.starts_at) not in existing
        ]
        if rows:
            self._conn.execute(appointment_slots.insert(), rows)
        return len(rows)

    def get(self, slot_id: str) -> Slot | None:
        row = self._conn.execute(
            select(appointment_slots).where(appointment_slots.c.id == slot_id)
        ).first()
        return _slot(row) if row else None

    def for_office(self, office_code: str, since: datetime, until: datetime) -> list[Slot]:
        q = (
            select(appointment_slots)
            .where(appointment_slots.c.office_code == office_code)
            .where(appointment_slots.c.starts_at >= since)
            .where(appointment_slots.c.starts_at < until)
            .order_by(appointment_slots.c.starts_at)
        )
        return [_slot(r) for r in self._conn.execute(q)]

    def take_seat(self, slot_id: str) -> bool:
        result = self._conn.execute(
            update(appointment_slots)
            .where(appointment_slots.c.id == slot_id)
            .where(appointment_slots.c.booked < appointment_slots.c.capacity)
            .values(booked=appointment_slots.c.booked + 1)
        )
        return result.rowcount == 1

    def release_seat(self, slot_id: str) -> None:
        self._conn.execute(
            update(appointment_slots)
            .where(appointment_slots.c.id == slot_id)
            .where(appointment_slots.c.booked > 0)
            .values(booked=appointment_slots.c.booked - 1)
        )


def _booking(r: Any) -> Booking:
    return Booking(
        r.id,
        r.slot_id,
        r.application_id,
        r.applicant_id,
        BookingStatus(r.status),
        as_utc(r.created_at),
        _utc(r.cancelled_at),
    )


class SqlBookingRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, booking: Booking) -> None:
        try:
            with self._conn.begin_nested():
                self._conn.execute(
                    appointment_bookings.insert().values(
                        id=booking.id,
                        slot_id=booking.slot_id,
                        application_id=booking.application_id,
                        applicant_id=booking.applicant_id,
                        status=booking.status.value,
                        active_key=booking.application_id
                        if booking.status is BookingStatus.BOOKED
                        else None,
                        created_at=booking.created_at,
                        cancelled_at=booking.cancelled_at,
                    )
                )
        except IntegrityError:
            raise Conflict(
                "this application already has an appointment; cancel or rebook it",
                code="already_booked",
            ) from None

    def get(self, booking_id: str) -> Booking | None:
        row = self._conn.execute(
            select(appointment_bookings).where(appointment_bookings.c.id == booking_id)
        ).first()
        return _booking(row) if row else None

    def active_for(self, application_id: str) -> Booking | None:
        row = self._conn.execute(
            select(appointment_bookings).where(appointment_bookings.c.active_key == application_id)
        ).first()
        return _booking(row) if row else None

    def cancel(self, booking_id: str, at: datetime) -> None:
        self._conn.execute(
            update(appointment_bookings)
            .where(appointment_bookings.c.id == booking_id)
            .values(status=BookingStatus.CANCELLED.value, active_key=None, cancelled_at=at)
        )


def _ticket(r: Any) -> Ticket:
    return Ticket(
        id=r.id,
        office_code=r.office_code,
        day=r.day,
        number=r.number,
        seq=r.seq,
        green=bool(r.green),
        status=TicketStatus(r.status),
        issued_at=as_utc(r.issued_at),
        application_id=r.application_id,
        window=r.window,
        called_at=_utc(r.called_at),
        done_at=_utc(r.done_at),
    )


class SqlTicketRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def _values(self, t: Ticket) -> dict[str, Any]:
        return {
            "id": t.id,
            "office_code": t.office_code,
            "day": t.day,
            "number": t.number,
            "seq": t.seq,
            "green": t.green,
            "status": t.status.value,
            "issued_at": t.issued_at,
            "application_id": t.application_id,
            "window": t.window,
            "called_at": t.called_at,
            "done_at": t.done_at,
        }

    def add(self, ticket: Ticket) -> None:
        try:
            with self._conn.begin_nested():
                self._conn.execute(hall_tickets.insert().values(**self._values(ticket)))
        except IntegrityError:
            raise Conflict("that ticket number was just taken", code="ticket_taken") from None

    def next_seq(self, office_code: str, day: date, green: bool) -> int:
        top = self._conn.execute(
            select(func.max(hall_tickets.c.seq))
            .where(hall_tickets.c.office_code == office_code)
            .where(hall_tickets.c.day == day)
            .where(hall_tickets.c.green == green)
        ).scalar_one()
        return int(top or 0) + 1

    def for_day(self, office_code: str, day: date) -> list[Ticket]:
        q = (
            select(hall_tickets)
            .where(hall_tickets.c.office_code == office_code)
            .where(hall_tickets.c.day == day)
            .order_by(hall_tickets.c.issued_at, hall_tickets.c.seq)
        )
        return [_ticket(r) for r in self._conn.execute(q)]

    def get(self, ticket_id: str) -> Ticket | None:
        row = self._conn.execute(select(hall_tickets).where(hall_tickets.c.id == ticket_id)).first()
        return _ticket(row) if row else None

    def update(self, ticket: Ticket) -> None:
        values = self._values(ticket)
        values.pop("id")
        self._conn.execute(
            update(hall_tickets).where(hall_tickets.c.id == ticket.id).values(**values)
        )


class SqlCalendarRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @staticmethod
    def _year(r: Any) -> CalendarYear:
        return CalendarYear(
            r.year,
            frozenset(date.fromisoformat(d) for d in json.loads(r.holidays)),
            frozenset(date.fromisoformat(d) for d in json.loads(r.workdays)),
            r.source,
            as_utc(r.loaded_at),
            r.loaded_by,
        )

    def get_year(self, year: int) -> CalendarYear | None:
        row = self._conn.execute(
            select(application_calendar_years).where(application_calendar_years.c.year == year)
        ).first()
        return self._year(row) if row else None

    def put_year(self, year: CalendarYear) -> None:
        t = application_calendar_years
        self._conn.execute(t.delete().where(t.c.year == year.year))
        self._conn.execute(
            t.insert().values(
                year=year.year,
                holidays=json.dumps(sorted(d.isoformat() for d in year.holidays)),
                workdays=json.dumps(sorted(d.isoformat() for d in year.workdays)),
                source=year.source,
                loaded_at=year.loaded_at,
                loaded_by=year.loaded_by[:128],
            )
        )

    def years(self) -> list[CalendarYear]:
        q = select(application_calendar_years).order_by(application_calendar_years.c.year)
        return [self._year(r) for r in self._conn.execute(q)]


class SqlOfficeHoursRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, office_code: str) -> OfficeHours | None:
        r = self._conn.execute(
            select(office_hours).where(office_hours.c.office_code == office_code)
        ).first()
        if r is None:
            return None
        lunch = (r.lunch_start, r.lunch_end) if r.lunch_start and r.lunch_end else None
        return OfficeHours(
            r.office_code,
            r.capacity,
            r.slot_minutes,
            r.opens,
            r.closes,
            lunch,
            r.timezone,
            r.windows,
        )

    def put(self, hours: OfficeHours) -> None:
        t = office_hours
        self._conn.execute(t.delete().where(t.c.office_code == hours.office_code))
        self._conn.execute(
            t.insert().values(
                office_code=hours.office_code,
                capacity=hours.capacity,
                slot_minutes=hours.slot_minutes,
                opens=hours.opens,
                closes=hours.closes,
                lunch_start=hours.lunch[0] if hours.lunch else None,
                lunch_end=hours.lunch[1] if hours.lunch else None,
                timezone=hours.timezone,
                windows=hours.windows,
            )
        )


class SqlApplicationStore:
    """``uow.apps``: the capability's repositories on one connection."""

    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher
        self.applications = SqlApplicationRepository(conn, cipher)
        self.events = SqlApplicationEventRepository(conn, cipher)
        self.slots = SqlSlotRepository(conn)
        self.bookings = SqlBookingRepository(conn)
        self.tickets = SqlTicketRepository(conn)
        self.calendar = SqlCalendarRepository(conn)
        self.hours = SqlOfficeHoursRepository(conn)

    def person_by_id_number(self, id_number: str) -> str | None:
        bidx = self._c.blind_index("persons.id_number", id_number)
        row = self._conn.execute(
            select(persons.c.id).where(persons.c.id_number_bidx == bidx)
        ).first()
        return str(row.id) if row else None

    def offices(self) -> list[Office]:
        return SqlReferenceRepository(self._conn).offices()
