"""Hit review records and the storage they need: the hit in the queue, the dismissal that is
remembered, and the ports of the review unit of work (see :mod:`guomen.screening.review`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from guomen.audit.ports import AuditLog
from guomen.screening.matching import Decision, Query
from guomen.screening.model import WatchlistEntry
from guomen.shared.errors import ValidationFailed

HIT_SOURCES = ("clearance", "batch", "rescreen", "application")
MAX_SUBJECT_REF = 128
MAX_PERSON_ID = 64
MAX_PORT_CODE = 32


class HitStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class Verdict(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"


@dataclass(frozen=True)
class HitContext:
    """Where and why a person was screened: stored with each hit."""

    source: str  # "clearance" | "batch" | "rescreen" | "application"
    subject_ref: str  # movement id, application id, list version id ...
    person_id: str | None
    port_code: str | None
    occurred_at: datetime

    def __post_init__(self) -> None:
        if self.source not in HIT_SOURCES:
            raise ValidationFailed(f"hit source {self.source[:20]!r} is not one of {HIT_SOURCES}")
        if len(self.subject_ref) > MAX_SUBJECT_REF:
            raise ValidationFailed(f"subject reference is longer than {MAX_SUBJECT_REF}")
        if self.person_id is not None and not 0 < len(self.person_id) <= MAX_PERSON_ID:
            raise ValidationFailed(f"a person id has 1-{MAX_PERSON_ID} characters")
        if self.port_code is not None and not 0 < len(self.port_code) <= MAX_PORT_CODE:
            raise ValidationFailed(f"a port code has 1-{MAX_PORT_CODE} characters")
        if self.occurred_at.tzinfo is None:
            raise ValueError("hit times must be timezone-aware (UTC)")


@dataclass(frozen=True, slots=True)
class EntryRef:
    """A listed entry as it stands now: the version that last wrote it, its validity (the
    earlier of the entry's and the list's last day) and the entry itself."""

    version_id: str
    valid_until: date | None
    priority: int
    entry: WatchlistEntry | None


@dataclass(frozen=True, slots=True)
class ReviewHit:
    """A recorded hit. ``query``, ``entry``, ``explanation`` and ``reason`` are personal data
    (sealed in storage); the rest are ids, scores and codes."""

    id: str
    person_id: str | None
    list_id: str
    entry_id: str
    entry_version: str  # "" when the entry was not in storage when the hit was recorded
    list_type: str
    priority: int
    entry_name: str
    score: float
    decision: Decision
    explanation: str
    algorithm: str
    algorithm_version: str
    source: str
    subject_ref: str
    port_code: str | None
    created_at: datetime
    status: HitStatus = HitStatus.OPEN
    reviewer: str | None = None
    reason: str = ""
    decided_at: datetime | None = None
    query: Query | None = None  # what the traveller's document or record said
    entry: WatchlistEntry | None = None  # the entry as it was when the hit was recorded
    entry_valid_until: date | None = None


@dataclass(frozen=True, slots=True)
class Dismissal:
    id: str
    hit_id: str
    person_id: str
    list_id: str
    entry_id: str
    entry_version: str
    until: datetime
    created_by: str
    created_at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class HitPage:
    hits: tuple[ReviewHit, ...]
    total: int


@dataclass(frozen=True, slots=True)
class HitDecision:
    hit: ReviewHit
    dismissal: Dismissal | None  # None for a confirmation, or a hit without a person id


class HitRepository(Protocol):
    def add(self, hit: ReviewHit) -> None: ...
    def get(self, hit_id: str) -> ReviewHit | None: ...

    def open_for(self, person_id: str) -> dict[tuple[str, str, str], str]:
        """The person's open hits: (list id, entry id, entry version) → hit id."""
        ...

    def search(
        self, *, status: HitStatus | None, ports: frozenset[str] | None, limit: int, offset: int
    ) -> HitPage:
        """Hits by status (None: all), most urgent first; ``ports`` limits them to those ports
        and hits without a port (None: everywhere)."""
        ...

    def decide(self, hit: ReviewHit) -> bool:
        """Store the decision if the hit is still open; False if it was decided meanwhile."""
        ...

    def entry_refs(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], EntryRef]:
        """The current (not removed) entries among ``(list_id, entry_id)`` pairs."""
        ...


class DismissalRepository(Protocol):
    def add(self, dismissal: Dismissal) -> None: ...

    def active(self, person_id: str, at: datetime) -> frozenset[tuple[str, str]]:
        """Pairs dismissed for this person, still before ``until`` and whose entry still has
        the version that was judged."""
        ...


class ReviewUnitOfWork(Protocol):
    @property
    def screening_hits(self) -> HitRepository: ...

    @property
    def screening_dismissals(self) -> DismissalRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    def commit(self) -> None: ...
