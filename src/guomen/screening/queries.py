"""Reading watchlists: the lists, their versions and counts, their entries, and every active
entry for the screening index.

Lists, versions and counts hold no personal data: whoever manages, approves or reads lists may
see them, unaudited. Entries are personal data: reading them needs ``watchlist.read`` and is
audited, and so is each load of all active entries by the screening index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from guomen.audit.model import AuditEvent
from guomen.identity.model import Principal
from guomen.identity.policy import Action, can
from guomen.screening.model import Watchlist, WatchlistEntry
from guomen.screening.ports import (
    ChangeRecord,
    EntryCounts,
    ScreeningUnitOfWork,
    VersionRecord,
)
from guomen.screening.services import Actor, actor_name, audit_event
from guomen.screening.versions import VersionStatus
from guomen.shared.clock import Clock
from guomen.shared.errors import NotFound, ValidationFailed

MAX_PAGE = 1000
INDEX_ACTOR = "system:screening-index"


@dataclass(frozen=True, slots=True)
class ListSummary:
    watchlist: Watchlist
    counts: EntryCounts
    versions: tuple[VersionRecord, ...]

    @property
    def in_force(self) -> VersionRecord | None:
        """The latest approved version: the one the current entries come from."""
        approved = [v for v in self.versions if v.status is VersionStatus.APPROVED]
        return approved[-1] if approved else None

    @property
    def pending(self) -> VersionRecord | None:
        return next((v for v in self.versions if v.status is VersionStatus.PROPOSED), None)


def _may_see_lists(actor: Actor) -> None:
    """Any of manage, approve or read lets a person see lists and versions (no personal data)."""
    if isinstance(actor, Principal):
        granted = (Action.MANAGE_WATCHLIST, Action.APPROVE_WATCHLIST, Action.READ_WATCHLIST)
        action = next((a for a in granted if can(actor, a)), Action.READ_WATCHLIST)
        actor_name(actor, action)
    else:
        actor_name(actor, Action.READ_WATCHLIST)


def list_watchlists(uow: ScreeningUnitOfWork, actor: Actor) -> list[Watchlist]:
    _may_see_lists(actor)
    return uow.watchlists.all()


def watchlist_summary(
    uow: ScreeningUnitOfWork, actor: Actor, list_id: str, *, on: date
) -> ListSummary:
    """The list, how many entries it has (active, expired, removed ...) and its versions."""
    _may_see_lists(actor)
    watchlist = uow.watchlists.get(list_id)
    if watchlist is None:
        raise NotFound(f"no watchlist {list_id!r}")
    counts = uow.watchlist_entries.counts(list_id, on)
    return ListSummary(watchlist, counts, tuple(uow.list_versions.for_list(list_id)))


def list_versions(uow: ScreeningUnitOfWork, actor: Actor, list_id: str) -> list[VersionRecord]:
    _may_see_lists(actor)
    if uow.watchlists.get(list_id) is None:
        raise NotFound(f"no watchlist {list_id!r}")
    return uow.list_versions.for_list(list_id)


def version_changes(
    uow: ScreeningUnitOfWork, actor: Actor, version_id: str, *, limit: int = 100
) -> tuple[VersionRecord, list[ChangeRecord]]:
    """A version and the first ``limit`` lines of its diff: entry ids and changed fields."""
    _may_see_lists(actor)
    record = uow.list_versions.get(version_id.strip())
    if record is None:
        raise NotFound(f"no list version {version_id!r}")
    return record, uow.list_versions.changes(record.id, min(max(limit, 0), MAX_PAGE))


def list_entries(
    uow: ScreeningUnitOfWork,
    clock: Clock,
    actor: Actor,
    list_id: str,
    *,
    limit: int = 50,
    offset: int = 0,
    purpose: str = "",
) -> list[WatchlistEntry]:
    """A page of the entries on the list now, in entry id order (personal data: audited)."""
    actor_name(actor, Action.READ_WATCHLIST, purpose=purpose)
    if not (0 < limit <= MAX_PAGE and offset >= 0):
        raise ValidationFailed(f"ask for 1-{MAX_PAGE} entries from a non-negative offset")
    if uow.watchlists.get(list_id) is None:
        raise NotFound(f"no watchlist {list_id!r}")
    entries = uow.watchlist_entries.page(list_id, limit=limit, offset=offset)
    detail = {"entries": str(len(entries)), "offset": str(offset)}
    uow.audit.append(
        audit_event(actor, "watchlist.read", list_id, purpose=purpose, detail=detail), clock.now()
    )
    uow.commit()
    return entries


def active_entries(uow: ScreeningUnitOfWork, clock: Clock, on: date) -> Iterator[WatchlistEntry]:
    """Every entry in force on ``on`` (not removed, within its validity) of every list in force
    on ``on``, decrypted: what the screening index is built from.

    The load is audited (and committed) before the first entry is given; the entries then come
    from one transaction, so the index never sees half of an approval. Keep the unit of work
    open until the iterator is exhausted.
    """
    event = AuditEvent(
        INDEX_ACTOR,
        "system",
        "watchlist.load_active",
        "watchlist",
        "*",
        purpose="screening index",
        detail={"on": on.isoformat()},
    )
    uow.audit.append(event, clock.now())
    uow.commit()
    yield from uow.watchlist_entries.active(on)


def get_watchlist(uow: ScreeningUnitOfWork, actor: Actor, list_id: str) -> Watchlist:
    _may_see_lists(actor)
    watchlist = uow.watchlists.get(list_id)
    if watchlist is None:
        raise NotFound(f"no watchlist {list_id!r}; create it with `guomen watchlist create`")
    return watchlist
