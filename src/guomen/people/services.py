"""Reading personal records: each read is authorised, scoped and written to the audit trail
in the same transaction (no audit entry, no data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from guomen.audit.services import event_for
from guomen.clearance.model import Movement
from guomen.documents.model import TravelDocument
from guomen.identity.model import Principal
from guomen.identity.policy import Action, Geography, authorize
from guomen.people.model import Person
from guomen.people.ports import RecordsUnitOfWork
from guomen.shared.clock import Clock
from guomen.shared.errors import NotFound, ValidationFailed


@dataclass(frozen=True, slots=True)
class PersonRecord:
    person: Person
    documents: list[TravelDocument]
    recent_movements: list[Movement]


def read_person(
    uow: RecordsUnitOfWork, clock: Clock, principal: Principal, person_id: str, purpose: str
) -> PersonRecord:
    authorize(principal, Action.READ_PERSON, purpose=purpose)
    person = uow.people.get(person_id)
    outcome = "ok" if person else "not_found"
    uow.audit.append(
        event_for(
            principal,
            "person.read",
            object_type="person",
            object_id=person_id[:64],
            purpose=purpose,
            outcome=outcome,
        ),
        clock.now(),
    )
    uow.commit()
    if person is None:
        raise NotFound("no such person")
    return PersonRecord(
        person, uow.documents.for_person(person.id), uow.movements.for_person(person.id, 20)
    )


@dataclass(frozen=True, slots=True)
class DocumentHit:
    document: TravelDocument
    holder: Person


def lookup_document(
    uow: RecordsUnitOfWork,
    clock: Clock,
    principal: Principal,
    issuing_state: str,
    number: str,
    purpose: str,
) -> DocumentHit:
    authorize(principal, Action.LOOKUP_DOCUMENT, purpose=purpose)
    state = issuing_state.strip().upper()
    if not (1 <= len(state) <= 3 and state.isalpha()) or not (1 <= len(number.strip()) <= 20):
        raise ValidationFailed("give an issuing state (alpha-3) and a document number")
    doc = uow.documents.find(state, number)
    holder = uow.people.get(doc.person_id) if doc else None
    uow.audit.append(
        event_for(
            principal,
            "document.lookup",
            object_type="document",
            object_id=doc.id if doc else "",
            purpose=purpose,
            outcome="ok" if doc else "not_found",
            detail={"issuing_state": state},
        ),
        clock.now(),
    )
    uow.commit()
    if doc is None or holder is None:
        raise NotFound("no document with that number in the registry")
    return DocumentHit(doc, holder)


def list_port_movements(
    uow: RecordsUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    port_code: str,
    day: date,
    tz: str,
    purpose: str,
    limit: int = 200,
) -> list[Movement]:
    if port_code not in geography.station_of_port:
        raise NotFound(f"unknown port {port_code!r}")
    authorize(
        principal, Action.READ_MOVEMENTS, port_code=port_code, geography=geography, purpose=purpose
    )
    start = datetime.combine(day, time(0), ZoneInfo(tz))
    items = uow.movements.at_port(port_code, start, start + timedelta(days=1), min(limit, 1000))
    uow.audit.append(
        event_for(
            principal,
            "movement.read",
            object_type="port",
            object_id=port_code,
            purpose=purpose,
            detail={"day": day.isoformat(), "results": str(len(items))},
        ),
        clock.now(),
    )
    uow.commit()
    return items
