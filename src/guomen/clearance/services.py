"""Clearance use cases (issue #5 parts 2, 3, 5, 6). One function each; routes, pages and the
CLI only parse input, call one of these and render the result.

Deciding a crossing
    :func:`clear_traveller` — the pipeline, the decision and exactly one movement record,
    written with its audit entry (and referral, endorsement trip, idempotency key) in one
    transaction. An e-gate device may only clear or refer; an officer at a counter may also
    refuse (``Action.REFUSE_TRAVELLER`` and a written reason).
    :func:`assess_traveller` — the same pipeline without a movement: what the console shows
    before the officer decides (audited as a read).

Secondary inspection, stays and history (central database only)
    :func:`list_referrals`, :func:`record_outcome`, :func:`list_overstayers`,
    :func:`movement_history` (in :mod:`queue`, re-exported here). Commands and results are in
    :mod:`commands`; writing a decision is :mod:`recording`.

Degraded mode
    :func:`clearance_status` — whether this port runs degraded, since when, journal backlog.
    The environment (``container.clearance()``) switches to the local journal by itself when
    the central database fails and syncs it back, exactly once, when it answers again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Protocol

from guomen.audit.services import event_for
from guomen.clearance import pipeline
from guomen.clearance.commands import (
    Assessment,
    ClearanceResult,
    ClearTraveller,
    HistoryQuery,
    Reason,
    RecordOutcome,
    TravellerDocument,
)
from guomen.clearance.identity import (
    DocumentIdentity,
    from_chip,
    from_mrz,
    from_registry,
)
from guomen.clearance.model import (
    Decision,
    Lane,
    StoredAnswer,
)
from guomen.clearance.pipeline import Gathered, Ports, Presented
from guomen.clearance.ports import (
    ClearanceStore,
    DegradedStatus,
    KnownDocument,
    StoreDown,
    StoreSession,
)
from guomen.clearance.queue import (
    ClearanceUnitOfWork,
    DocumentFinder,
    ReferralView,
    get_referral,
    list_overstayers,
    list_referrals,
    movement_history,
    ports_in_scope,
    record_outcome,
)
from guomen.clearance.recording import env_audit, reasons_of, record_decision
from guomen.clearance.rules import apply_officer
from guomen.identity.model import Principal
from guomen.identity.policy import Action, Geography, authorize, can
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotFound, ValidationFailed

MAX_KEY = 128
MAX_LANE_ID = 16
MAX_FACE_BYTES = 2_000_000


# --- ports of the use cases --------------------------------------------------------------------


class ClearanceEnvironment(Protocol):
    """What the decision use cases run on (``container.clearance()`` builds it)."""

    clock: Clock
    ports: Ports

    def geography(self) -> Geography: ...

    def open_store(self) -> StoreSession:
        """The central store, or the local journal when the centre is unreachable."""
        ...

    def status(self) -> DegradedStatus: ...


# --- deciding ----------------------------------------------------------------------------------


def _check_command(env: ClearanceEnvironment, principal: Principal, cmd: ClearTraveller) -> None:
    geography = env.geography()
    if cmd.port_code not in geography.station_of_port:
        raise NotFound(f"unknown port {cmd.port_code!r}", code="unknown_port")
    authorize(
        principal,
        Action.CLEAR_TRAVELLER,
        port_code=cmd.port_code,
        geography=geography,
        purpose=cmd.purpose,
    )
    device = principal.kind == "token"
    if device and cmd.lane is not Lane.EGATE:
        raise ValidationFailed("a device decides at an e-gate lane", code="unknown_lane")
    if not device and cmd.lane is not Lane.COUNTER:
        raise ValidationFailed("an officer decides at a counter lane", code="unknown_lane")
    lane_id = cmd.lane_id
    if len(lane_id) > MAX_LANE_ID or not all(
        c.isascii() and (c.isalnum() or c == "-") for c in lane_id
    ):
        raise ValidationFailed("lane id: up to 16 letters, digits or '-'", code="unknown_lane")
    if len(cmd.idempotency_key) > MAX_KEY:
        raise ValidationFailed("the idempotency key is at most 128 characters")
    if cmd.live_face is not None and len(cmd.live_face) > MAX_FACE_BYTES:
        raise ValidationFailed("the face image is too large", code="too_large")
    if device and cmd.decision is not None and cmd.decision is not Decision.REFER:
        raise ValidationFailed(
            "an automated lane may only clear or refer", code="refusal_needs_officer"
        )
    sources = sum(
        (
            bool(cmd.document.mrz_lines),
            cmd.document.chip is not None,
            bool(cmd.document.document_id),
        )
    )
    if sources != 1:
        raise ValidationFailed("give exactly one of: MRZ lines, chip fields, document id")


def _identity(
    store: ClearanceStore, cmd: ClearTraveller, today: date
) -> tuple[DocumentIdentity, KnownDocument | None]:
    doc = cmd.document
    if doc.mrz_lines:
        return from_mrz(doc.mrz_lines, today), None
    if doc.chip is not None:
        return from_chip(doc.chip), None
    known = store.document_by_id(doc.document_id[:64])
    if known is None:
        raise NotFound("no document with that id", code="unknown_document")
    return from_registry(known.document, known.person), known


def _presented(cmd: ClearTraveller) -> Presented:
    return Presented(
        cmd.direction,
        cmd.port_code,
        cmd.lane,
        cmd.itinerary,
        cmd.visa,
        cmd.endorsement,
        cmd.live_face,
        cmd.device_time,
    )


def _gather(
    env: ClearanceEnvironment, principal: Principal, cmd: ClearTraveller, now: datetime
) -> Gathered | ClearanceResult:
    """Before the decision's transaction: a replayed key, the document, the registry, the
    watchlists and the face (these open their own connections)."""
    today = now.astimezone(env.ports.timezone).date()
    with env.open_store() as store:
        replay = _replay(store, principal, cmd)
        if replay is not None:
            return replay
        identity, known = _identity(store, cmd, today)
        known, status = pipeline.lookup(store, identity, known, today)
    return pipeline.collect(env.ports, identity, known, status, _presented(cmd), cmd.purpose)


def _replay(
    store: ClearanceStore, principal: Principal, cmd: ClearTraveller
) -> ClearanceResult | None:
    if not cmd.idempotency_key:
        return None
    stored = store.stored_answer(principal.id, cmd.idempotency_key)
    if stored is None:
        return None
    if stored.request_hash != cmd.request_hash():
        raise Conflict(
            "this idempotency key was used for a different request", code="idempotency_conflict"
        )
    return ClearanceResult.from_answer(stored.answer)


def clear_traveller(
    env: ClearanceEnvironment, principal: Principal, cmd: ClearTraveller
) -> ClearanceResult:
    """Run the pipeline and record the decision: one movement, its audit entry, a referral
    for a refer (priority from an e-gate), an endorsement trip used on clear. Replaying an
    idempotency key with the same request answers the first answer and records nothing;
    with a different request: Conflict (409). If the central database fails half-way, nothing
    is written there and the decision is taken again on the local journal (degraded)."""
    _check_command(env, principal, cmd)
    for attempt in (1, 2):
        try:
            return _clear_once(env, principal, cmd)
        except StoreDown:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _clear_once(
    env: ClearanceEnvironment, principal: Principal, cmd: ClearTraveller
) -> ClearanceResult:
    now = env.clock.now()
    got = _gather(env, principal, cmd, now)
    if isinstance(got, ClearanceResult):
        return got
    with env.open_store() as store:
        replay = _replay(store, principal, cmd)  # a concurrent retry may have won meanwhile
        if replay is not None:
            return replay
        outcome = pipeline.run(env.ports, store, got, _presented(cmd), now)
        may_refuse = cmd.lane is Lane.COUNTER and can(principal, Action.REFUSE_TRAVELLER)
        chosen = apply_officer(outcome.proposal, cmd.decision, cmd.reason_text, may_refuse)
        if chosen.decision is Decision.REFUSE:
            authorize(principal, Action.REFUSE_TRAVELLER, purpose=cmd.purpose)
        result = record_decision(store, principal, cmd, outcome, chosen, got.known, now)
        if cmd.idempotency_key:
            store.remember_answer(
                principal.id,
                cmd.idempotency_key,
                StoredAnswer(cmd.request_hash(), result.movement_id, result.to_answer()),
            )
        store.commit()
    return result


def assess_traveller(
    env: ClearanceEnvironment, principal: Principal, cmd: ClearTraveller
) -> Assessment:
    """The pipeline's findings and proposal for the console, without a movement. Audited as
    a read of the traveller's data (``clearance.assess``)."""
    _check_command(env, principal, cmd)
    for attempt in (1, 2):
        try:
            return _assess_once(env, principal, replace(cmd, idempotency_key=""))
        except StoreDown:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _assess_once(
    env: ClearanceEnvironment, principal: Principal, cmd: ClearTraveller
) -> Assessment:
    now = env.clock.now()
    got = _gather(env, principal, cmd, now)
    assert isinstance(got, Gathered)
    with env.open_store() as store:
        outcome = pipeline.run(env.ports, store, got, _presented(cmd), now)
        for event, at in env_audit(outcome):
            store.audit(event, at)
        store.audit(
            event_for(
                principal,
                "clearance.assess",
                object_type="person",
                object_id=got.known.person.id if got.known else "",
                purpose=cmd.purpose,
                outcome=outcome.proposal.recommended.value,
                detail={"port": cmd.port_code, "reasons": " ".join(outcome.proposal.reason_codes)},
            ),
            now,
        )
        store.commit()
    known = got.known
    return Assessment(
        got.identity,
        known.person if known else None,
        known.document if known else None,
        outcome,
        reasons_of(outcome.proposal.findings),
    )


def clearance_status(env: ClearanceEnvironment) -> DegradedStatus:
    """Whether this port decides in degraded mode, since when, and the journal's backlog."""
    return env.status()


__all__ = [
    "Assessment",
    "ClearTraveller",
    "ClearanceEnvironment",
    "ClearanceResult",
    "ClearanceUnitOfWork",
    "DocumentFinder",
    "HistoryQuery",
    "Reason",
    "RecordOutcome",
    "ReferralView",
    "TravellerDocument",
    "assess_traveller",
    "clear_traveller",
    "clearance_status",
    "get_referral",
    "list_overstayers",
    "list_referrals",
    "movement_history",
    "ports_in_scope",
    "record_outcome",
]
