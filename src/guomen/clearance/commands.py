"""Commands and results of the clearance use cases."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from guomen.clearance.identity import (
    ChipFields,
    DocumentIdentity,
)
from guomen.clearance.model import (
    Decision,
    Direction,
    Lane,
    ReferralOutcome,
)
from guomen.clearance.pipeline import PipelineOutcome
from guomen.documents.model import TravelDocument
from guomen.entitlement.model import Endorsement, Itinerary, Visa
from guomen.people.model import Person

# --- commands and results ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TravellerDocument:
    """One of: the MRZ lines as read, the chip's DG1 fields, or a registry document id."""

    mrz_lines: tuple[str, ...] = ()
    chip: ChipFields | None = None
    document_id: str = ""


@dataclass(frozen=True, slots=True)
class ClearTraveller:
    """Decide one crossing. ``decision`` is the officer's choice at a counter (None: the
    system's proposal, which is clear or refer). ``endorsement.trips_left`` is the number of
    trips the endorsement grants as issued; the trips already used here are subtracted."""

    document: TravellerDocument
    direction: Direction
    port_code: str
    lane: Lane
    lane_id: str = ""
    itinerary: Itinerary | None = None
    visa: Visa | None = None
    endorsement: Endorsement | None = None
    live_face: bytes | None = None
    decision: Decision | None = None
    reason_text: str = ""
    idempotency_key: str = ""
    device_time: datetime | None = None
    purpose: str = ""

    def request_hash(self) -> str:
        """The request's fingerprint: a replay must match it (else 409)."""
        face = hashlib.sha256(self.live_face).hexdigest() if self.live_face else ""
        body = {
            "document": [
                list(self.document.mrz_lines),
                repr(self.document.chip),
                self.document.document_id,
            ],
            "direction": self.direction.value,
            "port": self.port_code,
            "lane": [self.lane.value, self.lane_id],
            "itinerary": repr(self.itinerary),
            "visa": repr(self.visa),
            "endorsement": repr(self.endorsement),
            "face": face,
            "decision": self.decision.value if self.decision else "",
            "reason": self.reason_text,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    severity: str  # info, refer, refuse
    explanation: str  # English, for the officer


@dataclass(frozen=True, slots=True)
class ClearanceResult:
    movement_id: str
    decision: Decision
    recommended: Decision  # the system's recommendation (may be refuse) for the officer
    reasons: tuple[Reason, ...]
    reason_codes: tuple[str, ...]
    priority_referral: bool
    referral_id: str | None
    recapture: bool  # an e-gate asks the traveller to look at the camera again
    person_id: str
    document_id: str
    occurred_at: datetime
    permitted_until: date | None = None
    stay_days: int | None = None
    overstay: bool | None = None
    versions: dict[str, str] = field(default_factory=dict)
    instructions: tuple[str, ...] = ()  # wanted-list action instructions for the officer
    flags: tuple[str, ...] = ()
    degraded: bool = False
    replayed: bool = False

    def to_answer(self) -> dict[str, object]:
        return {
            "movement_id": self.movement_id,
            "decision": self.decision.value,
            "recommended": self.recommended.value,
            "reasons": [[r.code, r.severity, r.explanation] for r in self.reasons],
            "reason_codes": list(self.reason_codes),
            "priority_referral": self.priority_referral,
            "referral_id": self.referral_id,
            "recapture": self.recapture,
            "person_id": self.person_id,
            "document_id": self.document_id,
            "occurred_at": self.occurred_at.isoformat(),
            "permitted_until": self.permitted_until.isoformat() if self.permitted_until else None,
            "stay_days": self.stay_days,
            "overstay": self.overstay,
            "versions": dict(self.versions),
            "instructions": list(self.instructions),
            "flags": list(self.flags),
            "degraded": self.degraded,
        }

    @classmethod
    def from_answer(cls, a: dict[str, object]) -> ClearanceResult:
        def text(k: str) -> str:
            return str(a.get(k) or "")

        until = text("permitted_until")
        stay = a.get("stay_days")
        over = a.get("overstay")
        return cls(
            movement_id=text("movement_id"),
            decision=Decision(text("decision")),
            recommended=Decision(text("recommended")),
            reasons=tuple(Reason(*(str(x) for x in _list(r))) for r in _list(a.get("reasons"))),
            reason_codes=tuple(str(c) for c in _list(a.get("reason_codes"))),
            priority_referral=bool(a.get("priority_referral")),
            referral_id=text("referral_id") or None,
            recapture=bool(a.get("recapture")),
            person_id=text("person_id"),
            document_id=text("document_id"),
            occurred_at=datetime.fromisoformat(text("occurred_at")),
            permitted_until=date.fromisoformat(until) if until else None,
            stay_days=stay if isinstance(stay, int) else None,
            overstay=over if isinstance(over, bool) else None,
            versions={str(k): str(v) for k, v in _dict(a.get("versions")).items()},
            instructions=tuple(str(i) for i in _list(a.get("instructions"))),
            flags=tuple(str(f) for f in _list(a.get("flags"))),
            degraded=bool(a.get("degraded")),
            replayed=True,
        )


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _dict(value: object) -> dict[object, object]:
    return dict(value) if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the console shows before the officer decides (no movement written)."""

    identity: DocumentIdentity
    person: Person | None
    document: TravelDocument | None
    outcome: PipelineOutcome
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    referral_id: str
    outcome: ReferralOutcome
    reason: str


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    person_id: str = ""
    issuing_state: str = ""
    number: str = ""
    limit: int = 100
