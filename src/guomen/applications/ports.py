"""What the applications capability needs from storage and from other capabilities."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from guomen.applications.model import (
    Application,
    ApplicationEvent,
    ApplicationType,
    Booking,
    CalendarYear,
    OfficeHours,
    Slot,
    Status,
    Ticket,
)
from guomen.audit.ports import AuditLog
from guomen.documents.model import TravelDocument
from guomen.documents.registry import DocumentAlert, DocumentEvent
from guomen.identity.model import Principal
from guomen.people.model import Person
from guomen.reference.model import Office


class ApplicationRepository(Protocol):
    def add(self, application: Application) -> None:
        """Raises ``Conflict`` when the applicant already has an open application of the type
        (enforced by a unique key in storage, so two concurrent submissions cannot both land)."""

    def get(self, application_id: str) -> Application | None: ...
    def by_reference(self, reference: str) -> Application | None: ...

    def update(self, application: Application) -> None:
        """Write the application if its stored version is ``application.version - 1``; raises
        ``Conflict`` when someone else changed it in between."""

    def find_open(self, applicant_key: str, app_type: ApplicationType) -> Application | None: ...
    def for_applicant(self, applicant_id: str) -> list[Application]: ...

    def search(
        self,
        *,
        office_code: str | None = None,
        statuses: Iterable[Status] | None = None,
        limit: int = 200,
    ) -> list[Application]: ...

    def in_period(self, since: datetime, until: datetime) -> list[Application]: ...


class ApplicationEventRepository(Protocol):
    def add(self, event: ApplicationEvent) -> None: ...
    def for_application(self, application_id: str) -> list[ApplicationEvent]: ...


class SlotRepository(Protocol):
    def add_many(self, slots: Sequence[Slot]) -> int:
        """Insert the slots not already there (same office and start); returns how many."""

    def get(self, slot_id: str) -> Slot | None: ...
    def for_office(self, office_code: str, since: datetime, until: datetime) -> list[Slot]: ...

    def take_seat(self, slot_id: str) -> bool:
        """Atomically take one seat: ``UPDATE … SET booked = booked + 1 WHERE booked <
        capacity``; False when the slot is full."""

    def release_seat(self, slot_id: str) -> None: ...


class BookingRepository(Protocol):
    def add(self, booking: Booking) -> None: ...
    def get(self, booking_id: str) -> Booking | None: ...
    def active_for(self, application_id: str) -> Booking | None: ...
    def cancel(self, booking_id: str, at: datetime) -> None: ...


class TicketRepository(Protocol):
    def add(self, ticket: Ticket) -> None:
        """Raises ``Conflict`` when the number was taken concurrently (the caller retries)."""

    def next_seq(self, office_code: str, day: date, green: bool) -> int: ...
    def for_day(self, office_code: str, day: date) -> list[Ticket]: ...
    def get(self, ticket_id: str) -> Ticket | None: ...
    def update(self, ticket: Ticket) -> None: ...


class CalendarRepository(Protocol):
    def get_year(self, year: int) -> CalendarYear | None: ...
    def put_year(self, year: CalendarYear) -> None: ...
    def years(self) -> list[CalendarYear]: ...


class OfficeHoursRepository(Protocol):
    def get(self, office_code: str) -> OfficeHours | None: ...
    def put(self, hours: OfficeHours) -> None: ...


class ApplicationStore(Protocol):
    """The capability's own repositories, one attribute of the unit of work (``uow.apps``)."""

    @property
    def applications(self) -> ApplicationRepository: ...
    @property
    def events(self) -> ApplicationEventRepository: ...
    @property
    def slots(self) -> SlotRepository: ...
    @property
    def bookings(self) -> BookingRepository: ...
    @property
    def tickets(self) -> TicketRepository: ...
    @property
    def calendar(self) -> CalendarRepository: ...
    @property
    def hours(self) -> OfficeHoursRepository: ...

    def person_by_id_number(self, id_number: str) -> str | None:
        """The id of the person with this resident identity number, if known."""

    def offices(self) -> list[Office]: ...


class IssuedDocuments(Protocol):
    def find(self, issuing_state: str, number: str) -> TravelDocument | None: ...
    def find_confusable(self, issuing_state: str, number: str) -> list[TravelDocument]: ...
    def set_status(self, document: TravelDocument) -> None: ...
    def add_many(self, docs: Iterable[TravelDocument]) -> None: ...
    def for_person(self, person_id: str) -> list[TravelDocument]: ...


class People(Protocol):
    def get(self, person_id: str) -> Person | None: ...
    def add_many(self, people: Iterable[Person]) -> None: ...


class DocumentEvents(Protocol):
    def add(self, event: DocumentEvent) -> None: ...
    def for_document(self, document_id: str) -> list[DocumentEvent]: ...


class Alerts(Protocol):
    def add_batch(
        self,
        batch_id: str,
        source: str,
        actor: str,
        alerts: Sequence[DocumentAlert],
        at: datetime,
    ) -> None: ...
    def find_confusable(self, issuing_state: str, number: str) -> list[DocumentAlert]: ...


class ApplicationsUnitOfWork(Protocol):
    """The unit of work the use cases need (``SqlUnitOfWork`` satisfies it); it also satisfies
    the document registry's ``RegistryUnitOfWork`` so issuance can supersede in one commit."""

    @property
    def apps(self) -> ApplicationStore: ...
    @property
    def documents(self) -> IssuedDocuments: ...
    @property
    def document_events(self) -> DocumentEvents: ...
    @property
    def alerts(self) -> Alerts: ...
    @property
    def people(self) -> People: ...
    @property
    def audit(self) -> AuditLog: ...

    def commit(self) -> None: ...


# ---------------------------------------------------------------- checks at intake


@dataclass(frozen=True, slots=True)
class ScreeningFinding:
    """What the deny-exit screening found. ``hold``: a person must decide (never an automatic
    rejection); ``reasons``: reason codes and list entry ids, for staff only."""

    hold: bool
    reasons: tuple[str, ...] = ()


class ExitScreening(Protocol):
    """Deny-exit list screening at intake (adapter: :class:`guomen.applications.checks.
    ListScreening` over ``guomen.screening.screen.screen_person``)."""

    def screen(
        self, application: Application, principal: Principal, audit: AuditLog
    ) -> ScreeningFinding: ...


@dataclass(frozen=True, slots=True)
class DuplicateFinding:
    """Biometric 1:N: does the applicant's face match another identity's enrolment?"""

    hold: bool
    reasons: tuple[str, ...] = ()


class DuplicateIdentityCheck(Protocol):
    def check(self, application: Application, principal: Principal) -> DuplicateFinding: ...


class WorkingDays(Protocol):
    """Working days in the mainland calendar (weekends, public holidays, adjusted days)."""

    def is_working_day(self, day: date) -> bool: ...
    def warnings_for(self, days: Sequence[date]) -> tuple[str, ...]: ...
