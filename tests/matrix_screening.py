"""Route × role rows of the screening pages and API (lists, versions, entry search, hit review).

Lists and versions (no personal data) are for whoever manages, approves or reads lists (the
administrator and the back office); entries and hits are for the back office only; approving
a version is the administrator's, never the version's author's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from guomen.screening import review
from guomen.screening import services as lists
from guomen.screening.index import IndexHolder, build_from
from guomen.screening.matching import BirthDate, Query
from guomen.screening.model import (
    DateSpec,
    DocumentKind,
    DocumentNumber,
    EntryName,
    EntrySource,
    ListType,
    NameKind,
    Watchlist,
    WatchlistEntry,
)
from guomen.screening.screen import screen_person

LIST_READERS = {"backoffice.sz", "admin"}
REVIEWERS = {"backoffice.sz"}
APPROVERS = {"admin"}
AUTHOR = "matrix-author"  # the operator who proposed the versions: never the approver

ROWS = [
    ("GET", "/screening/lists", LIST_READERS, 200),
    ("GET", "/screening/lists/{matrix_list}", LIST_READERS, 200),
    ("POST", "/screening/versions/{approve_version}/approve", APPROVERS, 303),
    ("POST", "/screening/versions/{reject_version}/reject", APPROVERS, 303),
    ("GET", "/screening/entries?name=CHAN+TAI+MAN", REVIEWERS, 200),
    ("GET", "/screening/hits", REVIEWERS, 200),
    ("GET", "/screening/hits/{page_hit}", REVIEWERS, 200),
    ("POST", "/screening/hits/{page_hit}/decision", REVIEWERS, 303),
    ("GET", "/api/v1/screening/lists", LIST_READERS, 200),
    ("GET", "/api/v1/screening/lists/{matrix_list}/versions", LIST_READERS, 200),
    ("GET", "/api/v1/screening/entries?name=CHAN+TAI+MAN", REVIEWERS, 200),
    ("GET", "/api/v1/screening/hits", REVIEWERS, 200),
    ("POST", "/api/v1/screening/hits/{api_hit}/decision", REVIEWERS, 200),
]

BODIES: dict[str, dict[str, object]] = {
    "/screening/versions/{approve_version}/approve": {"data": {"comment": "matrix"}},
    "/screening/versions/{reject_version}/reject": {"data": {"comment": "matrix: wrong file"}},
    "/screening/hits/{page_hit}/decision": {
        "data": {"verdict": "dismiss", "reason": "matrix: not the same person"}
    },
    "/api/v1/screening/hits/{api_hit}/decision": {
        "json": {"verdict": "confirm", "reason": "matrix"}
    },
}


def _entry(list_id: str, list_type: ListType, entry_id: str = "M1") -> WatchlistEntry:
    return WatchlistEntry(
        entry_id=entry_id,
        list_id=list_id,
        list_type=list_type,
        names=(EntryName.of("CHAN Tai Man"), EntryName.of("陈大文", NameKind.ORIGINAL_SCRIPT)),
        source=EntrySource.MANUAL,
        source_id="matrix",
        birth_dates=(DateSpec.exact(date(1970, 5, 3)),),
        documents=(DocumentNumber(DocumentKind.PASSPORT, "K12345678", "HKG"),),
    )


def _proposed(container, list_id: str, list_type: ListType) -> str:
    watchlist = Watchlist(list_id, list_id, list_type, "matrix", "matrix", "matrix")
    with container.uow() as uow:
        lists.create_watchlist(uow, container.clock, AUTHOR, watchlist)
        outcome = lists.import_list_version(
            uow, container.clock, AUTHOR, list_id, [_entry(list_id, list_type)]
        )
    assert outcome.version is not None
    return outcome.version.id


def values(container) -> dict[str, str]:
    """A list in force with one entry, two versions waiting for a decision, and two open hits
    at Luohu (the Shenzhen back office's region)."""
    in_force = _proposed(container, "MATRIX-WANTED", ListType.WANTED)
    with container.uow() as uow:
        lists.approve_list_version(uow, container.clock, "matrix-approver", in_force)
    found = {
        "matrix_list": "MATRIX-WANTED",
        "approve_version": _proposed(container, "MATRIX-WATCH", ListType.WATCH),
        "reject_version": _proposed(container, "MATRIX-DENY", ListType.DENY_ENTRY),
    }
    holder = IndexHolder(build_from([_entry("MATRIX-WANTED", ListType.WANTED)]))
    query = Query(("CHEN DAWEN",), BirthDate(1970, 5, 3), "HKG")
    for key, person in (("page_hit", "a" * 32), ("api_hit", "b" * 32)):
        with container.uow() as uow:
            outcome = screen_person(holder, container.clock, uow.audit, None, query, purpose="m")
            context = review.HitContext("clearance", "matrix", person, "LUOHU", datetime.now(UTC))
            [found[key]] = review.record_hits(uow, outcome, context, query=query)
            uow.commit()
    return found
