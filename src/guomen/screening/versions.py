"""List versions: every import or edit of a watchlist is a version with a diff and an approver.

Pure functions. ``propose_version`` compares the entries before and after by their stable
``entry_id``; ``approve_version`` records who approved it (never the person who proposed it:
a border list changes under four eyes). Storage writes the approved version and its entries in
one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum

from guomen.screening.model import InvalidEntry, WatchlistEntry
from guomen.shared.errors import Conflict, PermissionDenied

_IDENTITY_FIELDS = ("entry_id", "list_id")


class VersionStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class EntryChange:
    before: WatchlistEntry
    after: WatchlistEntry
    fields: tuple[str, ...]  # names of the WatchlistEntry fields that differ

    @property
    def entry_id(self) -> str:
        return self.after.entry_id


@dataclass(frozen=True, slots=True)
class ListDiff:
    added: tuple[WatchlistEntry, ...] = ()
    changed: tuple[EntryChange, ...] = ()
    removed: tuple[WatchlistEntry, ...] = ()
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )


@dataclass(frozen=True, slots=True)
class ListVersion:
    list_id: str
    number: int  # 1 for the first import, then one more for each import or edit
    diff: ListDiff
    source: str  # "import un-xml UN_consolidated.xml", "edit" ...
    created_by: str
    created_at: datetime
    status: VersionStatus = VersionStatus.PROPOSED
    decided_by: str | None = None
    decided_at: datetime | None = None
    comment: str = ""


def diff_entries(previous: Iterable[WatchlistEntry], current: Iterable[WatchlistEntry]) -> ListDiff:
    """Added, changed (with the fields that changed) and removed entries, by ``entry_id``.

    The order of names, dates, documents and other tuple fields does not count as a change.
    Raises ``InvalidEntry`` when one side repeats an entry id.
    """
    before = _by_id(previous, "previous")
    after = _by_id(current, "new")
    added = [entry for entry_id, entry in after.items() if entry_id not in before]
    removed = [entry for entry_id, entry in before.items() if entry_id not in after]
    changed: list[EntryChange] = []
    unchanged = 0
    for entry_id, new in after.items():
        old = before.get(entry_id)
        if old is None:
            continue
        differing = () if old == new else changed_fields(old, new)
        if differing:
            changed.append(EntryChange(before=old, after=new, fields=differing))
        else:
            unchanged += 1
    return ListDiff(tuple(added), tuple(changed), tuple(removed), unchanged)


def changed_fields(old: WatchlistEntry, new: WatchlistEntry) -> tuple[str, ...]:
    """The fields in which two versions of one entry differ."""
    names = (f.name for f in fields(WatchlistEntry) if f.name not in _IDENTITY_FIELDS)
    return tuple(name for name in names if not _same(getattr(old, name), getattr(new, name)))


def _same(a: object, b: object) -> bool:
    if a == b:
        return True
    return isinstance(a, tuple) and isinstance(b, tuple) and Counter(a) == Counter(b)


def _by_id(entries: Iterable[WatchlistEntry], side: str) -> dict[str, WatchlistEntry]:
    result: dict[str, WatchlistEntry] = {}
    for entry in entries:
        if entry.entry_id in result:
            raise InvalidEntry(f"entry id {entry.entry_id!r} appears twice in the {side} entries")
        result[entry.entry_id] = entry
    return result


def apply_edit(
    previous: Iterable[WatchlistEntry],
    *,
    put: Iterable[WatchlistEntry] = (),
    remove: Iterable[str] = (),
) -> list[WatchlistEntry]:
    """The entries after an officer's edit: ``put`` adds or replaces by id, ``remove`` drops ids.

    Raises ``InvalidEntry`` for an id that is both put and removed, or removed but not listed.
    """
    entries = _by_id(previous, "previous")
    upserts = _by_id(put, "edited")
    removals = set(remove)
    both = removals & upserts.keys()
    if both:
        raise InvalidEntry(f"entry {sorted(both)[0]!r} is both edited and removed")
    missing = removals - entries.keys()
    if missing:
        raise InvalidEntry(f"entry {sorted(missing)[0]!r} is not on the list")
    entries.update(upserts)
    return [entry for entry_id, entry in entries.items() if entry_id not in removals]


def propose_version(
    *,
    list_id: str,
    previous_number: int,
    previous: Iterable[WatchlistEntry],
    current: Iterable[WatchlistEntry],
    source: str,
    author: str,
    at: datetime,
) -> ListVersion:
    """A new version of list ``list_id`` waiting for approval. ``previous_number`` is 0 for a new
    list. Every new entry must belong to ``list_id``."""
    _check_aware(at)
    new_entries = list(current)
    stray = next((e for e in new_entries if e.list_id != list_id), None)
    if stray is not None:
        raise InvalidEntry(f"entry {stray.entry_id!r} belongs to list {stray.list_id!r}")
    return ListVersion(
        list_id=list_id,
        number=previous_number + 1,
        diff=diff_entries(previous, new_entries),
        source=source,
        created_by=author,
        created_at=at,
    )


def approve_version(
    version: ListVersion, *, approver: str, at: datetime, comment: str = ""
) -> ListVersion:
    """Record who approved the version. The author cannot approve their own change."""
    return _decide(version, VersionStatus.APPROVED, approver, at, comment)


def reject_version(
    version: ListVersion, *, approver: str, at: datetime, comment: str = ""
) -> ListVersion:
    return _decide(version, VersionStatus.REJECTED, approver, at, comment)


def _decide(
    version: ListVersion, status: VersionStatus, approver: str, at: datetime, comment: str
) -> ListVersion:
    _check_aware(at)
    if version.status is not VersionStatus.PROPOSED:
        raise Conflict(f"version {version.number} of {version.list_id} is already {version.status}")
    if not approver.strip():
        raise PermissionDenied("a list version needs a named approver")
    if approver == version.created_by:
        raise PermissionDenied("the author of a list version cannot approve or reject it")
    return replace(version, status=status, decided_by=approver, decided_at=at, comment=comment)


def _check_aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("version times must be timezone-aware (UTC)")
