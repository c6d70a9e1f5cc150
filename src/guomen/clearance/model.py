"""Movement records (出入境记录): one entry or exit of one person at one port."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
