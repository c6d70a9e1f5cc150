"""Demo travellers for the officer console's picker (demo mode only): a few fictional people of
different kinds, with a machine-readable zone generated from their registry records. The
read of their data is audited like any other."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, select

from guomen.adapters.db.tables import movements, persons, travel_documents
from guomen.adapters.db.tables_screening_review import screening_hits
from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.audit.services import event_for
from guomen.clearance.model import Direction
from guomen.documents.chinese import generate_permit_mrz
from guomen.documents.chinese.permit_layouts import PermitLayout, PermitMrzFields
from guomen.documents.model import DocumentStatus, DocumentType, TravelDocument
from guomen.documents.mrz import MrzFields, generate_mrz
from guomen.identity.model import Principal
from guomen.people.model import Person
from guomen.shared.clock import Clock

__all__ = ["DemoTraveller", "demo_travellers"]


@dataclass(frozen=True, slots=True)
class DemoTraveller:
    key: str
    label: str  # English msgid, translated in the template
    name: str
    mrz: tuple[str, ...]
    direction: Direction
    endorsement: dict[str, str]


def _passport_mrz(person: Person, doc: TravelDocument) -> tuple[str, ...]:
    fields = MrzFields(
        "P",
        doc.issuing_state,
        person.surname,
        person.given_names,
        doc.number,
        person.nationality,
        person.birth_date,
        person.sex.value,
        doc.expires_on,
    )
    return generate_mrz(fields, "TD3").lines


def _permit_mrz(person: Person, doc: TravelDocument) -> tuple[str, ...]:
    fields = PermitMrzFields(PermitLayout.EEP, "CS", doc.number, person.birth_date, doc.expires_on)
    return tuple(generate_permit_mrz(fields))


def _mrz_of(person: Person, doc: TravelDocument) -> tuple[str, ...] | None:
    try:
        if doc.doc_type is DocumentType.HK_MACAO_PERMIT:
            return _permit_mrz(person, doc)
        if doc.doc_type is DocumentType.PASSPORT:
            return _passport_mrz(person, doc)
    except ValueError:
        return None
    return None


VISA_FREE_DEMO = ("KOR", "JPN", "FRA", "D", "AUS", "ITA", "ESP", "NLD")


def _candidates(
    uow: SqlUnitOfWork, where: ColumnElement[bool], doc_type: DocumentType
) -> list[str]:
    """Document ids of holders whose last movement is at least a day old (no clone alarm)."""
    p, d = persons.c, travel_documents.c
    q = (
        select(d.id)
        .join(persons, p.id == d.person_id)
        .where(where, d.doc_type == doc_type.value, d.status == DocumentStatus.VALID.value)
        .order_by(d.id)
        .limit(40)
    )
    return [str(x) for x in uow.conn.execute(q).scalars()]


def _pick(
    uow: SqlUnitOfWork, doc_ids: Sequence[str], today: date, last: Direction | None
) -> tuple[Person, TravelDocument, tuple[str, ...]] | None:
    """The first holder whose last crossing was ``last`` (e.g. an exit before an entry), else
    the first usable one."""
    fallback = None
    m = movements.c
    for doc_id in doc_ids:
        person_id = uow.conn.execute(
            select(travel_documents.c.person_id).where(travel_documents.c.id == doc_id)
        ).scalar_one()
        person = uow.people.get(person_id)
        doc = next((x for x in uow.documents.for_person(person_id) if x.id == doc_id), None)
        if person is None or doc is None or doc.expires_on <= today + timedelta(days=30):
            continue
        row = uow.conn.execute(
            select(m.direction, m.occurred_at)
            .where(m.person_id == person_id)
            .order_by(m.occurred_at.desc())
            .limit(1)
        ).first()
        mrz = _mrz_of(person, doc)
        if mrz is None:
            continue
        if last is None or (row is not None and row[0] == last.value):
            return person, doc, mrz
        fallback = fallback or (person, doc, mrz)
    return fallback


def demo_travellers(
    uow_factory: Callable[[], SqlUnitOfWork], clock: Clock, principal: Principal
) -> list[DemoTraveller]:
    """A few demo people of different kinds (fictional data; the read is audited)."""
    today = clock.now().date()
    out: list[DemoTraveller] = []
    p = persons.c
    with uow_factory() as uow:
        foreign = _pick(
            uow,
            _candidates(uow, p.nationality.in_(VISA_FREE_DEMO), DocumentType.PASSPORT),
            today,
            Direction.EXIT,
        )
        if foreign:
            out.append(_demo("visa_free", "Foreigner from a visa-free country", foreign))
        permit = _pick(
            uow,
            _candidates(uow, p.nationality == "CHN", DocumentType.HK_MACAO_PERMIT),
            today,
            Direction.ENTRY,
        )
        if permit:
            endorsement = {
                "endorsement_destination": "HKG",
                "endorsement_kind": "G",
                "endorsement_from": (today - timedelta(days=60)).isoformat(),
                "endorsement_until": (today + timedelta(days=300)).isoformat(),
                "endorsement_trips": "2",
                "endorsement_stay": "7",
            }
            out.append(
                _demo(
                    "permit",
                    "Mainland resident with a Hong Kong/Macao permit and endorsement",
                    permit,
                    Direction.EXIT,
                    endorsement,
                )
            )
        listed = [
            str(x)
            for x in uow.conn.execute(
                select(screening_hits.c.person_id)
                .where(
                    screening_hits.c.list_id == "DEMO-DENY-EXIT",
                    screening_hits.c.person_id.is_not(None),
                )
                .order_by(screening_hits.c.person_id)
                .limit(5)
            ).scalars()
        ]
        for person_id in listed:
            docs = [
                d
                for d in uow.documents.for_person(person_id)
                if d.status is DocumentStatus.VALID and d.expires_on > today
            ]
            person = uow.people.get(person_id)
            found = next(((d, mrz) for d in docs if person and (mrz := _mrz_of(person, d))), None)
            if person is not None and found is not None:
                out.append(
                    _demo(
                        "watchlist",
                        "Person on a deny-exit watchlist",
                        (person, found[0], found[1]),
                        Direction.EXIT,
                    )
                )
                break
        uow.audit.append(
            event_for(
                principal,
                "clearance.demo_travellers",
                object_type="person",
                detail={"people": " ".join(d.key for d in out), "demo": "true"},
            ),
            clock.now(),
        )
        uow.commit()
    return out


def _demo(
    key: str,
    label: str,
    found: tuple[Person, TravelDocument, tuple[str, ...]],
    direction: Direction = Direction.ENTRY,
    endorsement: dict[str, str] | None = None,
) -> DemoTraveller:
    person, _doc, mrz = found
    name = f"{person.surname} {person.given_names}".strip()
    if person.name_local:
        name = f"{person.name_local} ({name})"
    return DemoTraveller(key, label, name, mrz, direction, endorsement or {})
