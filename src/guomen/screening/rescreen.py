"""Re-screening when a list changes: who among the people we know matches a new entry?

When a list version is approved, each entry it adds or changes is screened against:

- people who crossed in the last ``window_days`` (30) days,
- people inside the country now (their last movement is an entry),
- people with a pending application (``PendingApplicants``: submitted and not yet issued,
  rejected or withdrawn; the unit of work provides the applications capability's adapter).

The direction is reversed from a crossing: the new entries (a handful, or a few thousand for a
large import) go into a small temporary :class:`ScreeningIndex`, and the people are streamed
through it in batches, so memory stays bounded however many people there are. Hits are
recorded with source ``rescreen`` and the version id as subject; pairs an officer dismissed
stay dismissed unless the entry changed. Each batch commits on its own, so a long run keeps
what it found if it is interrupted; running it again does not repeat open hits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from guomen.audit.model import AuditEvent
from guomen.people.model import Sex
from guomen.screening.index import DEFAULT_LIMIT, ScreeningIndex, build_from
from guomen.screening.matching import BirthDate, Query
from guomen.screening.model import Watchlist, WatchlistEntry
from guomen.screening.ports import ScreeningUnitOfWork, VersionRecord
from guomen.screening.review import HitContext, ReviewUnitOfWork, record_hits
from guomen.screening.screen import ScreeningHit, ScreeningOutcome, best_decision
from guomen.screening.services import Actor, approve_list_version
from guomen.screening.versions import VersionStatus
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotFound, ValidationFailed

SYSTEM_ACTOR = "system:screening-rescreen"
WINDOW_DAYS = 30
BATCH = 500


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person to re-screen, as storage knows them, with their last movement."""

    person_id: str
    surname: str
    given_names: str
    name_local: str | None
    birth_date: date
    sex: str
    nationality: str
    document_number: str | None  # of the document used in the last movement
    port_code: str | None  # of the last movement
    last_movement_at: datetime
    inside: bool  # the last movement is an entry


@dataclass(frozen=True, slots=True)
class Applicant:
    """A person with a pending application (from the applications capability)."""

    application_id: str
    person_id: str | None
    query: Query


class RescreenSource(Protocol):
    def travellers(self, since: datetime, *, batch: int) -> Iterator[list[PersonRecord]]:
        """People whose last movement is at or after ``since`` or is an entry, in batches."""
        ...

    def version_entries(self, version_id: str) -> Iterator[WatchlistEntry]:
        """The entries a version added or changed, as the version wrote them."""
        ...


class PendingApplicants(Protocol):
    def pending(self, *, batch: int) -> Iterator[list[Applicant]]: ...


class NoPendingApplicants:
    """Nobody: for a unit of work without applications (tests, a port without offices)."""

    def pending(self, *, batch: int) -> Iterator[list[Applicant]]:
        return iter(())


NO_PENDING_APPLICANTS = NoPendingApplicants()


class RescreenUnitOfWork(ReviewUnitOfWork, ScreeningUnitOfWork, Protocol):
    @property
    def rescreen_source(self) -> RescreenSource: ...

    @property
    def pending_applicants(self) -> PendingApplicants: ...


@dataclass(frozen=True, slots=True)
class RescreenReport:
    version_id: str
    list_id: str
    entries: int  # added or changed entries screened against (in force today)
    travellers: int  # people who crossed recently or are inside, screened
    applicants: int
    unscreenable: int  # people whose record gives no usable query
    hits: int  # hits standing for this run (new or already open)


def traveller_query(person: PersonRecord) -> Query:
    """What a person's record says, as a screening query (Latin and local-script names)."""
    latin = " ".join(f"{person.surname} {person.given_names}".split())
    names = tuple(n for n in (latin, (person.name_local or "").strip()) if n)
    sex = person.sex if person.sex in {s.value for s in Sex} else None
    born = person.birth_date
    return Query(
        names=names,
        birth_date=BirthDate(born.year, born.month, born.day),
        nationality=person.nationality or None,
        document_number=person.document_number or None,
        sex=Sex(sex) if sex else None,
    )


def screen_against(index: ScreeningIndex, query: Query) -> ScreeningOutcome:
    answer = index.screen(query, DEFAULT_LIMIT)
    hits = tuple(ScreeningHit.of(h) for h in answer.hits)
    name, version = index.algorithm
    decision = best_decision(h.decision for h in hits)
    return ScreeningOutcome(hits, decision, answer.candidates, len(index), name, version)


def rescreen_version(
    uow: RescreenUnitOfWork,
    clock: Clock,
    version_id: str,
    *,
    applicants: PendingApplicants | None = None,
    window_days: int = WINDOW_DAYS,
    batch: int = BATCH,
) -> RescreenReport:
    """Screen the people we know against the entries an approved version added or changed
    (``applicants``: those with a pending application; the unit of work's by default)."""
    record = uow.list_versions.get(version_id.strip())
    if record is None:
        raise NotFound(f"no list version {version_id!r}")
    if record.status is not VersionStatus.APPROVED:
        raise Conflict(
            f"version {record.number} of {record.list_id} is {record.status}, not approved"
        )
    if not 1 <= window_days <= 366:
        raise ValidationFailed("the window is 1-366 days")
    now = clock.now()
    index = build_from(_entries_in_force(uow, record, now.date()))
    run = _Run(uow, record, index, now)
    if len(index):
        for people in uow.rescreen_source.travellers(
            now - timedelta(days=window_days), batch=batch
        ):
            run.travellers(people)
        for group in (applicants or uow.pending_applicants).pending(batch=batch):
            run.applicants(group)
    report = run.report()
    uow.audit.append(_event(report), clock.now())
    uow.commit()
    return report


def _entries_in_force(
    uow: RescreenUnitOfWork, record: VersionRecord, today: date
) -> Iterator[WatchlistEntry]:
    watchlist: Watchlist | None = uow.watchlists.get(record.list_id)
    if watchlist is None or not watchlist.is_active(today):
        return
    for entry in uow.rescreen_source.version_entries(record.id):
        if entry.is_active(today):
            yield entry


class _Run:
    """Counts and records one re-screening, batch by batch."""

    def __init__(
        self, uow: RescreenUnitOfWork, record: VersionRecord, index: ScreeningIndex, now: datetime
    ) -> None:
        self._uow, self._record, self._index, self._now = uow, record, index, now
        self._counts = {"travellers": 0, "applicants": 0, "unscreenable": 0, "hits": 0}

    def travellers(self, people: list[PersonRecord]) -> None:
        for person in people:
            try:
                query = traveller_query(person)
            except ValidationFailed:
                self._counts["unscreenable"] += 1
                continue
            self._counts["travellers"] += 1
            self._screen(query, person.person_id, person.port_code)
        self._uow.commit()

    def applicants(self, group: list[Applicant]) -> None:
        for applicant in group:
            self._counts["applicants"] += 1
            self._screen(applicant.query, applicant.person_id, None, applicant.application_id)
        self._uow.commit()

    def _screen(self, query: Query, person_id: str | None, port: str | None, ref: str = "") -> None:
        outcome = screen_against(self._index, query)
        if not outcome.hits:
            return
        context = HitContext("rescreen", ref or self._record.id, person_id, port, self._now)
        self._counts["hits"] += len(record_hits(self._uow, outcome, context, query=query))

    def report(self) -> RescreenReport:
        c = self._counts
        return RescreenReport(
            self._record.id,
            self._record.list_id,
            len(self._index),
            c["travellers"],
            c["applicants"],
            c["unscreenable"],
            c["hits"],
        )


def _event(report: RescreenReport) -> AuditEvent:
    detail = {
        "version": report.version_id,
        "entries": str(report.entries),
        "travellers": str(report.travellers),
        "applicants": str(report.applicants),
        "unscreenable": str(report.unscreenable),
        "hits": str(report.hits),
    }
    return AuditEvent(
        SYSTEM_ACTOR,
        "system",
        "screening.rescreen",
        "watchlist",
        report.list_id,
        purpose="re-screening after a list change",
        detail=detail,
    )


def approve_and_rescreen(
    uow: RescreenUnitOfWork,
    clock: Clock,
    approver: Actor,
    version_id: str,
    *,
    comment: str = "",
    applicants: PendingApplicants | None = None,
) -> tuple[VersionRecord, RescreenReport]:
    """Approve a version (four eyes), then re-screen the people we know against its new and
    changed entries. The approval is committed first: a failed re-screening never undoes it
    (run ``guomen watchlist rescreen --version ID`` again)."""
    record = approve_list_version(uow, clock, approver, version_id, comment=comment)
    return record, rescreen_version(uow, clock, record.id, applicants=applicants)
