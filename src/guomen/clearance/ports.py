"""What the clearance pipeline needs from outside: entitlement rules, watchlist screening, the
face check (:mod:`guomen.clearance.face_port`), and a store for movements (the central
database, or the port's local journal when the centre cannot be reached)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol

from guomen.audit.model import AuditEvent
from guomen.clearance.model import Movement, Overstayer, Referral, StoredAnswer
from guomen.documents.model import TravelDocument
from guomen.documents.registry import RegistryStatus
from guomen.entitlement.model import EntitlementAssessment, EntitlementQuery
from guomen.people.model import Person
from guomen.screening.matching import Query
from guomen.screening.review import HitContext
from guomen.screening.screen import ScreeningOutcome


class Unavailable(Exception):
    """A service the pipeline depends on cannot be reached (the caller degrades)."""


class EntitlementCheck(Protocol):
    def assess(self, query: EntitlementQuery) -> EntitlementAssessment:
        """Raise :class:`Unavailable` when no tables are loaded."""
        ...


@dataclass(frozen=True, slots=True)
class ScreeningSubject:
    names: tuple[str, ...]
    birth_date: date | None
    nationality: str
    document_number: str
    sex: str = ""
    person_id: str = ""  # the registered holder, when known (their dismissed hits stay dismissed)


@dataclass(frozen=True, slots=True)
class ListHit:
    list_id: str
    entry_id: str
    list_type: str  # deny_entry, deny_exit, wanted, watch
    decision: str  # match or possible
    score: float
    explanation: str
    instructions: str = ""  # the list's action instructions


@dataclass(frozen=True, slots=True)
class ScreeningSummary:
    hits: tuple[ListHit, ...]
    algorithm: str  # name and version, stored with the movement
    snapshot: bool = False  # screened against the local snapshot (degraded)
    audit: tuple[tuple[AuditEvent, datetime], ...] = ()  # written with the decision
    outcome: ScreeningOutcome | None = None  # the hits as screening gave them, for the review
    query: Query | None = None  # what was screened (shown to the reviewing officer)


class ScreeningCheck(Protocol):
    def screen(self, subject: ScreeningSubject, purpose: str) -> ScreeningSummary:
        """Raise :class:`Unavailable` when there is no list snapshot at all. The screening's
        own audit entries come back in ``audit``, for the store to write with the decision."""
        ...


@dataclass(frozen=True, slots=True)
class KnownDocument:
    document: TravelDocument
    person: Person


class ClearanceStore(Protocol):
    """One transaction: every read and write of one decision. ``degraded`` stores (the local
    journal) answer registry and history questions with :class:`Unavailable` or local data."""

    degraded: bool

    def remember(self, known: KnownDocument) -> None:
        """The registry's document and holder, found earlier in this decision (a store may
        keep its id instead of reading the document again)."""
        ...

    def lock_document(self, issuing_state: str, number: str) -> None:
        """Serialise decisions about one document (two ports at once: the cloned-document
        check must see the other's movement)."""
        ...

    def find_document(self, issuing_state: str, number: str) -> KnownDocument | None: ...

    def document_by_id(self, document_id: str) -> KnownDocument | None: ...

    def registry_status(self, issuing_state: str, number: str, today: date) -> RegistryStatus: ...

    def register_traveller(
        self, person: Person, document: TravelDocument, unverified: bool
    ) -> None:
        """Record a traveller and document seen for the first time. ``unverified``: a
        document that should have been in the registry (Chinese-issued) — it keeps being
        reported as not registered on later crossings."""
        ...

    def last_movement(self, document_key: str) -> Movement | None:
        """The latest movement with this document (``document_key``: ``STATE:NUMBER``)."""
        ...

    def last_entry(self, person_id: str, document_key: str) -> Movement | None: ...

    def trips_used(self, document_key: str, endorsement: str) -> int: ...

    def use_trip(self, document_key: str, endorsement: str, movement_id: str) -> None: ...

    def stored_answer(self, caller: str, key: str) -> StoredAnswer | None: ...

    def remember_answer(self, caller: str, key: str, answer: StoredAnswer) -> None: ...

    def add_movement(self, movement: Movement, document_key: str, identity: dict[str, str]) -> None:
        """``identity``: what the document says (for the journal to link on sync)."""
        ...

    def flag_movement(self, movement_id: str, flag: str) -> None: ...

    def add_referral(self, referral: Referral) -> None: ...

    def record_hits(
        self, outcome: ScreeningOutcome, query: Query | None, context: HitContext
    ) -> None:
        """Put the hits in the back office's review queue, with the decision."""
        ...

    def audit(self, event: AuditEvent, at: datetime) -> None: ...

    def commit(self) -> None: ...


class ClearanceRepository(Protocol):
    """Central reads and writes of the queue, stays and history (adapters.db.clearance_repos)."""

    def referrals(
        self, port_codes: Sequence[str] | None, status: str | None, limit: int
    ) -> list[Referral]: ...

    def referral(self, referral_id: str) -> Referral | None: ...

    def close_referral(self, referral: Referral) -> None: ...

    def add_movement(self, movement: Movement) -> None: ...

    def overstayers(
        self, on: date, port_codes: Sequence[str] | None, limit: int
    ) -> list[Overstayer]: ...

    def history(
        self, person_id: str | None, document_ids: Sequence[str], limit: int
    ) -> list[Movement]: ...

    def movement(self, movement_id: str) -> Movement | None: ...


@dataclass(frozen=True, slots=True)
class DegradedStatus:
    degraded: bool
    since: datetime | None
    journal_pending: int
    reason: str = ""


class StoreSession(Protocol):
    def __enter__(self) -> ClearanceStore: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class StoreDown(Exception):
    """The store failed in the middle of a decision; its transaction was rolled back and the
    environment has switched to degraded mode (the use case decides again, once)."""
