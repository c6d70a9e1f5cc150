"""JSON API of clearance: the e-gate, the counter, the secondary-inspection queue, stays,
history and the port's degraded-mode status."""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import replace
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from sqlalchemy.exc import InterfaceError, OperationalError

from guomen.clearance import services
from guomen.clearance.display import display
from guomen.clearance.identity import ChipFields
from guomen.clearance.model import Decision, Direction, Lane, ReferralOutcome, ReferralStatus
from guomen.clearance.ports import StoreDown
from guomen.entitlement.model import Endorsement, Itinerary, Visa
from guomen.identity.model import Principal, Role
from guomen.identity.policy import Action, authorize, can
from guomen.shared.errors import (
    GuomenError,
    PermissionDenied,
    ServiceUnavailable,
    ValidationFailed,
)
from guomen.web.auth import SAFE_METHODS, SESSION_COOKIE, authenticate, container_of
from guomen.web.schemas.clearance import (
    CounterDecision,
    CrossingIn,
    DecisionPublic,
    EgateAnswer,
    EgateCrossing,
    MovementPublic,
    OutcomeIn,
    OverstayerPublic,
    ReferralPublic,
    StatusPublic,
)

router = APIRouter(prefix="/api/v1/clearance", tags=["clearance"])
Caller = Annotated[Principal, Depends(authenticate)]
Purpose = Annotated[str, Header(alias="X-Purpose", max_length=500)]
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", max_length=128)]


def _credential(request: Request) -> tuple[str, str]:
    """(kind, raw): the bearer token or the session cookie the caller sent."""
    raw = request.headers.get("authorization", "").partition(" ")[2].strip()
    if raw:
        return "token", raw
    return "session", request.cookies.get(SESSION_COOKIE, "")


async def port_caller(request: Request) -> Principal:
    """The caller, resolved centrally; while the central database is unreachable, a token or
    session this port saw resolve recently still works (degraded mode must not lock the gates
    or the counters). A session's CSRF token is still checked on unsafe requests."""
    runtime = container_of(request).clearance()
    kind, raw = _credential(request)
    try:
        principal = await authenticate(request)
    except (OperationalError, InterfaceError):
        cached = runtime.cached_caller(f"{kind}:{raw}") if raw else None
        if cached is None:
            raise ServiceUnavailable("the central database is unreachable") from None
        principal, csrf = cached
        sent = request.headers.get("x-csrf-token", "")
        if (
            kind == "session"
            and request.method not in SAFE_METHODS
            and not (sent and hmac.compare_digest(sent, csrf))
        ):
            raise PermissionDenied(
                "the form has expired; reload the page", code="csrf_failed"
            ) from None
        return principal
    csrf = getattr(request.state, "csrf_token", "")
    runtime.remember_caller(f"{kind}:{raw}", principal, csrf)
    return principal


async def gate_caller(request: Request) -> Principal:
    principal = await port_caller(request)
    if principal.role is not Role.EGATE_DEVICE:
        raise PermissionDenied("this endpoint is for e-gate devices", code="not_a_device")
    return principal


PortCaller = Annotated[Principal, Depends(port_caller)]
Gate = Annotated[Principal, Depends(gate_caller)]


def _face(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed("face_image must be base64", code="face_not_base64") from None


def _command(
    body: CrossingIn, port: str, lane: Lane, key: str, purpose: str
) -> services.ClearTraveller:
    chip = None
    if body.chip is not None:
        chip = ChipFields(
            body.chip.document_code,
            body.chip.issuing_state,
            body.chip.number,
            body.chip.nationality,
            body.chip.surname,
            body.chip.given_names,
            body.chip.birth_date,
            body.chip.sex,
            body.chip.expiry_date,
        )
    return services.ClearTraveller(
        document=services.TravellerDocument(
            tuple(body.mrz_lines or ()), chip, body.document_id or ""
        ),
        direction=Direction(body.direction),
        port_code=port.strip().upper(),
        lane=lane,
        lane_id=body.lane_id,
        itinerary=Itinerary(**body.itinerary.model_dump()) if body.itinerary else None,
        visa=Visa(**body.visa.model_dump()) if body.visa else None,
        endorsement=Endorsement(**body.endorsement.model_dump()) if body.endorsement else None,
        live_face=_face(body.face_image),
        idempotency_key=key,
        device_time=body.device_time,
        purpose=purpose,
    )


def _decide(
    request: Request, principal: Principal, cmd: services.ClearTraveller
) -> services.ClearanceResult:
    env = container_of(request).clearance()
    try:
        return services.clear_traveller(env, principal, cmd)
    except StoreDown:
        raise ServiceUnavailable("the decision could not be recorded; try again") from None


@router.post("/egate")
def egate(
    request: Request, body: EgateCrossing, principal: Gate, idempotency_key: IdempotencyKey = ""
) -> EgateAnswer:
    """One traveller at an e-gate: clear or refer (never refuse). ``Idempotency-Key`` is
    required: a retry with the same key and body answers the same and records nothing."""
    if not idempotency_key.strip():
        raise GuomenError(
            "send an Idempotency-Key header (one per traveller)", code="idempotency_key_required"
        )
    port = body.port_code or principal.port_code or ""
    cmd = _command(body, port, Lane.EGATE, idempotency_key.strip(), "")
    result = _decide(request, principal, cmd)
    return EgateAnswer(
        movement_id=result.movement_id,
        decision="clear" if result.decision is Decision.CLEAR else "refer",
        reason_codes=list(result.reason_codes),
        display=display(result.decision, result.recapture),
        priority_referral=result.priority_referral,
        versions=result.versions,
        replayed=result.replayed,
    )


@router.post("/decide")
def decide(
    request: Request,
    body: CounterDecision,
    principal: PortCaller,
    purpose: Purpose = "",
    idempotency_key: IdempotencyKey = "",
) -> DecisionPublic:
    """An officer at a counter: the system's proposal, or the officer's clear / refer /
    refuse (refusal: REFUSE_TRAVELLER and a written reason)."""
    if principal.kind != "user":
        raise PermissionDenied("counter decisions are made by officers", code="not_an_officer")
    cmd = _command(body, body.port_code, Lane.COUNTER, idempotency_key.strip(), purpose)
    chosen = Decision(body.decision) if body.decision else None
    cmd = replace(cmd, decision=chosen, reason_text=body.reason)
    return DecisionPublic.of(_decide(request, principal, cmd))


@router.get("/movements")
def movements(
    request: Request,
    principal: Caller,
    purpose: Purpose = "",
    person_id: Annotated[str, Query(max_length=64)] = "",
    issuing_state: Annotated[str, Query(max_length=3)] = "",
    document: Annotated[str, Query(max_length=20)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[MovementPublic]:
    """Nationwide history of a person or a document (issuing_state + document number)."""
    c = container_of(request)
    authorize(principal, Action.READ_STAYS, purpose=purpose)

    def find(state: str, number: str) -> str | None:
        with c.uow() as uow:
            doc = uow.documents.find(state or "CHN", number)
        return doc.id if doc else None

    query = services.HistoryQuery(person_id, issuing_state, document, limit)
    with c.uow() as uow:
        items = services.movement_history(uow, find, c.clock, principal, query, purpose=purpose)
    return [MovementPublic.of(m) for m in items]


@router.get("/overstayers")
def overstayers(
    request: Request,
    principal: Caller,
    purpose: Purpose = "",
    on: date | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[OverstayerPublic]:
    """People still inside after their permitted stay (entered at ports in your scope)."""
    c = container_of(request)
    day = on or c.clock.now().date()
    with c.uow() as uow:
        items = services.list_overstayers(
            uow, c.clock, c.geography(), principal, day, purpose=purpose, limit=limit
        )
    return [OverstayerPublic.of(o) for o in items]


@router.get("/referrals")
def referrals(
    request: Request,
    principal: Caller,
    port_code: Annotated[str | None, Query(max_length=32)] = None,
    status: Literal["open", "closed", "all"] = "open",
) -> list[ReferralPublic]:
    """The secondary-inspection queue: priority first, then oldest first."""
    c = container_of(request)
    wanted = None if status == "all" else ReferralStatus(status)
    with c.uow() as uow:
        items = services.list_referrals(
            uow, c.clock, c.geography(), principal, port_code=port_code, status=wanted
        )
    return [ReferralPublic.of(r) for r in items]


@router.post("/referrals/{referral_id}/outcome")
def referral_outcome(
    request: Request, referral_id: str, body: OutcomeIn, principal: Caller
) -> ReferralPublic:
    c = container_of(request)
    cmd = services.RecordOutcome(referral_id, ReferralOutcome(body.outcome), body.reason)
    with c.uow() as uow:
        return ReferralPublic.of(
            services.record_outcome(uow, c.clock, c.geography(), principal, cmd)
        )


@router.get("/status")
def status(request: Request, principal: PortCaller) -> StatusPublic:
    """Whether this port runs degraded, since when, and the journal's backlog."""
    if not (can(principal, Action.CLEAR_TRAVELLER) or can(principal, Action.SECONDARY_INSPECTION)):
        raise PermissionDenied("clearance staff and devices only")
    return StatusPublic.of(services.clearance_status(container_of(request).clearance()))
