"""The clearance environment of a running port (``container.clearance()``).

It chooses the store of each decision: the central database, or — when that cannot be
reached — the local journal (degraded mode, since the first failure). While degraded it tries
the centre again every ``retry_seconds``; when it answers, the journal is synced (exactly once
per batch) and the port leaves degraded mode. Screening keeps working on the last watchlist
snapshot held in memory.

What degrades (see also the reason codes): registry status is unknown (REGISTRY_UNAVAILABLE:
an e-gate refers to a counter, a counter officer carries on with the code on the record);
watchlists are screened against the in-memory snapshot (SCREENING_SNAPSHOT); history and
endorsement trips are those this port recorded while degraded; an exit without a local entry
is not flagged (EXIT_WITHOUT_ENTRY needs the central history); movements are linked to the
registry's person and document records when the journal syncs.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError

from guomen.adapters.clearance_journal import Journal, JournalStore, SyncReport, sync_journal
from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.clearance_repos import SqlClearanceStore
from guomen.adapters.db.tables import watchlists
from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.audit.model import AuditEntry, AuditEvent
from guomen.audit.ports import AuditFilter
from guomen.clearance.pipeline import Ports
from guomen.clearance.ports import (
    ClearanceStore,
    DegradedStatus,
    ListHit,
    ScreeningSubject,
    ScreeningSummary,
    StoreDown,
    Unavailable,
)
from guomen.identity.model import Principal
from guomen.identity.policy import Geography
from guomen.people.model import Sex
from guomen.screening.index import IndexHolder
from guomen.screening.matching import BirthDate, Query
from guomen.screening.review import active_dismissals, without_dismissed
from guomen.screening.screen import screen_person
from guomen.shared.clock import Clock
from guomen.shared.errors import ServiceUnavailable

log = logging.getLogger("guomen.clearance")
CALLER_TTL = timedelta(hours=12)
CONNECTION_ERRORS = (OperationalError, InterfaceError)


class BufferedAudit:
    """Collects the screening's audit events for the decision's own transaction."""

    def __init__(self) -> None:
        self.events: list[tuple[AuditEvent, datetime]] = []

    def append(self, event: AuditEvent, at: datetime) -> AuditEntry:
        self.events.append((event, at))
        return AuditEntry(0, at, event, "", "")

    def iterate(self) -> Iterator[AuditEntry]:  # the buffer is written, never read back
        return iter(())

    def head(self) -> tuple[int, str] | None:
        return None

    def search(self, flt: AuditFilter) -> list[AuditEntry]:
        return []


class IndexScreeningCheck:
    """Screening through ``guomen.screening.screen.screen_person`` on the index in force;
    keeps the last snapshot for when the database is unreachable."""

    def __init__(
        self,
        holder_source: Callable[[], IndexHolder],
        clock: Clock,
        lists_source: Callable[[], dict[str, str]],
        dismissals_source: Callable[[str, datetime], frozenset[tuple[str, str]]] | None = None,
    ) -> None:
        self._source = holder_source
        self._dismissals = dismissals_source
        self._clock = clock
        self._lists_source = lists_source
        self._last: IndexHolder | None = None
        self._instructions: dict[str, str] = {}

    def _holder(self) -> tuple[IndexHolder, bool]:
        try:
            holder = self._source()
        except CONNECTION_ERRORS:
            if self._last is None:
                raise Unavailable("no watchlist snapshot") from None
            return self._last, True
        if holder is not self._last or not self._instructions:
            with contextlib.suppress(*CONNECTION_ERRORS):
                self._instructions = self._lists_source()
        self._last = holder
        return holder, False

    def _dismissed(self, person_id: str) -> frozenset[tuple[str, str]]:
        """Pairs an officer dismissed for this traveller (not stopped again for them); none
        when the database cannot say."""
        if self._dismissals is None:
            return frozenset()
        try:
            return self._dismissals(person_id, self._clock.now())
        except CONNECTION_ERRORS:
            return frozenset()

    def screen(self, subject: ScreeningSubject, purpose: str) -> ScreeningSummary:
        holder, snapshot = self._holder()
        birth = subject.birth_date
        query = Query(
            names=subject.names[:8],
            birth_date=BirthDate(birth.year, birth.month, birth.day) if birth else None,
            nationality=subject.nationality or None,
            document_number=subject.document_number or None,
            sex=Sex(subject.sex) if subject.sex in ("M", "F") else None,
        )
        audit = BufferedAudit()
        outcome = screen_person(
            holder, self._clock, audit, None, query, purpose=purpose or "clearance"
        )
        if outcome.hits and subject.person_id and not snapshot:
            outcome = without_dismissed(outcome, self._dismissed(subject.person_id))
        hits = tuple(
            ListHit(
                h.list_id,
                h.entry_id,
                h.list_type,
                h.decision.value,
                h.score,
                h.explanation,
                self._instructions.get(h.list_id, ""),
            )
            for h in outcome.hits
        )
        algorithm = f"{outcome.algorithm} {outcome.algorithm_version}"
        return ScreeningSummary(
            hits, algorithm, snapshot, tuple(audit.events), outcome=outcome, query=query
        )


def dismissals_reader(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> Callable[[str, datetime], frozenset[tuple[str, str]]]:
    def read(person_id: str, at: datetime) -> frozenset[tuple[str, str]]:
        with uow_factory() as uow:
            return active_dismissals(uow, person_id, at)

    return read


def list_instructions(uow_factory: Callable[[], SqlUnitOfWork]) -> dict[str, str]:
    with uow_factory() as uow:
        rows = uow.conn.execute(select(watchlists.c.list_id, watchlists.c.action_instructions))
        return {r.list_id: r.action_instructions for r in rows}


@dataclass
class _State:
    since: datetime | None = None
    reason: str = ""
    last_try: datetime | None = None


class ClearanceRuntime:
    def __init__(
        self,
        uow_factory: Callable[[], SqlUnitOfWork],
        cipher: FieldCipher,
        clock: Clock,
        geography_source: Callable[[], Geography],
        ports: Ports,
        journal: Journal,
        retry_seconds: float = 5.0,
    ) -> None:
        self.clock = clock
        self.ports = ports
        self.journal = journal
        self._uow = uow_factory
        self._cipher = cipher
        self._geography_source = geography_source
        self._geography: Geography | None = None
        self._retry = retry_seconds
        self._state = _State()
        self._lock = threading.Lock()
        self._callers: dict[str, tuple[Principal, str, datetime]] = {}

    def remember_caller(self, credential: str, principal: Principal, csrf: str = "") -> None:
        """Devices and officers keep working while degraded: a token or session this port saw
        resolve within ``CALLER_TTL`` is accepted without the central database."""
        key = hashlib.sha256(credential.encode()).hexdigest()
        with self._lock:
            self._callers[key] = (principal, csrf, self.clock.now())

    def cached_caller(self, credential: str) -> tuple[Principal, str] | None:
        key = hashlib.sha256(credential.encode()).hexdigest()
        found = self._callers.get(key)
        if found is None or self.clock.now() - found[2] > CALLER_TTL:
            return None
        return found[0], found[1]

    def geography(self) -> Geography:
        """Read once from the centre (it changes rarely); a port that has never reached the
        centre cannot check ports and scopes and answers 503."""
        if self._geography is None:
            try:
                self._geography = self._geography_source()
            except CONNECTION_ERRORS:
                raise ServiceUnavailable("reference data not loaded yet") from None
        return self._geography

    @property
    def degraded(self) -> bool:
        return self._state.since is not None

    def go_degraded(self, reason: str) -> None:
        with self._lock:
            if self._state.since is None:
                self._state = _State(self.clock.now(), reason[:200], self.clock.now())
                log.warning("clearance: degraded mode (%s)", reason[:200])

    def status(self) -> DegradedStatus:
        s = self._state
        return DegradedStatus(s.since is not None, s.since, self.journal.pending(), s.reason)

    def try_central(self) -> SyncReport | None:
        """Probe the centre; when it answers, sync the journal and leave degraded mode."""
        with self._lock:
            self._state.last_try = self.clock.now()
        try:
            report = sync_journal(self.journal, self._uow, self._cipher, self.clock)
        except CONNECTION_ERRORS as exc:
            log.info("clearance: centre still unreachable (%s)", type(exc).__name__)
            return None
        with self._lock:
            self._state = _State()
        return report

    def _due(self) -> bool:
        last = self._state.last_try
        return last is None or (self.clock.now() - last).total_seconds() >= self._retry

    def open_store(self) -> _StoreSession:
        if self.degraded and self._due():
            self.try_central()
        return _StoreSession(self)

    def central_uow(self) -> SqlUnitOfWork:
        return self._uow()


class _StoreSession:
    def __init__(self, runtime: ClearanceRuntime) -> None:
        self._rt = runtime
        self._uow: SqlUnitOfWork | None = None

    def __enter__(self) -> ClearanceStore:
        if not self._rt.degraded:
            uow = self._rt.central_uow()
            try:
                uow.__enter__()
            except CONNECTION_ERRORS as exc:
                self._rt.go_degraded(str(exc).splitlines()[0] if str(exc) else "unreachable")
            else:
                self._uow = uow
                return SqlClearanceStore(uow, self._rt._cipher)
        return JournalStore(self._rt.journal)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._uow is None:
            return
        with contextlib.suppress(*CONNECTION_ERRORS):  # gone: nothing was committed
            self._uow.__exit__(exc_type, exc, tb)
        if isinstance(exc, CONNECTION_ERRORS):
            self._rt.go_degraded(str(exc).splitlines()[0] if str(exc) else "connection lost")
            raise StoreDown("the central database failed during the decision") from exc
