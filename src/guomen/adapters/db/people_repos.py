"""Persons, travel documents and movements in SQL, personal data sealed field by field."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables import movements, persons, travel_documents
from guomen.clearance.model import Decision, Direction, Lane, Movement
from guomen.documents.model import (
    DocumentStatus,
    DocumentType,
    TravelDocument,
    normalise_number,
)
from guomen.documents.registry import confusable_key
from guomen.people.model import Person, Sex
from guomen.shared.clock import as_utc


def document_key(issuing_state: str, number: str) -> str:
    return f"{issuing_state.upper()}:{normalise_number(number)}"


def fuzzy_index(cipher: FieldCipher, issuing_state: str, number: str) -> str:
    """Blind index over the OCR-confusion-folded number, for tolerant lookups."""
    key = f"{issuing_state.upper()}:{confusable_key(number)}"
    return cipher.blind_index("travel_documents.number_fuzzy", key)


class SqlPersonRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def row(self, p: Person) -> dict[str, Any]:
        seal = self._c.seal
        return {
            "id": p.id,
            "surname_enc": seal("persons.surname", p.surname),
            "given_names_enc": seal("persons.given_names", p.given_names),
            "name_local_enc": seal("persons.name_local", p.name_local),
            "sex": p.sex.value,
            "birth_date_enc": seal("persons.birth_date", p.birth_date.isoformat()),
            "nationality": p.nationality,
            "id_number_enc": seal("persons.id_number", p.id_number),
            "id_number_bidx": (
                self._c.blind_index("persons.id_number", p.id_number) if p.id_number else None
            ),
            "phone_enc": seal("persons.phone", p.phone),
            "address_enc": seal("persons.address", p.address),
            "created_at": p.created_at,
        }

    def _person(self, r: Any) -> Person:
        op = self._c.open
        return Person(
            id=r.id,
            surname=op("persons.surname", r.surname_enc) or "",
            given_names=op("persons.given_names", r.given_names_enc) or "",
            sex=Sex(r.sex),
            birth_date=date.fromisoformat(op("persons.birth_date", r.birth_date_enc) or ""),
            nationality=r.nationality,
            name_local=op("persons.name_local", r.name_local_enc),
            id_number=op("persons.id_number", r.id_number_enc),
            phone=op("persons.phone", r.phone_enc),
            address=op("persons.address", r.address_enc),
            created_at=as_utc(r.created_at),
        )

    def add_many(self, people: Iterable[Person]) -> None:
        rows = [self.row(p) for p in people]
        if rows:
            self._conn.execute(persons.insert(), rows)

    def get(self, person_id: str) -> Person | None:
        row = self._conn.execute(select(persons).where(persons.c.id == person_id)).first()
        return self._person(row) if row else None

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(persons)).scalar_one())


class SqlDocumentRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def row(self, d: TravelDocument) -> dict[str, Any]:
        return {
            "id": d.id,
            "person_id": d.person_id,
            "doc_type": d.doc_type.value,
            "issuing_state": d.issuing_state,
            "number_enc": self._c.seal("travel_documents.number", d.number),
            "number_bidx": self._c.blind_index(
                "travel_documents.number", document_key(d.issuing_state, d.number)
            ),
            "number_fuzzy_bidx": fuzzy_index(self._c, d.issuing_state, d.number),
            "issued_on": d.issued_on,
            "expires_on": d.expires_on,
            "status": d.status.value,
            "created_at": d.created_at,
        }

    def _doc(self, r: Any) -> TravelDocument:
        return TravelDocument(
            id=r.id,
            person_id=r.person_id,
            doc_type=DocumentType(r.doc_type),
            issuing_state=r.issuing_state,
            number=self._c.open("travel_documents.number", r.number_enc) or "",
            issued_on=r.issued_on,
            expires_on=r.expires_on,
            status=DocumentStatus(r.status),
            created_at=as_utc(r.created_at),
        )

    def add_many(self, docs: Iterable[TravelDocument]) -> None:
        rows = [self.row(d) for d in docs]
        if rows:
            self._conn.execute(travel_documents.insert(), rows)

    def find(self, issuing_state: str, number: str) -> TravelDocument | None:
        bidx = self._c.blind_index("travel_documents.number", document_key(issuing_state, number))
        q = select(travel_documents).where(travel_documents.c.number_bidx == bidx)
        row = self._conn.execute(q).first()
        return self._doc(row) if row else None

    def find_confusable(self, issuing_state: str, number: str) -> list[TravelDocument]:
        """Documents whose number equals this one up to OCR confusions (O/0, I/1, ...)."""
        q = select(travel_documents).where(
            travel_documents.c.number_fuzzy_bidx == fuzzy_index(self._c, issuing_state, number)
        )
        return [self._doc(r) for r in self._conn.execute(q.limit(20))]

    def set_status(self, document: TravelDocument) -> None:
        self._conn.execute(
            travel_documents.update()
            .where(travel_documents.c.id == document.id)
            .values(status=document.status.value)
        )

    def for_person(self, person_id: str) -> list[TravelDocument]:
        q = select(travel_documents).where(travel_documents.c.person_id == person_id)
        return [self._doc(r) for r in self._conn.execute(q.order_by(travel_documents.c.issued_on))]


def movement_row(m: Movement) -> dict[str, Any]:
    return {
        "id": m.id,
        "person_id": m.person_id,
        "document_id": m.document_id,
        "port_code": m.port_code,
        "direction": m.direction.value,
        "lane": m.lane.value,
        "occurred_at": m.occurred_at,
        "decision": m.decision.value,
        "reason_codes": json.dumps(list(m.reason_codes)),
        "operator": m.operator,
        "traveller_group": m.traveller_group,
    }


def movement_of_row(r: Any) -> Movement:
    """The columns every movement has (clearance adds stays, versions, flags on top)."""
    return Movement(
        id=r.id,
        person_id=r.person_id,
        document_id=r.document_id,
        port_code=r.port_code,
        direction=Direction(r.direction),
        lane=Lane(r.lane),
        occurred_at=as_utc(r.occurred_at),
        decision=Decision(r.decision),
        reason_codes=tuple(json.loads(r.reason_codes)),
        operator=r.operator,
        traveller_group=r.traveller_group,
    )


class SqlMovementRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_many(self, items: Iterable[Movement]) -> None:
        rows = [movement_row(m) for m in items]
        if rows:
            self._conn.execute(movements.insert(), rows)

    def at_port(
        self, port_code: str, since: datetime, until: datetime, limit: int
    ) -> list[Movement]:
        q = (
            select(movements)
            .where(movements.c.port_code == port_code)
            .where(movements.c.occurred_at >= since, movements.c.occurred_at < until)
            .order_by(movements.c.occurred_at.desc())
            .limit(limit)
        )
        return [movement_of_row(r) for r in self._conn.execute(q)]

    def for_person(self, person_id: str, limit: int = 50) -> list[Movement]:
        q = (
            select(movements)
            .where(movements.c.person_id == person_id)
            .order_by(movements.c.occurred_at.desc())
            .limit(limit)
        )
        return [movement_of_row(r) for r in self._conn.execute(q)]
