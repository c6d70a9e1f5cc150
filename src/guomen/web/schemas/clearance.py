"""API schemas of the clearance capability (e-gate, counter, queue, stays, status)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guomen.clearance.model import Movement, Overstayer, Referral
from guomen.clearance.ports import DegradedStatus
from guomen.clearance.services import ClearanceResult

MAX_FACE_BASE64 = 700_000  # about 520 kB of image: a gate camera crop is far smaller


class ChipFieldsIn(BaseModel):
    """DG1 of the chip, as the gate's reader decoded it."""

    model_config = ConfigDict(extra="forbid")
    document_code: str = Field(default="P", max_length=2)
    issuing_state: str = Field(max_length=3)
    number: str = Field(max_length=20)
    nationality: str = Field(max_length=3)
    surname: str = Field(default="", max_length=100)
    given_names: str = Field(default="", max_length=100)
    birth_date: date | None = None
    sex: Literal["M", "F", "X", ""] = ""
    expiry_date: date


class ItineraryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    arriving_from: str = Field(default="", max_length=3)
    onward_destination: str = Field(default="", max_length=3)
    onward_departure: date | None = None
    transport: str = Field(default="", max_length=32)


class VisaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["visa", "port_visa", "residence_permit", "apec_card"] = "visa"
    category: str = Field(default="", max_length=4)
    valid_from: date | None = None
    valid_until: date | None = None
    entries_left: int | None = Field(default=None, ge=0, le=99)
    stay_days: int | None = Field(default=None, ge=0, le=3650)


class EndorsementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    destination: Literal["HKG", "MAC", "TWN"]
    kind: str = Field(max_length=2)
    valid_from: date | None = None
    valid_until: date | None = None
    trips_left: int | None = Field(default=None, ge=0, le=99, description="As issued.")
    stay_days: int | None = Field(default=None, ge=0, le=365)


class CrossingIn(BaseModel):
    """One traveller at a gate or counter: exactly one of mrz_lines, chip, document_id."""

    model_config = ConfigDict(extra="forbid")
    mrz_lines: list[str] | None = Field(default=None, max_length=3)
    chip: ChipFieldsIn | None = None
    document_id: str | None = Field(default=None, max_length=64)
    direction: Literal["entry", "exit"]
    lane_id: str = Field(default="", max_length=16)
    itinerary: ItineraryIn | None = None
    visa: VisaIn | None = None
    endorsement: EndorsementIn | None = None
    face_image: str | None = Field(
        default=None, max_length=MAX_FACE_BASE64, description="Live face, base64 (JPEG/PNG)."
    )
    device_time: datetime | None = Field(
        default=None, description="The device's clock; far off: server time is used, flagged."
    )


class EgateCrossing(CrossingIn):
    port_code: str | None = Field(
        default=None, max_length=32, description="Defaults to the port the token is bound to."
    )


class CounterDecision(CrossingIn):
    port_code: str = Field(max_length=32)
    decision: Literal["clear", "refer", "refuse"] | None = Field(
        default=None, description="The officer's decision; none: the system's proposal."
    )
    reason: str = Field(default="", max_length=2000)


class EgateAnswer(BaseModel):
    movement_id: str
    decision: Literal["clear", "refer"]
    reason_codes: list[str]
    display: dict[str, str]
    priority_referral: bool
    versions: dict[str, str]
    replayed: bool = False


class ReasonPublic(BaseModel):
    code: str
    severity: str
    explanation: str


class DecisionPublic(BaseModel):
    movement_id: str
    decision: str
    recommended: str
    reason_codes: list[str]
    reasons: list[ReasonPublic]
    priority_referral: bool
    referral_id: str | None
    person_id: str
    document_id: str
    occurred_at: datetime
    permitted_until: date | None
    stay_days: int | None
    overstay: bool | None
    versions: dict[str, str]
    instructions: list[str]
    flags: list[str]
    degraded: bool
    replayed: bool

    @classmethod
    def of(cls, r: ClearanceResult) -> DecisionPublic:
        return cls(
            movement_id=r.movement_id,
            decision=r.decision.value,
            recommended=r.recommended.value,
            reason_codes=list(r.reason_codes),
            reasons=[
                ReasonPublic(code=x.code, severity=x.severity, explanation=x.explanation)
                for x in r.reasons
            ],
            priority_referral=r.priority_referral,
            referral_id=r.referral_id,
            person_id=r.person_id,
            document_id=r.document_id,
            occurred_at=r.occurred_at,
            permitted_until=r.permitted_until,
            stay_days=r.stay_days,
            overstay=r.overstay,
            versions=r.versions,
            instructions=list(r.instructions),
            flags=list(r.flags),
            degraded=r.degraded,
            replayed=r.replayed,
        )


class MovementPublic(BaseModel):
    id: str
    person_id: str
    document_id: str
    port_code: str
    direction: str
    lane: str
    lane_id: str
    occurred_at: datetime
    decision: str
    reason_codes: list[str]
    operator: str
    permitted_until: date | None
    entry_movement_id: str | None
    stay_days: int | None
    overstay: bool | None
    versions: dict[str, str]
    flags: list[str]

    @classmethod
    def of(cls, m: Movement) -> MovementPublic:
        return cls(
            id=m.id,
            person_id=m.person_id,
            document_id=m.document_id,
            port_code=m.port_code,
            direction=m.direction.value,
            lane=m.lane.value,
            lane_id=m.lane_id,
            occurred_at=m.occurred_at,
            decision=m.decision.value,
            reason_codes=list(m.reason_codes),
            operator=m.operator,
            permitted_until=m.permitted_until,
            entry_movement_id=m.entry_movement_id,
            stay_days=m.stay_days,
            overstay=m.overstay,
            versions=dict(m.versions),
            flags=list(m.flags),
        )


class OverstayerPublic(BaseModel):
    person_id: str
    document_id: str
    entry_movement_id: str
    port_code: str
    entered_at: datetime
    permitted_until: date
    days_over: int

    @classmethod
    def of(cls, o: Overstayer) -> OverstayerPublic:
        return cls(
            person_id=o.person_id,
            document_id=o.document_id,
            entry_movement_id=o.entry_movement_id,
            port_code=o.port_code,
            entered_at=o.entered_at,
            permitted_until=o.permitted_until,
            days_over=o.days_over,
        )


class ReferralPublic(BaseModel):
    id: str
    movement_id: str
    port_code: str
    person_id: str
    direction: str | None
    lane: str | None
    reason_codes: list[str]
    priority: bool
    instructions: str
    created_at: datetime
    status: str
    outcome: str | None
    officer: str
    outcome_reason: str
    closed_at: datetime | None
    outcome_movement_id: str | None

    @classmethod
    def of(cls, r: Referral) -> ReferralPublic:
        return cls(
            id=r.id,
            movement_id=r.movement_id,
            port_code=r.port_code,
            person_id=r.person_id,
            direction=r.direction.value if r.direction else None,
            lane=r.lane.value if r.lane else None,
            reason_codes=list(r.reason_codes),
            priority=r.priority,
            instructions=r.instructions,
            created_at=r.created_at,
            status=r.status.value,
            outcome=r.outcome.value if r.outcome else None,
            officer=r.officer,
            outcome_reason=r.outcome_reason,
            closed_at=r.closed_at,
            outcome_movement_id=r.outcome_movement_id,
        )


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["admitted", "refused", "handed_to_police", "withdrawn"]
    reason: str = Field(max_length=2000)


class StatusPublic(BaseModel):
    degraded: bool
    since: datetime | None
    journal_pending: int
    reason: str

    @classmethod
    def of(cls, s: DegradedStatus) -> StatusPublic:
        return cls(
            degraded=s.degraded, since=s.since, journal_pending=s.journal_pending, reason=s.reason
        )
