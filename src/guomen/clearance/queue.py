"""Secondary inspection, stays and history: use cases on the central database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from guomen.audit.model import AuditEvent
from guomen.audit.services import event_for
from guomen.clearance.commands import HistoryQuery, RecordOutcome
from guomen.clearance.model import (
    Decision,
    Lane,
    Movement,
    Overstayer,
    Referral,
    ReferralOutcome,
    ReferralStatus,
)
from guomen.clearance.ports import (
    ClearanceRepository,
)
from guomen.identity.model import Principal, ScopeLevel
from guomen.identity.policy import Action, Geography, authorize
from guomen.people.model import Person
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotFound, ValidationFailed
from guomen.shared.ids import new_id


class ClearanceUnitOfWork(Protocol):
    """The central unit of work (``SqlUnitOfWork`` has ``clearance`` and ``audit``)."""

    @property
    def clearance(self) -> ClearanceRepository: ...

    @property
    def audit(self) -> _Audit: ...

    def commit(self) -> None: ...


class _Audit(Protocol):
    def append(self, event: AuditEvent, at: datetime) -> object: ...


class _People(Protocol):
    def get(self, person_id: str) -> Person | None: ...


class ReferralUnitOfWork(ClearanceUnitOfWork, Protocol):
    """The central unit of work with the people registry (for the traveller's name)."""

    @property
    def people(self) -> _People: ...


@dataclass(frozen=True, slots=True)
class ReferralView:
    """One referral as the secondary-inspection officer sees it."""

    referral: Referral
    movement: Movement | None
    name: str  # "local · LATIN", or the Latin name alone; "" when the person is unknown


# --- secondary inspection, stays, history --------------------------------------------------------


def ports_in_scope(principal: Principal, geography: Geography) -> list[str] | None:
    """None: every port (national scope)."""
    if principal.scope.level is ScopeLevel.NATIONAL:
        return None
    return sorted(p for p in geography.station_of_port if geography.covers(principal.scope, p))


def _audit_read(
    uow: ClearanceUnitOfWork, clock: Clock, principal: Principal, action: str, **kw: object
) -> None:
    detail = {k: str(v) for k, v in kw.items() if k not in ("object_id", "purpose")}
    uow.audit.append(
        event_for(
            principal,
            action,
            object_type="clearance",
            object_id=str(kw.get("object_id", ""))[:64],
            purpose=str(kw.get("purpose", "")),
            detail=detail,
        ),
        clock.now(),
    )


def list_referrals(
    uow: ClearanceUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    *,
    port_code: str | None = None,
    status: ReferralStatus | None = ReferralStatus.OPEN,
    limit: int = 200,
) -> list[Referral]:
    """The secondary-inspection queue of the ports in the caller's scope: priority
    referrals (from e-gates, refusal-grade findings) first, then oldest first."""
    authorize(principal, Action.SECONDARY_INSPECTION, port_code=port_code, geography=geography)
    if port_code is not None and port_code not in geography.station_of_port:
        raise NotFound(f"unknown port {port_code!r}", code="unknown_port")
    ports = [port_code] if port_code else ports_in_scope(principal, geography)
    items = uow.clearance.referrals(ports, status.value if status else None, min(limit, 1000))
    _audit_read(uow, clock, principal, "clearance.referrals", results=len(items))
    uow.commit()
    return items


def get_referral(
    uow: ReferralUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    referral_id: str,
) -> ReferralView:
    """One referral with its movement and the traveller's name, for a secondary-inspection
    officer of the referral's port. Both reads are audited: the referral
    (``clearance.referral_read``) and the person's name (``clearance.read_name``)."""
    authorize(principal, Action.SECONDARY_INSPECTION)
    referral = uow.clearance.referral(referral_id[:64])
    if referral is None:
        raise NotFound("no such referral", code="unknown_referral")
    authorize(
        principal, Action.SECONDARY_INSPECTION, port_code=referral.port_code, geography=geography
    )
    movement = uow.clearance.movement(referral.movement_id)
    now = clock.now()
    uow.audit.append(
        event_for(
            principal,
            "clearance.referral_read",
            object_type="referral",
            object_id=referral.id,
            detail={"movement": referral.movement_id},
        ),
        now,
    )
    name = ""
    person = uow.people.get(referral.person_id) if referral.person_id else None
    if person is not None:
        latin = f"{person.surname} {person.given_names}".strip()
        name = f"{person.name_local} · {latin}" if person.name_local else latin
        uow.audit.append(
            event_for(
                principal,
                "clearance.read_name",
                object_type="person",
                object_id=person.id,
                detail={"for": "referral"},
            ),
            now,
        )
    uow.commit()
    return ReferralView(referral, movement, name)


def record_outcome(
    uow: ClearanceUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    cmd: RecordOutcome,
) -> Referral:
    """Close a referral with its outcome. A refusal needs REFUSE_TRAVELLER; every outcome
    needs a written reason."""
    authorize(principal, Action.SECONDARY_INSPECTION)
    referral = uow.clearance.referral(cmd.referral_id[:64])
    if referral is None:
        raise NotFound("no such referral")
    authorize(
        principal, Action.SECONDARY_INSPECTION, port_code=referral.port_code, geography=geography
    )
    if cmd.outcome is ReferralOutcome.REFUSED:
        authorize(principal, Action.REFUSE_TRAVELLER)
    reason = cmd.reason.strip()
    if not reason:
        raise ValidationFailed("record the reason for the outcome", code="reason_required")
    if len(reason) > 2000:
        raise ValidationFailed("the reason is at most 2000 characters")
    if referral.status is ReferralStatus.CLOSED:
        raise Conflict("this referral is already closed", code="referral_closed")
    movement = _outcome_movement(uow, referral, cmd.outcome, principal, clock.now())
    closed = replace(
        referral,
        status=ReferralStatus.CLOSED,
        outcome=cmd.outcome,
        officer=principal.name,
        outcome_reason=reason,
        closed_at=clock.now(),
        outcome_movement_id=movement.id if movement else None,
    )
    if movement is not None:
        uow.clearance.add_movement(movement)
    uow.clearance.close_referral(closed)
    uow.audit.append(
        event_for(
            principal,
            "clearance.referral_outcome",
            object_type="referral",
            object_id=referral.id,
            outcome=cmd.outcome.value,
            detail={"movement": referral.movement_id},
        ),
        clock.now(),
    )
    uow.commit()
    return closed


_OUTCOME_DECISION = {
    ReferralOutcome.ADMITTED: (Decision.CLEAR, "SECONDARY_ADMITTED"),
    ReferralOutcome.REFUSED: (Decision.REFUSE, "SECONDARY_REFUSED"),
    ReferralOutcome.HANDED_TO_POLICE: (Decision.REFUSE, "HANDED_TO_POLICE"),
}


def _outcome_movement(
    uow: ClearanceUnitOfWork,
    referral: Referral,
    outcome: ReferralOutcome,
    principal: Principal,
    now: datetime,
) -> Movement | None:
    """The secondary officer's decision is a decision too: admitted → a clear movement (the
    entry then counts for stays), refused / handed to police → a refuse movement; a withdrawn
    traveller did not cross. The referred movement itself is never changed."""
    if outcome not in _OUTCOME_DECISION:
        return None
    original = uow.clearance.movement(referral.movement_id)
    if original is None:
        return None
    decision, code = _OUTCOME_DECISION[outcome]
    return replace(
        original,
        id=new_id(),
        lane=Lane.COUNTER,
        lane_id="",
        occurred_at=now,
        decision=decision,
        reason_codes=(code, *original.reason_codes),
        operator=principal.name,
        permitted_until=original.permitted_until if decision is Decision.CLEAR else None,
        explanation=f"{code}: referral {referral.id}",
        flags=tuple(f for f in original.flags if f != "CLOCK_SKEW"),
    )


def list_overstayers(
    uow: ClearanceUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    on: date,
    *,
    purpose: str = "",
    limit: int = 500,
) -> list[Overstayer]:
    """People whose last crossing is an entry (entered through a port in scope) whose
    permitted stay ended before ``on``."""
    authorize(principal, Action.READ_STAYS, purpose=purpose)
    ports = ports_in_scope(principal, geography)
    items = uow.clearance.overstayers(on, ports, min(limit, 5000))
    _audit_read(
        uow, clock, principal, "clearance.overstayers", purpose=purpose, on=on, results=len(items)
    )
    uow.commit()
    return items


def movement_history(
    uow: ClearanceUnitOfWork,
    documents: DocumentFinder,
    clock: Clock,
    principal: Principal,
    query: HistoryQuery,
    *,
    purpose: str = "",
) -> list[Movement]:
    """Nationwide history of one person or one document (purpose-bound, audited)."""
    authorize(principal, Action.READ_STAYS, purpose=purpose)
    doc_ids: list[str] = []
    if query.number:
        found = documents(query.issuing_state.strip().upper()[:3], query.number.strip()[:20])
        if found is None:
            raise NotFound("no document with that number")
        doc_ids.append(found)
    elif not query.person_id:
        raise ValidationFailed("give a person id or a document (issuing state and number)")
    items = uow.clearance.history(
        query.person_id[:64] or None, doc_ids, max(1, min(query.limit, 1000))
    )
    _audit_read(
        uow,
        clock,
        principal,
        "clearance.history",
        object_id=query.person_id or (doc_ids[0] if doc_ids else ""),
        purpose=purpose,
        results=len(items),
    )
    uow.commit()
    return items


DocumentFinder = Callable[[str, str], str | None]  # (issuing state, number) → document id
