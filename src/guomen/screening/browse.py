"""Browsing watchlists for the pages and the API: every list with its counts and versions, and
a search of the entries in force by name (with the matcher, across scripts and spellings) or
by document number (OCR-confusion tolerant), for an officer who needs to look someone up.

Entries are personal data: searching needs ``watchlist.read`` (with a stated purpose for a
national query) and is audited with what was searched by and how many entries came back —
never the name or number searched for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from guomen.audit.ports import AuditLog
from guomen.audit.services import event_for
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.screening.index import IndexHit, IndexHolder
from guomen.screening.matching import Decision, Query
from guomen.screening.ports import ScreeningUnitOfWork
from guomen.screening.queries import ListSummary, list_watchlists, watchlist_summary
from guomen.screening.services import Actor
from guomen.shared.clock import Clock
from guomen.shared.errors import ValidationFailed

MAX_RESULTS = 50
MAX_INPUT = 500
DOCUMENT_FEATURE = "document_number_match"


@dataclass(frozen=True, slots=True)
class EntryMatch:
    list_id: str
    entry_id: str
    list_type: str
    entry_name: str
    score: float
    decision: Decision
    explanation: str


def list_summaries(uow: ScreeningUnitOfWork, actor: Actor, on: date) -> list[ListSummary]:
    """Every list with its entry counts on ``on`` and its versions (no personal data)."""
    return [watchlist_summary(uow, actor, w.list_id, on=on) for w in list_watchlists(uow, actor)]


def _clean(text: str, what: str, longest: int) -> str:
    value = " ".join(text.split())
    if len(value) > longest:
        raise ValidationFailed(f"the {what} is {len(value)} characters long (at most {longest})")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValidationFailed(f"the {what} contains a control character")
    return value


def search_entries(
    holder: IndexHolder,
    clock: Clock,
    audit: AuditLog,
    principal: Principal,
    *,
    name: str = "",
    document_number: str = "",
    purpose: str = "",
    limit: int = 20,
) -> tuple[EntryMatch, ...]:
    """Entries that may be this name (possible or match), or that carry this document number.
    The caller's unit of work commits the audit entry."""
    authorize(principal, Action.READ_WATCHLIST, purpose=purpose)
    name = _clean(name, "name", MAX_INPUT)
    number = _clean(document_number, "document number", 40)
    if not name and not number:
        raise ValidationFailed("give a name or a document number to search for")
    if not 1 <= limit <= MAX_RESULTS:
        raise ValidationFailed(f"ask for 1-{MAX_RESULTS} results")
    index = holder.current()
    if name:
        query = Query((name,), document_number=number or None)
        hits = index.screen(query, limit).hits
    else:
        answer = index.screen(Query((number,), document_number=number), limit, with_none=True)
        hits = tuple(h for h in answer.hits if _document_agrees(h))
    found = tuple(_match(h, by_document=not name) for h in hits)
    detail = {"by": "name" if name else "document", "results": str(len(found))}
    event = event_for(
        principal, "watchlist.search", object_type="watchlist", purpose=purpose, detail=detail
    )
    audit.append(event, clock.now())
    return found


def _document_agrees(hit: IndexHit) -> bool:
    return any(f.name == DOCUMENT_FEATURE and f.score > 0 for f in hit.result.features)


def _match(hit: IndexHit, *, by_document: bool) -> EntryMatch:
    r = hit.result
    score, decision, explanation = r.score, r.decision, r.explanation
    if by_document:  # the document number alone: exact, or equal up to OCR confusions
        feature = next(f for f in r.features if f.name == DOCUMENT_FEATURE)
        score, explanation = feature.score, feature.explanation
        decision = Decision.MATCH if feature.score >= 1.0 else Decision.POSSIBLE
    return EntryMatch(
        hit.list_id, hit.entry_id, r.list_type.value, hit.entry_name, score, decision, explanation
    )
