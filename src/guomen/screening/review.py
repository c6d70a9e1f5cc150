"""Hit review: screening hits wait in a back-office queue until an officer confirms or dismisses
them; a dismissal is remembered so the same innocent traveller is not stopped again.

A dismissal covers one pair (traveller ↔ list entry) for a limited time: ``dismiss_days``
(180 by default) and never beyond the entry's or the list's own validity. It also holds only
for the version of the entry the officer judged: when a later list version changes the entry
(or removes and adds it again), the dismissal no longer applies.

The clearance pipeline screens a traveller, drops the dismissed pairs (``active_dismissals``
then ``without_dismissed``, which says how many hits it left out) and records what remains
(``record_hits``) in its own transaction. Every read and every decision is audited; the audit
holds ids and counts, never names, dates or the officer's free text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from guomen.audit.model import AuditEvent
from guomen.audit.services import event_for
from guomen.identity.model import Principal, ScopeLevel
from guomen.identity.policy import Action, Geography, authorize
from guomen.screening.matching import Decision, Query
from guomen.screening.review_model import (
    HIT_SOURCES,
    Dismissal,
    EntryRef,
    HitContext,
    HitDecision,
    HitPage,
    HitStatus,
    ReviewHit,
    ReviewUnitOfWork,
    Verdict,
)
from guomen.screening.screen import ScreeningHit, ScreeningOutcome, best_decision
from guomen.shared.errors import Conflict, NotFound, ValidationFailed
from guomen.shared.ids import new_id

__all__ = [
    "DEFAULT_DISMISS_DAYS",
    "HIT_SOURCES",
    "MAX_DISMISS_DAYS",
    "Dismissal",
    "EntryRef",
    "HitContext",
    "HitDecision",
    "HitPage",
    "HitStatus",
    "ReviewHit",
    "ReviewUnitOfWork",
    "Verdict",
    "active_dismissals",
    "decide",
    "decide_hit",
    "dismissal_until",
    "get_hit",
    "list_hits",
    "new_hits",
    "ports_in_scope",
    "record_hits",
    "without_dismissed",
]

SYSTEM_ACTOR = "system:screening-review"
DEFAULT_DISMISS_DAYS = 180
MAX_DISMISS_DAYS = 365
MAX_REASON = 2000
MAX_PAGE = 200
AUDITED_IDS = 20
RECORDED = (Decision.MATCH, Decision.POSSIBLE)


# --- pure rules -------------------------------------------------------------------------------


def without_dismissed(
    outcome: ScreeningOutcome, dismissed: frozenset[tuple[str, str]]
) -> ScreeningOutcome:
    """The outcome without the hits on dismissed pairs, its decision recomputed and a note
    saying how many hits earlier dismissals left out."""
    kept = tuple(h for h in outcome.hits if (h.list_id, h.entry_id) not in dismissed)
    left_out = len(outcome.hits) - len(kept)
    if not left_out:
        return outcome
    noun = "hit was" if left_out == 1 else "hits were"
    note = f"{left_out} {noun} left out: dismissed earlier by an officer for this traveller"
    return replace(
        outcome,
        hits=kept,
        decision=best_decision(h.decision for h in kept),
        suppressed=outcome.suppressed + left_out,
        notes=(*outcome.notes, note),
    )


def dismissal_until(decided_at: datetime, days: int, valid_until: date | None) -> datetime:
    """When a dismissal ends: ``days`` after the decision, but no later than the end of the
    entry's last valid day (UTC)."""
    if not 1 <= days <= MAX_DISMISS_DAYS:
        raise ValidationFailed(f"a dismissal lasts 1-{MAX_DISMISS_DAYS} days, not {days}")
    until = decided_at + timedelta(days=days)
    if valid_until is not None:
        until = min(until, datetime.combine(valid_until + timedelta(days=1), time(), tzinfo=UTC))
    return until


def decide(hit: ReviewHit, verdict: Verdict, reviewer: str, reason: str, at: datetime) -> ReviewHit:
    """The hit with the officer's decision. A hit is decided once; a dismissal says why."""
    if hit.status is not HitStatus.OPEN:
        when = hit.decided_at.isoformat(timespec="minutes") if hit.decided_at else "earlier"
        raise Conflict(
            f"hit {hit.id} was already {hit.status} by {hit.reviewer} ({when})",
            code="hit_already_decided",
        )
    text = " ".join(reason.split())
    if verdict is Verdict.DISMISS and not text:
        raise ValidationFailed("say why the hit is dismissed", code="reason_required")
    if len(text) > MAX_REASON:
        raise ValidationFailed(f"the reason is longer than {MAX_REASON} characters")
    status = HitStatus.CONFIRMED if verdict is Verdict.CONFIRM else HitStatus.DISMISSED
    return replace(hit, status=status, reviewer=reviewer, reason=text, decided_at=at)


def new_hits(
    outcome: ScreeningOutcome,
    context: HitContext,
    refs: dict[tuple[str, str], EntryRef],
    query: Query | None,
) -> list[ReviewHit]:
    """The hits of an outcome worth a review (match or possible), as records."""
    return [
        _record(h, context, refs.get((h.list_id, h.entry_id)), query)
        for h in outcome.hits
        if h.decision in RECORDED
    ]


def _record(
    h: ScreeningHit, context: HitContext, ref: EntryRef | None, query: Query | None
) -> ReviewHit:
    return ReviewHit(
        id=new_id(),
        person_id=context.person_id,
        list_id=h.list_id,
        entry_id=h.entry_id,
        entry_version=ref.version_id if ref else "",
        list_type=h.list_type,
        priority=ref.priority if ref else 5,
        entry_name=h.entry_name,
        score=h.score,
        decision=h.decision,
        explanation=h.explanation,
        algorithm=h.algorithm,
        algorithm_version=h.algorithm_version,
        source=context.source,
        subject_ref=context.subject_ref,
        port_code=context.port_code,
        created_at=context.occurred_at,
        query=query,
        entry=ref.entry if ref else None,
        entry_valid_until=ref.valid_until if ref else None,
    )


def ports_in_scope(principal: Principal, geography: Geography | None) -> frozenset[str] | None:
    """The ports whose hits a reviewer sees; None for a national scope (every port)."""
    if principal.scope.level is ScopeLevel.NATIONAL:
        return None
    if geography is None:
        return frozenset()
    return frozenset(p for p in geography.station_of_port if geography.covers(principal.scope, p))


# --- use cases --------------------------------------------------------------------------------


def active_dismissals(
    uow: ReviewUnitOfWork, person_id: str, at: datetime
) -> frozenset[tuple[str, str]]:
    """The (list_id, entry_id) pairs an officer dismissed for this person that still hold."""
    return uow.screening_dismissals.active(person_id, at)


def record_hits(
    uow: ReviewUnitOfWork,
    outcome: ScreeningOutcome,
    context: HitContext,
    *,
    query: Query | None = None,
) -> tuple[str, ...]:
    """Put the outcome's ``match`` and ``possible`` hits in the review queue, in the caller's
    transaction (the caller commits). Pairs under an active dismissal are left out; a hit on
    the same entry version that is still open for the same person is not repeated (its id is
    returned instead). Returns the ids of the hits that stand for this screening."""
    if context.person_id is not None:
        outcome = without_dismissed(
            outcome, active_dismissals(uow, context.person_id, context.occurred_at)
        )
    pairs = [(h.list_id, h.entry_id) for h in outcome.hits if h.decision in RECORDED]
    if not pairs:
        if outcome.suppressed:  # the stop an earlier dismissal spared is on the record too
            event = _recorded_event(context, (), 0, outcome.suppressed)
            uow.audit.append(event, context.occurred_at)
        return ()
    refs = uow.screening_hits.entry_refs(pairs)
    person = context.person_id
    still_open = uow.screening_hits.open_for(person) if person is not None else {}
    ids: list[str] = []
    added = 0
    for hit in new_hits(outcome, context, refs, query):
        existing = still_open.get((hit.list_id, hit.entry_id, hit.entry_version))
        if existing is not None:
            ids.append(existing)
            continue
        uow.screening_hits.add(hit)
        ids.append(hit.id)
        added += 1
    uow.audit.append(_recorded_event(context, ids, added, outcome.suppressed), context.occurred_at)
    return tuple(ids)


def _recorded_event(
    context: HitContext, ids: Sequence[str], added: int, suppressed: int
) -> AuditEvent:
    detail = {
        "source": context.source,
        "subject_ref": context.subject_ref,
        "hits": " ".join(ids[:AUDITED_IDS]),
        "new": str(added),
        "already_open": str(len(ids) - added),
        "suppressed_by_dismissal": str(suppressed),
        "port": context.port_code or "",
    }
    return AuditEvent(
        SYSTEM_ACTOR,
        "system",
        "screening.hits_recorded",
        "person",
        context.person_id or "",
        detail=detail,
    )


def list_hits(
    uow: ReviewUnitOfWork,
    principal: Principal,
    at: datetime,
    *,
    status: HitStatus | None = HitStatus.OPEN,
    geography: Geography | None = None,
    limit: int = 50,
    offset: int = 0,
) -> HitPage:
    """The review queue of the reviewer's scope: hits at their ports and hits without a port
    (re-screening, applications). Audited (the hits carry personal data)."""
    authorize(principal, Action.REVIEW_HITS)
    if not (0 < limit <= MAX_PAGE and offset >= 0):
        raise ValidationFailed(f"ask for 1-{MAX_PAGE} hits from a non-negative offset")
    page = uow.screening_hits.search(
        status=status, ports=ports_in_scope(principal, geography), limit=limit, offset=offset
    )
    detail = {
        "status": status.value if status else "all",
        "shown": str(len(page.hits)),
        "offset": str(offset),
        "hits": " ".join(h.id for h in page.hits[:AUDITED_IDS]),
    }
    event = event_for(principal, "screening.hits_read", object_type="hit", detail=detail)
    uow.audit.append(event, at)
    uow.commit()
    return page


def _hit_in_scope(
    uow: ReviewUnitOfWork, principal: Principal, hit_id: str, geography: Geography | None
) -> ReviewHit:
    authorize(principal, Action.REVIEW_HITS)
    hit = uow.screening_hits.get(hit_id.strip()[:64])
    if hit is None:
        raise NotFound(f"no screening hit {hit_id[:64]!r}")
    authorize(principal, Action.REVIEW_HITS, port_code=hit.port_code, geography=geography)
    return hit


def get_hit(
    uow: ReviewUnitOfWork,
    principal: Principal,
    hit_id: str,
    at: datetime,
    *,
    geography: Geography | None = None,
) -> ReviewHit:
    """One hit with the traveller's data and the entry as it was (audited)."""
    hit = _hit_in_scope(uow, principal, hit_id, geography)
    event = event_for(principal, "screening.hit_read", object_type="hit", object_id=hit.id)
    uow.audit.append(event, at)
    uow.commit()
    return hit


def decide_hit(
    uow: ReviewUnitOfWork,
    principal: Principal,
    hit_id: str,
    verdict: Verdict,
    reason: str,
    at: datetime,
    *,
    dismiss_days: int = DEFAULT_DISMISS_DAYS,
    geography: Geography | None = None,
) -> HitDecision:
    """Confirm or dismiss an open hit. A dismissal of a known traveller is remembered until
    ``dismiss_days`` have passed (never beyond the entry's validity)."""
    hit = _hit_in_scope(uow, principal, hit_id, geography)
    decided = decide(hit, verdict, principal.name, reason, at)
    dismissal = None
    if verdict is Verdict.DISMISS and hit.person_id is not None:
        dismissal = Dismissal(
            id=new_id(),
            hit_id=hit.id,
            person_id=hit.person_id,
            list_id=hit.list_id,
            entry_id=hit.entry_id,
            entry_version=hit.entry_version,
            until=dismissal_until(at, dismiss_days, hit.entry_valid_until),
            created_by=principal.name,
            created_at=at,
            reason=decided.reason,
        )
    if not uow.screening_hits.decide(decided):
        raise Conflict(f"hit {hit.id} was decided meanwhile", code="hit_already_decided")
    if dismissal is not None:
        uow.screening_dismissals.add(dismissal)
    detail = {"list_id": hit.list_id, "entry_id": hit.entry_id, "decision": hit.decision.value}
    if dismissal is not None:
        detail["dismissed_until"] = dismissal.until.isoformat(timespec="minutes")
    event = event_for(
        principal,
        f"screening.hit_{verdict.value}",
        object_type="hit",
        object_id=hit.id,
        detail=detail,
    )
    uow.audit.append(event, at)
    uow.commit()
    return HitDecision(decided, dismissal)
