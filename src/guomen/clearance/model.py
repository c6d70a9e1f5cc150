"""Movement records (出入境记录): one entry or exit of one person at one port, and what the
clearance pipeline decided about it (reasons, versions, stay, referral)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class Lane(StrEnum):
    EGATE = "egate"
    COUNTER = "counter"


class Decision(StrEnum):
    CLEAR = "clear"
    REFER = "refer"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Movement:
    id: str
    person_id: str
    document_id: str
    port_code: str
    direction: Direction
    lane: Lane
    occurred_at: datetime
    decision: Decision
    reason_codes: tuple[str, ...] = ()
    operator: str = ""  # officer user name or device token name
    traveller_group: str = ""  # e.g. mainland resident, HK/Macao resident, foreigner
    # Written by the clearance pipeline (None/empty on rows from before it, e.g. the demo data)
    lane_id: str = ""  # the gate or counter, e.g. "E07" or "C12"
    permitted_until: date | None = None  # an entry: last day of the permitted stay
    entry_movement_id: str | None = None  # an exit: the entry it closes
    stay_days: int | None = None  # an exit: days since that entry (both days counted)
    overstay: bool | None = None  # an exit: left after permitted_until
    versions: tuple[tuple[str, str], ...] = ()  # component → name and version used
    explanation: str = ""  # the reasons in English, one per line
    flags: tuple[str, ...] = ()  # e.g. CLOCK_SKEW, CLONED_DOCUMENT, DEGRADED


class ReferralStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ReferralOutcome(StrEnum):
    ADMITTED = "admitted"  # cleared after secondary inspection
    REFUSED = "refused"  # refused entry or exit
    HANDED_TO_POLICE = "handed_to_police"
    WITHDRAWN = "withdrawn"  # the traveller withdrew (e.g. did not travel)


@dataclass(frozen=True, slots=True)
class Referral:
    """A traveller sent to secondary inspection (后台); e-gate referrals come first."""

    id: str
    movement_id: str
    port_code: str
    reason_codes: tuple[str, ...]
    priority: bool
    created_at: datetime
    status: ReferralStatus = ReferralStatus.OPEN
    instructions: str = ""  # a wanted list's action instructions, for the officer
    outcome: ReferralOutcome | None = None
    officer: str = ""
    outcome_reason: str = ""
    closed_at: datetime | None = None
    person_id: str = ""
    direction: Direction | None = None
    lane: Lane | None = None
    outcome_movement_id: str | None = None  # the movement the outcome recorded


@dataclass(frozen=True, slots=True)
class Overstayer:
    """A person whose last recorded crossing is an entry whose permitted stay has run out."""

    person_id: str
    document_id: str
    entry_movement_id: str
    port_code: str
    entered_at: datetime
    permitted_until: date
    days_over: int


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """What an idempotent request answered the first time (replayed as is)."""

    request_hash: str
    movement_id: str
    answer: dict[str, object] = field(default_factory=dict)
