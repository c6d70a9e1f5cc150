"""Watchlists, their versions and their entries in SQL.

Each entry's personal data (names, birth dates, documents, nationalities, notes ...) is one JSON
payload sealed with :class:`FieldCipher` (field ``watchlist_entries.payload``); a proposed
version's added and changed entries are sealed the same way in ``watchlist_changes`` (field
``watchlist_changes.payload``) until it is approved. Only ids, list type and validity dates are
stored in the clear. Large lists are read and written page by page (keyset on the entry id).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables import (
    watchlist_changes,
    watchlist_entries,
    watchlist_versions,
    watchlists,
)
from guomen.adapters.db.watchlist_apply import CHANGE_FIELD, ENTRY_FIELD, PAGE, apply_version
from guomen.adapters.db.watchlist_payload import dump_entry, load_entry
from guomen.screening.model import ListType, Watchlist, WatchlistEntry
from guomen.screening.ports import ChangeKind, ChangeRecord, EntryCounts, VersionRecord
from guomen.screening.versions import ListVersion, VersionStatus
from guomen.shared.clock import as_utc
from guomen.shared.errors import Conflict

E = watchlist_entries.c
V = watchlist_versions.c
W = watchlists.c


class SqlWatchlistRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, watchlist: Watchlist, at: datetime) -> None:
        try:
            with self._conn.begin_nested():
                self._conn.execute(
                    watchlists.insert().values(**_list_row(watchlist), created_at=at)
                )
        except IntegrityError:
            raise Conflict(f"watchlist {watchlist.list_id!r} already exists") from None

    def get(self, list_id: str) -> Watchlist | None:
        row = self._conn.execute(select(watchlists).where(W.list_id == list_id)).first()
        return _watchlist(row) if row else None

    def all(self) -> list[Watchlist]:
        return [_watchlist(r) for r in self._conn.execute(select(watchlists).order_by(W.list_id))]


def _list_row(w: Watchlist) -> dict[str, Any]:
    return {
        "list_id": w.list_id,
        "name": w.name,
        "list_type": w.list_type.value,
        "issuing_authority": w.issuing_authority,
        "legal_basis": w.legal_basis,
        "action_instructions": w.action_instructions,
        "priority": w.priority,
        "valid_from": w.valid_from,
        "valid_until": w.valid_until,
    }


def _watchlist(r: Any) -> Watchlist:
    return Watchlist(
        list_id=r.list_id,
        name=r.name,
        list_type=ListType(r.list_type),
        issuing_authority=r.issuing_authority,
        legal_basis=r.legal_basis,
        action_instructions=r.action_instructions,
        priority=r.priority,
        valid_from=r.valid_from,
        valid_until=r.valid_until,
    )


class SqlListVersionRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def add(self, version_id: str, version: ListVersion, *, skipped: int = 0) -> None:
        diff = version.diff
        try:
            with self._conn.begin_nested():
                self._conn.execute(
                    watchlist_versions.insert().values(
                        id=version_id,
                        list_id=version.list_id,
                        number=version.number,
                        source=version.source[:300],
                        author=version.created_by[:160],
                        created_at=version.created_at,
                        status=version.status.value,
                        comment=version.comment,
                        added=len(diff.added),
                        changed=len(diff.changed),
                        removed=len(diff.removed),
                        unchanged=diff.unchanged,
                        skipped=skipped,
                    )
                )
        except IntegrityError:
            raise Conflict(
                f"version {version.number} of {version.list_id} was proposed meanwhile; try again"
            ) from None
        self._add_changes(version_id, version)

    def _add_changes(self, version_id: str, version: ListVersion) -> None:
        seal = self._c.seal
        diff = version.diff
        rows: list[dict[str, Any]] = [
            _change(version_id, e.entry_id, ChangeKind.ADDED, "", seal(CHANGE_FIELD, dump_entry(e)))
            for e in diff.added
        ]
        rows += [
            _change(
                version_id,
                c.entry_id,
                ChangeKind.CHANGED,
                ",".join(c.fields),
                seal(CHANGE_FIELD, dump_entry(c.after)),
            )
            for c in diff.changed
        ]
        rows += [
            _change(version_id, e.entry_id, ChangeKind.REMOVED, "", None) for e in diff.removed
        ]
        for start in range(0, len(rows), PAGE):
            self._conn.execute(watchlist_changes.insert(), rows[start : start + PAGE])

    def get(self, version_id: str) -> VersionRecord | None:
        row = self._conn.execute(select(watchlist_versions).where(V.id == version_id)).first()
        return _version(row) if row else None

    def for_list(self, list_id: str) -> list[VersionRecord]:
        q = select(watchlist_versions).where(V.list_id == list_id).order_by(V.number)
        return [_version(r) for r in self._conn.execute(q)]

    def last_number(self, list_id: str) -> int:
        q = select(func.max(V.number)).where(V.list_id == list_id)
        return int(self._conn.execute(q).scalar_one() or 0)

    def pending(self, list_id: str) -> VersionRecord | None:
        q = select(watchlist_versions).where(
            V.list_id == list_id, V.status == VersionStatus.PROPOSED.value
        )
        row = self._conn.execute(q.order_by(V.number.desc())).first()
        return _version(row) if row else None

    def changes(self, version_id: str, limit: int = 100) -> list[ChangeRecord]:
        c = watchlist_changes.c
        q = (
            select(c.entry_id, c.change, c.fields)
            .where(c.version_id == version_id)
            .order_by(c.change, c.entry_id)
            .limit(limit)
        )
        return [
            ChangeRecord(
                r.entry_id, ChangeKind(r.change), tuple(f for f in r.fields.split(",") if f)
            )
            for r in self._conn.execute(q)
        ]

    def decide(self, decided: ListVersion, version_id: str) -> bool:
        result = self._conn.execute(
            watchlist_versions.update()
            .where(V.id == version_id, V.status == VersionStatus.PROPOSED.value)
            .values(
                status=decided.status.value,
                decided_by=(decided.decided_by or "")[:160],
                decided_at=decided.decided_at,
                comment=decided.comment,
            )
        )
        return result.rowcount == 1


def _change(
    version_id: str, entry_id: str, change: ChangeKind, fields: str, payload: str | None
) -> dict[str, Any]:
    return {
        "version_id": version_id,
        "entry_id": entry_id,
        "change": change.value,
        "fields": fields,
        "payload_enc": payload,
    }


def _version(r: Any) -> VersionRecord:
    return VersionRecord(
        id=r.id,
        list_id=r.list_id,
        number=r.number,
        source=r.source,
        author=r.author,
        created_at=as_utc(r.created_at),
        status=VersionStatus(r.status),
        decided_by=r.decided_by,
        decided_at=as_utc(r.decided_at) if r.decided_at else None,
        comment=r.comment,
        added=r.added,
        changed=r.changed,
        removed=r.removed,
        unchanged=r.unchanged,
        skipped=r.skipped,
    )


class SqlWatchlistEntryRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def _entry(self, payload: str) -> WatchlistEntry:
        return load_entry(self._c.open(ENTRY_FIELD, payload) or "")

    def current(self, list_id: str) -> Iterator[WatchlistEntry]:
        return self._pages(list_id, E.removed_in_version.is_(None))

    def _pages(self, list_id: str, *conditions: ColumnElement[bool]) -> Iterator[WatchlistEntry]:
        """Keyset pages in entry id order, in the caller's transaction (one snapshot)."""
        last: str | None = None
        while True:
            q = select(E.entry_id, E.payload_enc).where(E.list_id == list_id, *conditions)
            if last is not None:
                q = q.where(E.entry_id > last)
            rows = self._conn.execute(q.order_by(E.entry_id).limit(PAGE)).all()
            for row in rows:
                yield self._entry(row.payload_enc)
            if len(rows) < PAGE:
                return
            last = rows[-1].entry_id

    def apply(self, version_id: str, list_id: str) -> None:
        apply_version(self._conn, self._c, version_id, list_id)

    def active(self, on: date) -> Iterator[WatchlistEntry]:
        lists = select(W.list_id).where(_valid_on(W.valid_from, W.valid_until, on))
        for list_id in self._conn.execute(lists.order_by(W.list_id)).scalars().all():
            yield from self._pages(
                list_id, E.removed_in_version.is_(None), _valid_on(E.valid_from, E.valid_until, on)
            )

    def page(self, list_id: str, *, limit: int, offset: int = 0) -> list[WatchlistEntry]:
        q = (
            select(E.payload_enc)
            .where(E.list_id == list_id, E.removed_in_version.is_(None))
            .order_by(E.entry_id)
            .limit(limit)
            .offset(offset)
        )
        return [self._entry(p) for p in self._conn.execute(q).scalars()]

    def counts(self, list_id: str, on: date) -> EntryCounts:
        current = E.removed_in_version.is_(None)
        expired = and_(current, E.valid_until.is_not(None), E.valid_until < on)
        early = and_(current, E.valid_from.is_not(None), E.valid_from > on)
        q = select(
            func.count().filter(current),
            func.count().filter(and_(current, _valid_on(E.valid_from, E.valid_until, on))),
            func.count().filter(expired),
            func.count().filter(early),
            func.count().filter(E.removed_in_version.is_not(None)),
        ).where(E.list_id == list_id)
        row = self._conn.execute(q).one()
        return EntryCounts(*(int(n) for n in row))


def _valid_on(start: Any, end: Any, on: date) -> ColumnElement[bool]:
    return and_(or_(start.is_(None), start <= on), or_(end.is_(None), end >= on))
