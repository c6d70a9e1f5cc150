"""Screening hits, dismissals and the people a list change is re-screened against, in SQL.

The traveller's query, the entry snapshot, the matcher's explanation and the officer's reason
are sealed with :class:`FieldCipher` (fields ``screening_hits.query``, ``.entry``,
``.explanation``, ``.reason`` and ``screening_dismissals.reason``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables import (
    movements,
    persons,
    travel_documents,
    watchlist_changes,
    watchlist_entries,
    watchlists,
)
from guomen.adapters.db.tables_screening_review import screening_dismissals, screening_hits
from guomen.adapters.db.watchlist_apply import CHANGE_FIELD, ENTRY_FIELD
from guomen.adapters.db.watchlist_payload import dump_entry, load_entry
from guomen.people.model import Sex
from guomen.screening.matching import BirthDate, Decision, Query
from guomen.screening.model import WatchlistEntry
from guomen.screening.ports import ChangeKind
from guomen.screening.rescreen import PersonRecord
from guomen.screening.review import Dismissal, EntryRef, HitPage, HitStatus, ReviewHit
from guomen.shared.clock import as_utc

H = screening_hits.c
D = screening_dismissals.c
E = watchlist_entries.c
W = watchlists.c
M = movements.c
PAGE = 500
_SEVERITY = {Decision.MATCH.value: 0, Decision.POSSIBLE.value: 1}


def dump_query(query: Query) -> str:
    body = {
        "names": list(query.names),
        "birth_date": str(query.birth_date) if query.birth_date else None,
        "nationality": query.nationality,
        "document_number": query.document_number,
        "sex": query.sex.value if query.sex else None,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def load_query(text: str) -> Query:
    body = json.loads(text)
    born = body.get("birth_date")
    parts = [int(p) for p in born.split("-")] if born else []
    return Query(
        names=tuple(body["names"]),
        birth_date=BirthDate(*parts) if parts else None,
        nationality=body.get("nationality"),
        document_number=body.get("document_number"),
        sex=Sex(body["sex"]) if body.get("sex") else None,
    )


class SqlScreeningHitRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def add(self, hit: ReviewHit) -> None:
        seal = self._c.seal
        self._conn.execute(
            screening_hits.insert().values(
                id=hit.id,
                person_id=hit.person_id,
                list_id=hit.list_id,
                entry_id=hit.entry_id,
                entry_version=hit.entry_version,
                list_type=hit.list_type,
                priority=hit.priority,
                score=hit.score,
                decision=hit.decision.value,
                explanation_enc=seal("screening_hits.explanation", hit.explanation),
                algorithm=hit.algorithm[:64],
                algorithm_version=hit.algorithm_version[:32],
                source=hit.source,
                subject_ref=hit.subject_ref,
                port_code=hit.port_code,
                query_enc=seal("screening_hits.query", dump_query(hit.query))
                if hit.query
                else None,
                entry_enc=seal("screening_hits.entry", dump_entry(hit.entry))
                if hit.entry
                else None,
                entry_valid_until=hit.entry_valid_until,
                created_at=hit.created_at,
                status=hit.status.value,
                reviewer=None,
                reason_enc=None,
                decided_at=None,
            )
        )

    def _hit(self, r: Any) -> ReviewHit:
        op = self._c.open
        query = op("screening_hits.query", r.query_enc)
        entry = op("screening_hits.entry", r.entry_enc)
        return ReviewHit(
            id=r.id,
            person_id=r.person_id,
            list_id=r.list_id,
            entry_id=r.entry_id,
            entry_version=r.entry_version,
            list_type=r.list_type,
            priority=r.priority,
            entry_name=load_entry(entry).primary_name if entry else r.entry_id,
            score=float(r.score),
            decision=Decision(r.decision),
            explanation=op("screening_hits.explanation", r.explanation_enc) or "",
            algorithm=r.algorithm,
            algorithm_version=r.algorithm_version,
            source=r.source,
            subject_ref=r.subject_ref,
            port_code=r.port_code,
            created_at=as_utc(r.created_at),
            status=HitStatus(r.status),
            reviewer=r.reviewer,
            reason=op("screening_hits.reason", r.reason_enc) or "",
            decided_at=as_utc(r.decided_at) if r.decided_at else None,
            query=load_query(query) if query else None,
            entry=load_entry(entry) if entry else None,
            entry_valid_until=r.entry_valid_until,
        )

    def get(self, hit_id: str) -> ReviewHit | None:
        row = self._conn.execute(select(screening_hits).where(H.id == hit_id)).first()
        return self._hit(row) if row else None

    def open_for(self, person_id: str) -> dict[tuple[str, str, str], str]:
        q = select(H.id, H.list_id, H.entry_id, H.entry_version).where(
            H.person_id == person_id, H.status == HitStatus.OPEN.value
        )
        found: dict[tuple[str, str, str], str] = {}
        for r in self._conn.execute(q.order_by(H.created_at, H.id)):
            found.setdefault((r.list_id, r.entry_id, r.entry_version), r.id)
        return found

    def search(
        self, *, status: HitStatus | None, ports: frozenset[str] | None, limit: int, offset: int
    ) -> HitPage:
        where: list[ColumnElement[bool]] = []
        if status is not None:
            where.append(H.status == status.value)
        if ports is not None:
            where.append(or_(H.port_code.is_(None), H.port_code.in_(sorted(ports))))
        total = self._conn.execute(
            select(func.count()).select_from(screening_hits).where(*where)
        ).scalar_one()
        severity = (H.decision != Decision.MATCH.value).label("severity")
        q = (
            select(screening_hits, severity)
            .where(*where)
            .order_by(severity, H.priority, H.created_at.desc(), H.id)
            .limit(limit)
            .offset(offset)
        )
        hits = tuple(self._hit(r) for r in self._conn.execute(q))
        return HitPage(hits, int(total))

    def decide(self, hit: ReviewHit) -> bool:
        result = self._conn.execute(
            screening_hits.update()
            .where(H.id == hit.id, H.status == HitStatus.OPEN.value)
            .values(
                status=hit.status.value,
                reviewer=(hit.reviewer or "")[:160],
                reason_enc=self._c.seal("screening_hits.reason", hit.reason),
                decided_at=hit.decided_at,
            )
        )
        return result.rowcount == 1

    def entry_refs(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], EntryRef]:
        by_list: dict[str, list[str]] = {}
        for list_id, entry_id in sorted(set(pairs)):
            by_list.setdefault(list_id, []).append(entry_id)
        found: dict[tuple[str, str], EntryRef] = {}
        # One query per list with ``entry_id IN (...)``: both halves of the primary key are
        # used (a tuple IN lets SQLite use only the list half and read the whole list).
        chunks = [
            (list_id, ids[start : start + PAGE])
            for list_id, ids in by_list.items()
            for start in range(0, len(ids), PAGE)
        ]
        for list_id, chunk in chunks:
            q = (
                select(E.list_id, E.entry_id, E.version_id, E.payload_enc, E.valid_until)
                .add_columns(W.valid_until.label("list_until"), W.priority)
                .join(watchlists, W.list_id == E.list_id)
                .where(E.list_id == list_id, E.entry_id.in_(chunk), E.removed_in_version.is_(None))
            )
            for r in self._conn.execute(q):
                plain = self._c.open(ENTRY_FIELD, r.payload_enc) or ""
                found[(r.list_id, r.entry_id)] = EntryRef(
                    version_id=r.version_id,
                    valid_until=_earlier(r.valid_until, r.list_until),
                    priority=int(r.priority),
                    entry=load_entry(plain),
                )
        return found


def _earlier(a: date | None, b: date | None) -> date | None:
    days = [d for d in (a, b) if d is not None]
    return min(days) if days else None


class SqlDismissalRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def add(self, dismissal: Dismissal) -> None:
        self._conn.execute(
            screening_dismissals.insert().values(
                id=dismissal.id,
                hit_id=dismissal.hit_id,
                person_id=dismissal.person_id,
                list_id=dismissal.list_id,
                entry_id=dismissal.entry_id,
                entry_version=dismissal.entry_version,
                until=dismissal.until,
                created_by=dismissal.created_by[:160],
                created_at=dismissal.created_at,
                reason_enc=self._c.seal("screening_dismissals.reason", dismissal.reason),
            )
        )

    def active(self, person_id: str, at: datetime) -> frozenset[tuple[str, str]]:
        same_version = exists().where(
            E.list_id == D.list_id,
            E.entry_id == D.entry_id,
            E.version_id == D.entry_version,
            E.removed_in_version.is_(None),
        )
        q = select(D.list_id, D.entry_id).where(
            D.person_id == person_id, D.until > at, same_version
        )
        return frozenset((r.list_id, r.entry_id) for r in self._conn.execute(q))


class SqlRescreenSource:
    """People to re-screen (streamed by person id) and the entries of a version."""

    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def version_entries(self, version_id: str) -> Iterator[WatchlistEntry]:
        c = watchlist_changes.c
        kinds = (ChangeKind.ADDED.value, ChangeKind.CHANGED.value)
        last: str | None = None
        while True:
            q = select(c.entry_id, c.payload_enc).where(
                c.version_id == version_id, c.change.in_(kinds)
            )
            if last is not None:
                q = q.where(c.entry_id > last)
            rows = self._conn.execute(q.order_by(c.entry_id).limit(PAGE)).all()
            for r in rows:
                yield load_entry(self._c.open(CHANGE_FIELD, r.payload_enc) or "")
            if len(rows) < PAGE:
                return
            last = rows[-1].entry_id

    def travellers(self, since: datetime, *, batch: int) -> Iterator[list[PersonRecord]]:
        """Keyset pages of people who ever moved, with their last movement; those who crossed
        since ``since`` or are inside are kept."""
        last: str | None = None
        while True:
            page = select(M.person_id, func.max(M.occurred_at).label("last_at"))
            if last is not None:
                page = page.where(M.person_id > last)
            latest = page.group_by(M.person_id).order_by(M.person_id).limit(batch).subquery()
            q = (
                select(M.person_id, M.port_code, M.direction, M.occurred_at)
                .add_columns(persons, travel_documents.c.number_enc)
                .join(
                    latest,
                    and_(M.person_id == latest.c.person_id, M.occurred_at == latest.c.last_at),
                )
                .join(persons, persons.c.id == M.person_id)
                .join(travel_documents, travel_documents.c.id == M.document_id)
                .order_by(M.person_id, M.id)
            )
            chosen: dict[str, PersonRecord | None] = {}
            for r in self._conn.execute(q):
                if r.person_id in chosen:
                    continue
                at = as_utc(r.occurred_at)
                inside = r.direction == "entry"
                chosen[r.person_id] = self._record(r, at, inside) if inside or at >= since else None
            found = [p for p in chosen.values() if p is not None]
            if found:
                yield found
            if len(chosen) < batch:
                return
            last = max(chosen)

    def _record(self, r: Any, at: datetime, inside: bool) -> PersonRecord:
        op = self._c.open
        return PersonRecord(
            person_id=r.person_id,
            surname=op("persons.surname", r.surname_enc) or "",
            given_names=op("persons.given_names", r.given_names_enc) or "",
            name_local=op("persons.name_local", r.name_local_enc),
            birth_date=date.fromisoformat(op("persons.birth_date", r.birth_date_enc) or ""),
            sex=r.sex,
            nationality=r.nationality,
            document_number=op("travel_documents.number", r.number_enc),
            port_code=r.port_code,
            last_movement_at=at,
            inside=inside,
        )
