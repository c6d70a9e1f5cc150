"""Clearance in SQL: the central store of decisions (one transaction per decision) and the
repository of the referral queue, stays and history. Explanations, stored answers and officers'
reasons are sealed (they can carry names from watchlist hits)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.audit_log import SqlAuditLog
from guomen.adapters.db.people_repos import document_key, movement_of_row
from guomen.adapters.db.people_repos import movement_row as base_movement_row
from guomen.adapters.db.tables import movements, travel_documents
from guomen.adapters.db.tables_clearance import (
    clearance_requests,
    endorsement_trips,
    first_seen_documents,
    referrals,
)
from guomen.audit.model import AuditEntry, AuditEvent
from guomen.clearance.model import (
    Decision,
    Direction,
    Lane,
    Movement,
    Overstayer,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    StoredAnswer,
)
from guomen.clearance.ports import KnownDocument
from guomen.documents.model import DocumentStatus, TravelDocument, normalise_number
from guomen.documents.registry import MatchKind, RegistryHit, RegistryStatus, assess
from guomen.people.model import Person
from guomen.screening.matching import Query
from guomen.screening.review import HitContext, record_hits
from guomen.screening.screen import ScreeningOutcome
from guomen.shared.clock import as_utc

EXPLANATION = "movements.explanation"
CONFUSABLE_LIMIT = 20  # SqlDocumentRepository.find_confusable answers at most this many
ANSWER = "clearance_requests.answer"
OUTCOME_REASON = "referrals.outcome_reason"


def insert_ignoring_duplicates(conn: Connection, table: Any) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING on PostgreSQL and SQLite."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def trip_index(cipher: FieldCipher, key: str) -> str:
    return cipher.blind_index("endorsement_trips.document", key)


def movement_row(m: Movement, cipher: FieldCipher) -> dict[str, Any]:
    """The common movement columns (``people_repos.movement_row``) plus clearance's own."""
    return {
        **base_movement_row(m),
        "operator": m.operator[:128],
        "lane_id": m.lane_id or None,
        "permitted_until": m.permitted_until,
        "entry_movement_id": m.entry_movement_id,
        "stay_days": m.stay_days,
        "overstay": m.overstay,
        "versions": json.dumps(dict(m.versions), sort_keys=True),
        "explanation_enc": cipher.seal(EXPLANATION, m.explanation),
        "flags": json.dumps(list(m.flags)),
    }


def movement_of(r: Any, cipher: FieldCipher) -> Movement:
    return replace(
        movement_of_row(r),
        lane_id=r.lane_id or "",
        permitted_until=r.permitted_until,
        entry_movement_id=r.entry_movement_id,
        stay_days=r.stay_days,
        overstay=r.overstay,
        versions=tuple(sorted(json.loads(r.versions).items())) if r.versions else (),
        explanation=(cipher.open(EXPLANATION, r.explanation_enc) or "")
        if r.explanation_enc
        else "",
        flags=tuple(json.loads(r.flags)) if r.flags else (),
    )


def referral_row(r: Referral) -> dict[str, Any]:
    return {
        "id": r.id,
        "movement_id": r.movement_id,
        "port_code": r.port_code,
        "person_id": r.person_id,
        "direction": r.direction.value if r.direction else "",
        "lane": r.lane.value if r.lane else "",
        "reason_codes": json.dumps(list(r.reason_codes)),
        "priority": r.priority,
        "instructions": r.instructions,
        "created_at": r.created_at,
        "status": r.status.value,
        "outcome": None,
        "officer": None,
        "outcome_reason_enc": None,
        "closed_at": None,
        "outcome_movement_id": None,
    }


def _referral(r: Any, cipher: FieldCipher) -> Referral:
    return Referral(
        id=r.id,
        movement_id=r.movement_id,
        port_code=r.port_code,
        reason_codes=tuple(json.loads(r.reason_codes)),
        priority=bool(r.priority),
        created_at=as_utc(r.created_at),
        status=ReferralStatus(r.status),
        instructions=r.instructions,
        outcome=ReferralOutcome(r.outcome) if r.outcome else None,
        officer=r.officer or "",
        outcome_reason=cipher.open(OUTCOME_REASON, r.outcome_reason_enc) or ""
        if r.outcome_reason_enc
        else "",
        closed_at=as_utc(r.closed_at) if r.closed_at else None,
        person_id=r.person_id,
        direction=Direction(r.direction) if r.direction else None,
        lane=Lane(r.lane) if r.lane else None,
        outcome_movement_id=r.outcome_movement_id,
    )


def register_first_seen(
    uow: Any, person: Person, document: TravelDocument, unverified: bool
) -> None:
    """A traveller and document seen for the first time at a port (not in the registry)."""
    uow.people.add_many([person])
    uow.documents.add_many([document])
    uow.conn.execute(
        first_seen_documents.insert(),
        {"document_id": document.id, "unverified": unverified, "seen_at": document.created_at},
    )


class SqlClearanceRepository:
    """The referral queue, stays and history (``uow.clearance``)."""

    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def add_movement(self, movement: Movement) -> None:
        self._conn.execute(movements.insert(), [movement_row(movement, self._c)])

    def add_referral(self, referral: Referral) -> None:
        self._conn.execute(referrals.insert(), [referral_row(referral)])

    def referrals(
        self, port_codes: Sequence[str] | None, status: str | None, limit: int
    ) -> list[Referral]:
        q = select(referrals)
        if port_codes is not None:
            q = q.where(referrals.c.port_code.in_(list(port_codes)))
        if status is not None:
            q = q.where(referrals.c.status == status)
        q = q.order_by(referrals.c.priority.desc(), referrals.c.created_at, referrals.c.id)
        return [_referral(r, self._c) for r in self._conn.execute(q.limit(limit))]

    def referral(self, referral_id: str) -> Referral | None:
        row = self._conn.execute(select(referrals).where(referrals.c.id == referral_id)).first()
        return _referral(row, self._c) if row else None

    def close_referral(self, referral: Referral) -> None:
        self._conn.execute(
            referrals.update()
            .where(referrals.c.id == referral.id)
            .values(
                status=referral.status.value,
                outcome=referral.outcome.value if referral.outcome else None,
                officer=referral.officer[:128],
                outcome_reason_enc=self._c.seal(OUTCOME_REASON, referral.outcome_reason),
                closed_at=referral.closed_at,
                outcome_movement_id=referral.outcome_movement_id,
            )
        )

    def overstayers(
        self, on: date, port_codes: Sequence[str] | None, limit: int
    ) -> list[Overstayer]:
        later = movements.alias("later")
        q = (
            select(movements)
            .where(movements.c.permitted_until < on)
            .where(movements.c.direction == Direction.ENTRY.value)
            .where(movements.c.decision == Decision.CLEAR.value)
            .where(
                ~exists().where(
                    and_(
                        later.c.person_id == movements.c.person_id,
                        later.c.occurred_at > movements.c.occurred_at,
                        later.c.decision == Decision.CLEAR.value,
                    )
                )
            )
        )
        if port_codes is not None:
            q = q.where(movements.c.port_code.in_(list(port_codes)))
        q = q.order_by(movements.c.permitted_until, movements.c.id).limit(limit)
        out = []
        for r in self._conn.execute(q):
            out.append(
                Overstayer(
                    person_id=r.person_id,
                    document_id=r.document_id,
                    entry_movement_id=r.id,
                    port_code=r.port_code,
                    entered_at=as_utc(r.occurred_at),
                    permitted_until=r.permitted_until,
                    days_over=(on - r.permitted_until).days,
                )
            )
        return out

    def history(
        self, person_id: str | None, document_ids: Sequence[str], limit: int
    ) -> list[Movement]:
        q = select(movements)
        if person_id:
            q = q.where(movements.c.person_id == person_id)
        if document_ids:
            q = q.where(movements.c.document_id.in_(list(document_ids)))
        q = q.order_by(movements.c.occurred_at.desc(), movements.c.id).limit(limit)
        return [movement_of(r, self._c) for r in self._conn.execute(q)]

    def movement(self, movement_id: str) -> Movement | None:
        row = self._conn.execute(select(movements).where(movements.c.id == movement_id)).first()
        return movement_of(row, self._c) if row else None

    def count_movements(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(movements)).scalar_one())


class DecisionAudit(SqlAuditLog):
    """The audit trail of one decision's transaction: every entry of the decision (the
    screening's, the review queue's, the decision's own) is appended, unchanged and in order,
    when the decision commits — with one lock of the chain's head, one multi-row insert and one
    head update instead of three statements per entry. The head is locked only for that last
    moment, so decisions at other lanes wait on it less. Entries are numbered and chained
    at the flush; :meth:`append` answers an entry without them (nothing here reads them)."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.pending: list[tuple[AuditEvent, datetime]] = []

    def append(self, event: AuditEvent, at: datetime) -> AuditEntry:
        self.pending.append((event, at))
        return AuditEntry(0, at, event, "", "")

    def flush(self) -> None:
        self.append_many(self.pending)
        self.pending.clear()


class SqlClearanceStore:
    """The central store of one decision, on a unit of work (``uow.clearance_store()``).
    Its audit entries, also those the screening review writes through ``uow.audit``, are
    appended when it commits (:class:`DecisionAudit`)."""

    degraded = False

    def __init__(self, uow: Any, cipher: FieldCipher) -> None:
        self._uow = uow
        self._conn: Connection = uow.conn
        self._c = cipher
        self._doc_ids: dict[str, str] = {}
        self._confusables: dict[str, list[TravelDocument]] = {}
        self._audit = DecisionAudit(uow.conn)
        uow.audit = self._audit  # record_hits appends through the unit of work

    def remember(self, known: KnownDocument) -> None:
        doc = known.document
        self._doc_ids[document_key(doc.issuing_state, doc.number)] = doc.id

    def lock_document(self, issuing_state: str, number: str) -> None:
        """Row lock on PostgreSQL (SQLite transactions start with BEGIN IMMEDIATE)."""
        bidx = self._c.blind_index("travel_documents.number", document_key(issuing_state, number))
        if self._conn.dialect.name == "postgresql":
            self._conn.execute(
                select(travel_documents.c.id)
                .where(travel_documents.c.number_bidx == bidx)
                .with_for_update()
            ).all()

    def _known(self, doc: TravelDocument | None) -> KnownDocument | None:
        if doc is None:
            return None
        person = self._uow.people.get(doc.person_id)
        if person is None:
            return None
        self._doc_ids[document_key(doc.issuing_state, doc.number)] = doc.id
        return KnownDocument(doc, person)

    def _confusable(self, issuing_state: str, number: str) -> list[TravelDocument]:
        """The registry's documents with this number up to OCR confusions, read once per
        decision: the document itself is among them (its exact number folds the same)."""
        key = document_key(issuing_state, number)
        if key not in self._confusables:
            found = self._uow.documents.find_confusable(issuing_state, normalise_number(number))
            self._confusables[key] = found
        return self._confusables[key]

    def find_document(self, issuing_state: str, number: str) -> KnownDocument | None:
        key = document_key(issuing_state, number)
        docs = self._confusable(issuing_state, number)
        doc = next((d for d in docs if document_key(d.issuing_state, d.number) == key), None)
        if doc is None and len(docs) >= CONFUSABLE_LIMIT:  # a truncated list: ask exactly
            doc = self._uow.documents.find(issuing_state, number)
        return self._known(doc)

    def document_by_id(self, document_id: str) -> KnownDocument | None:
        row = self._conn.execute(
            select(travel_documents.c.person_id).where(travel_documents.c.id == document_id)
        ).first()
        if row is None:
            return None
        doc = next(
            (d for d in self._uow.documents.for_person(row.person_id) if d.id == document_id), None
        )
        return self._known(doc)

    def registry_status(self, issuing_state: str, number: str, today: date) -> RegistryStatus:
        clean = normalise_number(number)
        hits: list[RegistryHit] = []
        for doc in self._confusable(issuing_state, clean):
            exact = normalise_number(doc.number) == clean
            hits.append(
                RegistryHit(MatchKind.EXACT if exact else MatchKind.OCR_VARIANT, document=doc)
            )
        for alert in self._uow.alerts.find_confusable(issuing_state, clean):
            exact = alert.number == clean
            hits.append(
                RegistryHit(MatchKind.EXACT if exact else MatchKind.OCR_VARIANT, alert=alert)
            )
        status = assess(issuing_state, clean, hits, today)
        own = next((h.document for h in hits if h.document and h.match is MatchKind.EXACT), None)
        if own is not None and status.status == "valid" and self._unverified(own.id):
            return replace(status, status="not_found", reasons=("registry.first_seen",))
        return status

    def _unverified(self, document_id: str) -> bool:
        row = self._conn.execute(
            select(first_seen_documents.c.unverified).where(
                first_seen_documents.c.document_id == document_id
            )
        ).first()
        return bool(row and row.unverified)

    def register_traveller(
        self, person: Person, document: TravelDocument, unverified: bool
    ) -> None:
        register_first_seen(self._uow, person, document, unverified)
        self._doc_ids[document_key(document.issuing_state, document.number)] = document.id

    def _document_id(self, key: str) -> str | None:
        if key not in self._doc_ids:
            state, _, number = key.partition(":")
            doc = self._uow.documents.find(state, number)
            if doc is None:
                return None
            self._doc_ids[key] = doc.id
        return self._doc_ids[key]

    def last_movement(self, document_key: str) -> Movement | None:
        doc_id = self._document_id(document_key)
        if doc_id is None:
            return None
        q = (
            select(movements)
            .where(movements.c.document_id == doc_id)
            .order_by(movements.c.occurred_at.desc())
            .limit(1)
        )
        row = self._conn.execute(q).first()
        return movement_of(row, self._c) if row else None

    def last_entry(self, person_id: str, document_key: str) -> Movement | None:
        """The person's last clearance of any kind, if it is an entry (an exit after another
        exit has no open entry). Refused and referred crossings do not count."""
        if person_id:
            where = movements.c.person_id == person_id
        else:
            doc_id = self._document_id(document_key)
            if doc_id is None:
                return None
            where = movements.c.document_id == doc_id
        q = (
            select(movements)
            .where(where, movements.c.decision == Decision.CLEAR.value)
            .order_by(movements.c.occurred_at.desc())
            .limit(1)
        )
        row = self._conn.execute(q).first()
        if row is None or row.direction != Direction.ENTRY.value:
            return None
        return movement_of(row, self._c)

    def trips_used(self, document_key: str, endorsement: str) -> int:
        q = (
            select(func.count())
            .select_from(endorsement_trips)
            .where(
                endorsement_trips.c.document_bidx == trip_index(self._c, document_key),
                endorsement_trips.c.endorsement == endorsement[:64],
            )
        )
        return int(self._conn.execute(q).scalar_one())

    def use_trip(self, document_key: str, endorsement: str, movement_id: str) -> None:
        self._conn.execute(
            insert_ignoring_duplicates(self._conn, endorsement_trips),
            [
                {
                    "document_bidx": trip_index(self._c, document_key),
                    "endorsement": endorsement[:64],
                    "movement_id": movement_id,
                }
            ],
        )

    def stored_answer(self, caller: str, key: str) -> StoredAnswer | None:
        row = self._conn.execute(
            select(clearance_requests).where(
                clearance_requests.c.caller == caller, clearance_requests.c.idem_key == key
            )
        ).first()
        if row is None:
            return None
        answer = json.loads(self._c.open(ANSWER, row.answer_enc) or "{}")
        return StoredAnswer(row.request_hash, row.movement_id, answer)

    def remember_answer(self, caller: str, key: str, answer: StoredAnswer) -> None:
        self._conn.execute(
            clearance_requests.insert(),
            [
                {
                    "caller": caller,
                    "idem_key": key,
                    "request_hash": answer.request_hash,
                    "movement_id": answer.movement_id,
                    "answer_enc": self._c.seal(ANSWER, json.dumps(answer.answer)),
                    "created_at": datetime.fromisoformat(str(answer.answer["occurred_at"])),
                }
            ],
        )

    def add_movement(self, movement: Movement, document_key: str, identity: dict[str, str]) -> None:
        self._conn.execute(movements.insert(), [movement_row(movement, self._c)])

    def flag_movement(self, movement_id: str, flag: str) -> None:
        row = self._conn.execute(
            select(movements.c.flags).where(movements.c.id == movement_id)
        ).first()
        if row is None:
            return
        flags = json.loads(row.flags) if row.flags else []
        if flag not in flags:
            flags.append(flag)
            self._conn.execute(
                movements.update()
                .where(movements.c.id == movement_id)
                .values(flags=json.dumps(flags))
            )

    def add_referral(self, referral: Referral) -> None:
        self._conn.execute(referrals.insert(), [referral_row(referral)])

    def record_hits(
        self, outcome: ScreeningOutcome, query: Query | None, context: HitContext
    ) -> None:
        record_hits(self._uow, outcome, context, query=query)

    def audit(self, event: AuditEvent, at: datetime) -> None:
        self._audit.append(event, at)

    def commit(self) -> None:
        self._flush_audit()
        self._uow.commit()

    def _flush_audit(self) -> None:
        self._audit.flush()


__all__ = [
    "DocumentStatus",
    "SqlClearanceRepository",
    "SqlClearanceStore",
    "insert_ignoring_duplicates",
    "movement_of",
    "movement_row",
]
