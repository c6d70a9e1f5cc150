"""The port's local write-ahead journal of clearance decisions (degraded mode).

When the central database cannot be reached, each decision is written here as one *batch*
(movement, referral, trips, idempotent answer, audit entries) in one local SQLite transaction,
sealed with the data keys. :func:`sync_journal` applies the batches to the central database in
order, each in one central transaction guarded by ``journal_applied`` (a batch id is applied at
most once, whatever happens between the central commit and marking the batch synced here), and
marks each synced only after the central commit.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.clearance_repos import (
    ANSWER,
    insert_ignoring_duplicates,
    movement_row,
    referral_row,
    register_first_seen,
    trip_index,
)
from guomen.adapters.db.tables import movements
from guomen.adapters.db.tables_clearance import (
    clearance_requests,
    endorsement_trips,
    journal_applied,
    referrals,
)
from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.audit.model import AuditEvent
from guomen.clearance.model import Decision, Direction, Lane, Movement, Referral, StoredAnswer
from guomen.clearance.ports import KnownDocument, Unavailable
from guomen.documents.chinese import DocumentKind
from guomen.documents.chinese.kinds import KIND_INFO, Issuer
from guomen.documents.model import DocumentStatus, DocumentType, TravelDocument
from guomen.documents.registry import RegistryStatus
from guomen.people.model import Person, Sex
from guomen.screening.matching import Query
from guomen.screening.review import HitContext
from guomen.screening.screen import ScreeningOutcome
from guomen.shared.clock import Clock
from guomen.shared.ids import new_id

PAYLOAD = "clearance_journal.payload"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, payload TEXT NOT NULL, synced_at TEXT);
CREATE TABLE IF NOT EXISTS local_movements (
    id TEXT PRIMARY KEY, doc TEXT NOT NULL, occurred_at TEXT NOT NULL, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_local_movements_doc ON local_movements (doc, occurred_at);
CREATE TABLE IF NOT EXISTS local_answers (
    caller TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
    movement_id TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (caller, key));
CREATE TABLE IF NOT EXISTS local_trips (
    doc TEXT NOT NULL, endorsement TEXT NOT NULL, movement_id TEXT NOT NULL,
    PRIMARY KEY (doc, endorsement, movement_id));
"""


def movement_to_dict(m: Movement) -> dict[str, Any]:
    d = asdict(m)
    d["occurred_at"] = m.occurred_at.isoformat()
    d["permitted_until"] = m.permitted_until.isoformat() if m.permitted_until else None
    return d


def movement_from_dict(d: dict[str, Any]) -> Movement:
    return Movement(
        **{
            **d,
            "direction": Direction(d["direction"]),
            "lane": Lane(d["lane"]),
            "decision": Decision(d["decision"]),
            "occurred_at": datetime.fromisoformat(d["occurred_at"]),
            "permitted_until": date.fromisoformat(d["permitted_until"])
            if d["permitted_until"]
            else None,
            "reason_codes": tuple(d["reason_codes"]),
            "versions": tuple(tuple(v) for v in d["versions"]),
            "flags": tuple(d["flags"]),
        }
    )


def _referral_to_dict(r: Referral) -> dict[str, Any]:
    d = asdict(r)
    d["created_at"] = r.created_at.isoformat()
    d["closed_at"] = None
    return d


def _referral_from_dict(d: dict[str, Any]) -> Referral:
    return Referral(
        id=d["id"],
        movement_id=d["movement_id"],
        port_code=d["port_code"],
        reason_codes=tuple(d["reason_codes"]),
        priority=bool(d["priority"]),
        created_at=datetime.fromisoformat(d["created_at"]),
        instructions=d["instructions"],
        person_id=d["person_id"],
        direction=Direction(d["direction"]) if d["direction"] else None,
        lane=Lane(d["lane"]) if d["lane"] else None,
    )


class Journal:
    """The local SQLite file. Thread-safe (one connection per call, WAL)."""

    def __init__(self, path: Path, cipher: FieldCipher) -> None:
        self.path = path
        self._c = cipher
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            yield db
        finally:
            db.close()

    def doc_index(self, key: str) -> str:
        return self._c.blind_index("clearance_journal.document", key)

    def seal(self, data: object) -> str:
        return self._c.seal(PAYLOAD, json.dumps(data)) or ""

    def open(self, token: str) -> Any:
        return json.loads(self._c.open(PAYLOAD, token) or "null")

    def pending(self) -> int:
        with self._connect() as db:
            return int(
                db.execute("SELECT count(*) FROM batches WHERE synced_at IS NULL").fetchone()[0]
            )

    def unsynced(self) -> list[tuple[str, dict[str, Any]]]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, payload FROM batches WHERE synced_at IS NULL ORDER BY created_at, rowid"
            ).fetchall()
        return [(r[0], self.open(r[1])) for r in rows]

    def mark_synced(self, batch_id: str, at: datetime) -> None:
        with self._connect() as db:
            db.execute("UPDATE batches SET synced_at = ? WHERE id = ?", (at.isoformat(), batch_id))

    def local_movements(self, key: str) -> list[Movement]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT payload FROM local_movements WHERE doc = ? ORDER BY occurred_at DESC",
                (self.doc_index(key),),
            ).fetchall()
        return [movement_from_dict(self.open(r[0])) for r in rows]

    def answer(self, caller: str, key: str) -> StoredAnswer | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT request_hash, movement_id, answer FROM local_answers "
                "WHERE caller = ? AND key = ?",
                (caller, key),
            ).fetchone()
        return StoredAnswer(row[0], row[1], self.open(row[2])) if row else None

    def trips(self, key: str, endorsement: str) -> int:
        with self._connect() as db:
            row = db.execute(
                "SELECT count(*) FROM local_trips WHERE doc = ? AND endorsement = ?",
                (self.doc_index(key), endorsement),
            ).fetchone()
        return int(row[0])

    def write(self, batch: dict[str, Any], at: datetime) -> None:
        """One local transaction: the batch and the local lookups it feeds."""
        with self._lock, self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT INTO batches (id, created_at, payload) VALUES (?, ?, ?)",
                    (batch["id"], at.isoformat(), self.seal(batch)),
                )
                for item in batch["movements"]:
                    m = item["movement"]
                    db.execute(
                        "INSERT INTO local_movements VALUES (?, ?, ?, ?)",
                        (m["id"], self.doc_index(item["key"]), m["occurred_at"], self.seal(m)),
                    )
                for caller, key, request_hash, movement_id, answer in batch["answers"]:
                    db.execute(
                        "INSERT INTO local_answers VALUES (?, ?, ?, ?, ?)",
                        (caller, key, request_hash, movement_id, self.seal(answer)),
                    )
                for key, endorsement, movement_id in batch["trips"]:
                    db.execute(
                        "INSERT OR IGNORE INTO local_trips VALUES (?, ?, ?)",
                        (self.doc_index(key), endorsement, movement_id),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise


class JournalStore:
    """A :class:`~guomen.clearance.ports.ClearanceStore` on the local journal: no registry
    (``Unavailable``), history and trips from what this port recorded while degraded."""

    degraded = True

    def __init__(self, journal: Journal) -> None:
        self._j = journal
        self._batch: dict[str, Any] = {
            "id": new_id(),
            "movements": [],
            "referrals": [],
            "flags": [],
            "trips": [],
            "answers": [],
            "audit": [],
        }
        self._at: datetime | None = None

    def lock_document(self, issuing_state: str, number: str) -> None:
        return None

    def remember(self, known: KnownDocument) -> None:
        return None

    def find_document(self, issuing_state: str, number: str) -> KnownDocument | None:
        raise Unavailable("the registry is not reachable")

    def document_by_id(self, document_id: str) -> KnownDocument | None:
        raise Unavailable("the registry is not reachable")

    def registry_status(self, issuing_state: str, number: str, today: date) -> RegistryStatus:
        raise Unavailable("the registry is not reachable")

    def register_traveller(
        self, person: Person, document: TravelDocument, unverified: bool
    ) -> None:
        raise Unavailable("the registry is not reachable")

    def last_movement(self, document_key: str) -> Movement | None:
        found = self._j.local_movements(document_key)
        return found[0] if found else None

    def last_entry(self, person_id: str, document_key: str) -> Movement | None:
        cleared = [m for m in self._j.local_movements(document_key) if m.decision is Decision.CLEAR]
        if cleared and cleared[0].direction is Direction.ENTRY:
            return cleared[0]
        return None

    def trips_used(self, document_key: str, endorsement: str) -> int:
        return self._j.trips(document_key, endorsement)

    def use_trip(self, document_key: str, endorsement: str, movement_id: str) -> None:
        self._batch["trips"].append((document_key, endorsement, movement_id))

    def stored_answer(self, caller: str, key: str) -> StoredAnswer | None:
        return self._j.answer(caller, key)

    def remember_answer(self, caller: str, key: str, answer: StoredAnswer) -> None:
        self._batch["answers"].append(
            (caller, key, answer.request_hash, answer.movement_id, answer.answer)
        )

    def add_movement(self, movement: Movement, document_key: str, identity: dict[str, str]) -> None:
        self._at = movement.occurred_at
        self._batch["movements"].append(
            {"movement": movement_to_dict(movement), "key": document_key, "identity": identity}
        )

    def flag_movement(self, movement_id: str, flag: str) -> None:
        self._batch["flags"].append((movement_id, flag))

    def add_referral(self, referral: Referral) -> None:
        self._batch["referrals"].append(_referral_to_dict(referral))

    def record_hits(
        self, outcome: ScreeningOutcome, query: Query | None, context: HitContext
    ) -> None:
        """Not journaled: while degraded, a hit refers the traveller (the movement's reasons
        say which entry), and the officer at the counter works it there; the back office's
        queue gets the hits of movements recorded centrally."""

    def audit(self, event: AuditEvent, at: datetime) -> None:
        self._at = self._at or at
        self._batch["audit"].append((asdict(event), at.isoformat()))

    def commit(self) -> None:
        if self._at is not None:
            self._j.write(self._batch, self._at)


@dataclass(frozen=True, slots=True)
class SyncReport:
    applied: int
    already_applied: int
    movements: int


def _person_and_document(
    uow: SqlUnitOfWork, identity: dict[str, str], now: datetime
) -> tuple[str, str]:
    state, number = identity["issuing_state"], identity["number"]
    kind = identity.get("kind", "")
    info = KIND_INFO.get(DocumentKind(kind)) if kind in set(DocumentKind) else None
    doc = uow.documents.find(state, number)
    if doc is not None:
        return doc.person_id, doc.id
    sex = identity.get("sex", "")
    birth = identity.get("birth_date", "")
    expires = identity.get("expires_on", "")
    person = Person(
        id=new_id(),
        surname=identity.get("surname", ""),
        given_names=identity.get("given_names", ""),
        sex=Sex(sex) if sex in ("M", "F", "X") else Sex.UNSPECIFIED,
        birth_date=date.fromisoformat(birth) if birth else date(1900, 1, 1),
        nationality=identity.get("nationality", state)[:3],
        created_at=now,
    )
    document = TravelDocument(
        id=new_id(),
        person_id=person.id,
        doc_type=(info.document_type if info else None) or DocumentType.PASSPORT,
        issuing_state=state,
        number=number,
        issued_on=now.date(),
        expires_on=date.fromisoformat(expires) if expires else now.date(),
        status=DocumentStatus.VALID,
        created_at=now,
    )
    register_first_seen(uow, person, document, info is not None and info.issuer is Issuer.PRC)
    return person.id, document.id


def _apply(uow: SqlUnitOfWork, cipher: FieldCipher, batch: dict[str, Any], now: datetime) -> int:
    conn = uow.conn
    linked: dict[str, str] = {}
    count = 0
    for item in batch["movements"]:
        m = movement_from_dict(item["movement"])
        person_id, document_id = _person_and_document(uow, item["identity"], now)
        linked[m.id] = person_id
        m = replace(m, person_id=person_id, document_id=document_id)
        inserted = conn.execute(
            insert_ignoring_duplicates(conn, movements).returning(movements.c.id),
            movement_row(m, cipher),
        ).first()
        count += inserted is not None
    for raw in batch["referrals"]:
        r = _referral_from_dict(raw)
        r = replace(r, person_id=linked.get(r.movement_id, r.person_id))
        conn.execute(insert_ignoring_duplicates(conn, referrals), [referral_row(r)])
    for movement_id, flag in batch["flags"]:
        from guomen.adapters.db.clearance_repos import SqlClearanceStore

        SqlClearanceStore(uow, cipher).flag_movement(movement_id, flag)
    for key, endorsement, movement_id in batch["trips"]:
        conn.execute(
            insert_ignoring_duplicates(conn, endorsement_trips),
            [
                {
                    "document_bidx": trip_index(cipher, key),
                    "endorsement": endorsement,
                    "movement_id": movement_id,
                }
            ],
        )
    for caller, key, request_hash, movement_id, answer in batch["answers"]:
        conn.execute(
            insert_ignoring_duplicates(conn, clearance_requests),
            [
                {
                    "caller": caller,
                    "idem_key": key,
                    "request_hash": request_hash,
                    "movement_id": movement_id,
                    "answer_enc": cipher.seal(ANSWER, json.dumps(answer)),
                    "created_at": now,
                }
            ],
        )
    for event, at in batch["audit"]:
        detail = {**event["detail"], "journal_batch": batch["id"]}
        uow.audit.append(AuditEvent(**{**event, "detail": detail}), datetime.fromisoformat(at))
    return count


def sync_journal(
    journal: Journal, uow_factory: Callable[[], SqlUnitOfWork], cipher: FieldCipher, clock: Clock
) -> SyncReport:
    """Apply every unsynced batch to the central database, in order, each exactly once."""
    applied = already = moved = 0
    for batch_id, batch in journal.unsynced():
        with uow_factory() as uow:
            fresh = uow.conn.execute(
                insert_ignoring_duplicates(uow.conn, journal_applied).returning(
                    journal_applied.c.batch_id
                ),
                {"batch_id": batch_id, "applied_at": clock.now()},
            ).first()
            if fresh:
                moved += _apply(uow, cipher, batch, clock.now())
                applied += 1
            else:
                already += 1
            uow.commit()
        journal.mark_synced(batch_id, clock.now())
    return SyncReport(applied, already, moved)
