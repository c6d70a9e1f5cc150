"""In-memory fakes of the screening storage ports (``guomen.screening.ports``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

from fakes import FakeAuditLog
from guomen.screening.model import Watchlist, WatchlistEntry
from guomen.screening.ports import ChangeKind, ChangeRecord, EntryCounts, VersionRecord
from guomen.screening.versions import ListDiff, ListVersion, VersionStatus
from guomen.shared.errors import Conflict


class FakeWatchlists:
    def __init__(self) -> None:
        self.rows: dict[str, Watchlist] = {}

    def add(self, watchlist: Watchlist, at: datetime) -> None:
        if watchlist.list_id in self.rows:
            raise Conflict(f"watchlist {watchlist.list_id!r} already exists")
        self.rows[watchlist.list_id] = watchlist

    def get(self, list_id: str) -> Watchlist | None:
        return self.rows.get(list_id)

    def all(self) -> list[Watchlist]:
        return sorted(self.rows.values(), key=lambda w: w.list_id)


class FakeListVersions:
    def __init__(self) -> None:
        self.records: dict[str, VersionRecord] = {}
        self.diffs: dict[str, ListDiff] = {}

    def add(self, version_id: str, version: ListVersion, *, skipped: int = 0) -> None:
        if any(
            r.list_id == version.list_id and r.number == version.number
            for r in self.records.values()
        ):
            raise Conflict("number taken")
        d = version.diff
        self.diffs[version_id] = d
        self.records[version_id] = VersionRecord(
            version_id, version.list_id, version.number, version.source, version.created_by,
            version.created_at, version.status, None, None, "", len(d.added), len(d.changed),
            len(d.removed), d.unchanged, skipped,
        )  # fmt: skip

    def get(self, version_id: str) -> VersionRecord | None:
        return self.records.get(version_id)

    def for_list(self, list_id: str) -> list[VersionRecord]:
        found = [r for r in self.records.values() if r.list_id == list_id]
        return sorted(found, key=lambda r: r.number)

    def last_number(self, list_id: str) -> int:
        return max((r.number for r in self.for_list(list_id)), default=0)

    def pending(self, list_id: str) -> VersionRecord | None:
        return next((r for r in self.for_list(list_id) if r.status is VersionStatus.PROPOSED), None)

    def changes(self, version_id: str, limit: int = 100) -> list[ChangeRecord]:
        d = self.diffs[version_id]
        rows = [ChangeRecord(e.entry_id, ChangeKind.ADDED) for e in d.added]
        rows += [ChangeRecord(c.entry_id, ChangeKind.CHANGED, c.fields) for c in d.changed]
        rows += [ChangeRecord(e.entry_id, ChangeKind.REMOVED) for e in d.removed]
        return rows[:limit]

    def decide(self, decided: ListVersion, version_id: str) -> bool:
        record = self.records[version_id]
        if record.status is not VersionStatus.PROPOSED:
            return False
        self.records[version_id] = replace(
            record,
            status=decided.status,
            decided_by=decided.decided_by,
            decided_at=decided.decided_at,
            comment=decided.comment,
        )
        return True


class FakeWatchlistEntries:
    def __init__(self, lists: FakeWatchlists, versions: FakeListVersions) -> None:
        self._lists = lists
        self._versions = versions
        self.rows: dict[tuple[str, str], WatchlistEntry] = {}
        self.removed: set[tuple[str, str]] = set()

    def current(self, list_id: str) -> Iterator[WatchlistEntry]:
        keys = sorted(k for k in self.rows if k[0] == list_id and k not in self.removed)
        return iter([self.rows[k] for k in keys])

    def apply(self, version_id: str, list_id: str) -> None:
        diff = self._versions.diffs[version_id]
        for entry in (*diff.added, *(c.after for c in diff.changed)):
            self.rows[(list_id, entry.entry_id)] = entry
            self.removed.discard((list_id, entry.entry_id))
        self.removed |= {(list_id, e.entry_id) for e in diff.removed}

    def active(self, on: date) -> Iterator[WatchlistEntry]:
        for w in self._lists.all():
            if w.is_active(on):
                yield from (e for e in self.current(w.list_id) if e.is_active(on))

    def page(self, list_id: str, *, limit: int, offset: int = 0) -> list[WatchlistEntry]:
        return list(self.current(list_id))[offset : offset + limit]

    def counts(self, list_id: str, on: date) -> EntryCounts:
        now = list(self.current(list_id))
        return EntryCounts(
            current=len(now),
            active=sum(e.is_active(on) for e in now),
            expired=sum(bool(e.valid_until and e.valid_until < on) for e in now),
            pending=sum(bool(e.valid_from and e.valid_from > on) for e in now),
            removed=sum(1 for k in self.removed if k[0] == list_id),
        )


class FakeScreeningUnitOfWork:
    def __init__(self) -> None:
        self.watchlists = FakeWatchlists()
        self.list_versions = FakeListVersions()
        self.watchlist_entries = FakeWatchlistEntries(self.watchlists, self.list_versions)
        self.audit = FakeAuditLog()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1
