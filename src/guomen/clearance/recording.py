"""Writing one decision: the movement, its referral, flags, trip and audit entries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from guomen.audit.model import AuditEvent
from guomen.audit.services import event_for
from guomen.clearance.commands import ClearanceResult, ClearTraveller, Reason
from guomen.clearance.identity import (
    DocumentIdentity,
)
from guomen.clearance.model import (
    Decision,
    Direction,
    Movement,
    Referral,
)
from guomen.clearance.pipeline import PipelineOutcome
from guomen.clearance.ports import (
    ClearanceStore,
    KnownDocument,
)
from guomen.clearance.rules import Finding, OfficerDecision, reason_codes_of
from guomen.documents.model import DocumentStatus, DocumentType, TravelDocument
from guomen.identity.model import Principal
from guomen.people.model import Person, Sex
from guomen.screening.review import HitContext
from guomen.shared.ids import new_id


def reasons_of(findings: Sequence[Finding]) -> tuple[Reason, ...]:
    seen: dict[str, Reason] = {}
    for f in findings:
        if f.code not in seen:
            seen[f.code] = Reason(f.code, f.weight.value, f.text)
    return tuple(seen.values())


def _first_seen(
    store: ClearanceStore, identity: DocumentIdentity, now: datetime
) -> tuple[str, str]:
    """A foreign document the platform has not seen: record its holder and the document."""
    person = Person(
        id=new_id(),
        surname=identity.surname,
        given_names=identity.given_names,
        sex=Sex(identity.sex) if identity.sex in ("M", "F", "X") else Sex.UNSPECIFIED,
        birth_date=identity.birth_date or date(1900, 1, 1),
        nationality=identity.nationality,
        created_at=now,
    )
    doc = TravelDocument(
        id=new_id(),
        person_id=person.id,
        doc_type=identity.document_type or DocumentType.PASSPORT,
        issuing_state=identity.issuing_state,
        number=identity.number,
        issued_on=now.date(),
        expires_on=identity.expires_on or now.date(),
        status=DocumentStatus.VALID,
        created_at=now,
    )
    store.register_traveller(person, doc, identity.chinese_issued)
    return person.id, doc.id


_FLAG_OF = {
    "CLOCK_SKEW": "CLOCK_SKEW",
    "CLONED_DOCUMENT_SUSPECTED": "CLONED_DOCUMENT",
    "DEGRADED_MODE": "DEGRADED",
    "DOCUMENT_FIRST_SEEN": "FIRST_SEEN",
}


def record_decision(
    store: ClearanceStore,
    principal: Principal,
    cmd: ClearTraveller,
    outcome: PipelineOutcome,
    chosen: OfficerDecision,
    known: KnownDocument | None,
    now: datetime,
) -> ClearanceResult:
    """Write the movement, its referral, flags, trip and audit entries in ``store``."""
    findings = list(chosen.findings)
    identity = outcome.identity
    if known is None and not store.degraded:  # registered meanwhile by another port?
        known = store.find_document(identity.issuing_state, identity.number)
    if known is not None:
        person_id, document_id = known.person.id, known.document.id
    elif store.degraded:
        person_id = document_id = ""  # linked to the registry when the journal syncs
    else:
        person_id, document_id = _first_seen(store, identity, now)
        findings.append(Finding("DOCUMENT_FIRST_SEEN", "registry"))
    decision = chosen.decision
    codes = reason_codes_of(decision, findings)
    reasons = reasons_of(findings)
    flags = tuple(dict.fromkeys(_FLAG_OF[f.code] for f in findings if f.code in _FLAG_OF))
    entry = cmd.direction is Direction.ENTRY
    until = outcome.entitlement.permitted_until if entry and outcome.entitlement else None
    movement = Movement(
        id=new_id(),
        person_id=person_id,
        document_id=document_id,
        port_code=cmd.port_code,
        direction=cmd.direction,
        lane=cmd.lane,
        occurred_at=now,
        decision=decision,
        reason_codes=codes,
        operator=principal.name,
        traveller_group=identity.traveller_group,
        lane_id=cmd.lane_id,
        permitted_until=until if decision is not Decision.REFUSE else None,
        entry_movement_id=outcome.last_entry.id if outcome.last_entry else None,
        stay_days=outcome.stay_days,
        overstay=outcome.overstay,
        versions=tuple(sorted(outcome.versions.items())),
        explanation="\n".join(f"{r.code}: {r.explanation}" for r in reasons),
        flags=flags,
    )
    store.add_movement(movement, identity.key, identity.as_dict())
    screened = outcome.screening
    if screened is not None and screened.outcome is not None and screened.outcome.hits:
        context = HitContext("clearance", movement.id, person_id or None, cmd.port_code, now)
        store.record_hits(screened.outcome, screened.query, context)
    referral_id = _refer(store, movement, chosen.priority, outcome, now)
    if "CLONED_DOCUMENT" in flags and outcome.previous is not None:
        _flag_clone(store, outcome.previous, now)
    if decision is Decision.CLEAR and outcome.trip_key:
        store.use_trip(identity.key, outcome.trip_key, movement.id)
    for event, at in env_audit(outcome):
        store.audit(event, at)
    store.audit(
        event_for(
            principal,
            "clearance.decide",
            object_type="movement",
            object_id=movement.id,
            purpose=cmd.purpose,
            outcome=decision.value,
            detail={
                "port": cmd.port_code,
                "lane": f"{cmd.lane.value}:{cmd.lane_id}",
                "direction": cmd.direction.value,
                "person": person_id,
                "reasons": " ".join(codes),
                "versions": json.dumps(outcome.versions, sort_keys=True),
            },
        ),
        now,
    )
    return ClearanceResult(
        movement_id=movement.id,
        decision=decision,
        recommended=outcome.proposal.recommended,
        reasons=reasons,
        reason_codes=codes,
        priority_referral=referral_id is not None and chosen.priority,
        referral_id=referral_id,
        recapture=outcome.proposal.recapture and decision is Decision.REFER,
        person_id=person_id,
        document_id=document_id,
        occurred_at=now,
        permitted_until=movement.permitted_until,
        stay_days=outcome.stay_days,
        overstay=outcome.overstay,
        versions=dict(outcome.versions),
        instructions=outcome.instructions,
        flags=flags,
        degraded=store.degraded,
    )


def env_audit(outcome: PipelineOutcome) -> list[tuple[AuditEvent, datetime]]:
    """The screening's own audit entries, written in the decision's transaction."""
    return list(outcome.screening.audit) if outcome.screening else []


def _refer(
    store: ClearanceStore,
    movement: Movement,
    priority: bool,
    outcome: PipelineOutcome,
    now: datetime,
) -> str | None:
    if movement.decision is not Decision.REFER:
        return None
    referral = Referral(
        id=new_id(),
        movement_id=movement.id,
        port_code=movement.port_code,
        reason_codes=movement.reason_codes,
        priority=priority,
        created_at=now,
        instructions="\n".join(outcome.instructions),
        person_id=movement.person_id,
        direction=movement.direction,
        lane=movement.lane,
    )
    store.add_referral(referral)
    return referral.id


def _flag_clone(store: ClearanceStore, previous: Movement, now: datetime) -> None:
    """The other crossing with the same document is flagged and queued too."""
    store.flag_movement(previous.id, "CLONED_DOCUMENT")
    store.add_referral(
        Referral(
            id=new_id(),
            movement_id=previous.id,
            port_code=previous.port_code,
            reason_codes=("CLONED_DOCUMENT_SUSPECTED",),
            priority=True,
            created_at=now,
            person_id=previous.person_id,
            direction=previous.direction,
            lane=previous.lane,
        )
    )
