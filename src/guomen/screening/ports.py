"""What screening needs from storage: watchlists, their versions and their current entries.

A version is stored with its diff (the entries added or changed, sealed, and the ids removed)
while it waits for approval; approving it applies that diff to the current entries in the
same transaction as the decision.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from guomen.audit.ports import AuditLog
from guomen.screening.model import Watchlist, WatchlistEntry
from guomen.screening.versions import ListVersion, VersionStatus


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """A stored list version: who proposed it, who decided, and the size of its diff."""

    id: str
    list_id: str
    number: int
    source: str
    author: str
    created_at: datetime
    status: VersionStatus
    decided_by: str | None
    decided_at: datetime | None
    comment: str
    added: int
    changed: int
    removed: int
    unchanged: int
    skipped: int  # bad records left out of the import (--skip-bad)

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, "
            f"{self.removed} removed, {self.unchanged} unchanged"
        )


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """One line of a version's diff, without personal data: an id, what happened, which fields."""

    entry_id: str
    change: ChangeKind
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryCounts:
    current: int  # on the list now (not removed), whatever their validity
    active: int  # current and valid on the day asked
    expired: int  # current but past valid_until
    pending: int  # current but before valid_from
    removed: int  # removed by an approved version (kept for the record)


class WatchlistRepository(Protocol):
    def add(self, watchlist: Watchlist, at: datetime) -> None: ...
    def get(self, list_id: str) -> Watchlist | None: ...
    def all(self) -> list[Watchlist]: ...


class ListVersionRepository(Protocol):
    def add(self, version_id: str, version: ListVersion, *, skipped: int = 0) -> None:
        """Store a proposed version and its diff. Raises ``Conflict`` if the number is taken."""
        ...

    def get(self, version_id: str) -> VersionRecord | None: ...
    def for_list(self, list_id: str) -> list[VersionRecord]: ...
    def last_number(self, list_id: str) -> int: ...
    def pending(self, list_id: str) -> VersionRecord | None: ...
    def changes(self, version_id: str, limit: int = 100) -> list[ChangeRecord]: ...

    def decide(self, decided: ListVersion, version_id: str) -> bool:
        """Record the decision if the version is still proposed; False if it no longer is."""
        ...


class WatchlistEntryRepository(Protocol):
    def current(self, list_id: str) -> Iterator[WatchlistEntry]:
        """Entries on the list now (not removed), decrypted, in entry id order."""
        ...

    def apply(self, version_id: str, list_id: str) -> None:
        """Apply a version's stored diff: insert added, update changed, mark removed."""
        ...

    def active(self, on: date) -> Iterator[WatchlistEntry]:
        """Entries valid on ``on`` of lists valid on ``on``, decrypted, streamed."""
        ...

    def page(self, list_id: str, *, limit: int, offset: int = 0) -> list[WatchlistEntry]: ...
    def counts(self, list_id: str, on: date) -> EntryCounts: ...


class ScreeningUnitOfWork(Protocol):
    @property
    def watchlists(self) -> WatchlistRepository: ...

    @property
    def list_versions(self) -> ListVersionRepository: ...

    @property
    def watchlist_entries(self) -> WatchlistEntryRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    def commit(self) -> None: ...
