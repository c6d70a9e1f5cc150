"""Screening use cases: screen one person (the clearance pipeline calls this) and a batch.

Both screen against the snapshot in force (``IndexHolder.current()``, read once per call, so
a batch is screened against one version of the lists even when a new one is swapped in).
Every hit carries the list type, the entry, the score, the decision under that list type's
thresholds, the reasons, and the name and version of the algorithm, to be stored with it.

Audit: one entry per screening of a person with the number of hits, the best decision and
the ids of the entries hit; never the query's names, dates or document numbers. The caller's
unit of work commits it. A batch run by the operator is audited once with its counts
(``record_batch``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from guomen.audit.model import AuditEvent
from guomen.audit.ports import AuditLog
from guomen.audit.services import event_for
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.people.model import Sex
from guomen.screening.index import DEFAULT_LIMIT, IndexHit, IndexHolder, ScreeningIndex
from guomen.screening.matching import BirthDate, Decision, Query, parse_birth_date
from guomen.shared.clock import Clock
from guomen.shared.errors import ValidationFailed

SYSTEM_ACTOR = "system:screening"
AUDITED_HITS = 10
_SEVERITY = {Decision.NONE: 0, Decision.POSSIBLE: 1, Decision.MATCH: 2}


@dataclass(frozen=True, slots=True)
class ScreeningHit:
    list_id: str
    entry_id: str
    list_type: str
    entry_name: str
    score: float
    decision: Decision
    explanation: str
    algorithm: str
    algorithm_version: str

    @classmethod
    def of(cls, hit: IndexHit) -> ScreeningHit:
        r = hit.result
        return cls(
            hit.list_id,
            hit.entry_id,
            r.list_type.value,
            hit.entry_name,
            r.score,
            r.decision,
            r.explanation,
            r.algorithm,
            r.algorithm_version,
        )


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """The hits of one person, best first, and the best decision among them."""

    hits: tuple[ScreeningHit, ...]
    decision: Decision  # match, possible, or none when there is no hit
    candidates: int  # entries compared
    index_entries: int  # entries in the snapshot screened against
    algorithm: str
    algorithm_version: str
    suppressed: int = 0  # hits left out because an officer dismissed them earlier
    notes: tuple[str, ...] = ()  # why the outcome differs from the matcher's raw answer


def best_decision(decisions: Iterable[Decision]) -> Decision:
    return max(decisions, key=_SEVERITY.__getitem__, default=Decision.NONE)


def screen_person(
    holder: IndexHolder,
    clock: Clock,
    audit: AuditLog,
    principal: Principal | None,
    query: Query,
    *,
    purpose: str,
    limit: int = DEFAULT_LIMIT,
) -> ScreeningOutcome:
    """Screen one traveller or applicant against every list in force. ``principal`` is None
    for the system itself (the clearance pipeline, the operator's CLI)."""
    if principal is not None:
        authorize(principal, Action.READ_WATCHLIST, purpose=purpose)
    outcome = _screen(holder.current(), query, limit)
    audit.append(_event(principal, purpose, outcome), clock.now())
    return outcome


def _screen(index: ScreeningIndex, query: Query, limit: int) -> ScreeningOutcome:
    answer = index.screen(query, limit)
    hits = tuple(ScreeningHit.of(h) for h in answer.hits)
    name, version = index.algorithm
    return ScreeningOutcome(
        hits, best_decision(h.decision for h in hits), answer.candidates, len(index), name, version
    )


def _event(principal: Principal | None, purpose: str, outcome: ScreeningOutcome) -> AuditEvent:
    detail = {
        "hits": str(len(outcome.hits)),
        "decision": outcome.decision.value,
        "entries": " ".join(f"{h.list_id}/{h.entry_id}" for h in outcome.hits[:AUDITED_HITS]),
        "candidates": str(outcome.candidates),
        "algorithm": f"{outcome.algorithm} {outcome.algorithm_version}",
    }
    if principal is not None:
        return event_for(
            principal, "screening.screen", object_type="person", purpose=purpose, detail=detail
        )
    return AuditEvent(
        SYSTEM_ACTOR, "system", "screening.screen", "person", purpose=purpose, detail=detail
    )


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One row of a batch as read (``line`` is where it starts in the file, for messages)."""

    line: int
    id: str
    name: str
    birth_date: str = ""
    nationality: str = ""
    document_number: str = ""
    sex: str = ""
    problem: str = ""  # what the reader found wrong with the row (a missing field ...)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One output row: a hit (rank 1, 2 ...) or, with rank 0 and no entry, no hit at all."""

    id: str
    rank: int
    entry_id: str
    list_type: str
    entry_name: str
    score: float | None
    decision: Decision
    explanation: str
    line: int
    error: str | None = None  # why the row could not be screened


def parse_query(row: BatchRow) -> Query:
    """The query a batch row asks; ``ValidationFailed`` with what is wrong."""
    if row.problem:
        raise ValidationFailed(row.problem)
    if not row.id.strip():
        raise ValidationFailed("id is empty")
    name = " ".join(row.name.split())
    if not name:
        raise ValidationFailed("name is empty")
    sex_text = row.sex.strip().upper()
    if sex_text and sex_text not in {s.value for s in Sex}:
        raise ValidationFailed(f"sex {row.sex.strip()[:10]!r} is not M, F or X")
    born = row.birth_date.strip()
    return Query(
        names=(name,),
        birth_date=_birth_date(born) if born else None,
        nationality=row.nationality.strip().upper() or None,
        document_number=row.document_number.strip() or None,
        sex=Sex(sex_text) if sex_text else None,
    )


def _birth_date(text: str) -> BirthDate:
    parsed = parse_birth_date(text)
    if not isinstance(parsed, BirthDate):
        raise ValidationFailed(f"birth date {text[:40]!r} must be one date, not a range")
    return parsed


def screen_batch(
    holder: IndexHolder, rows: Iterable[BatchRow], *, limit: int = DEFAULT_LIMIT
) -> Iterator[BatchResult]:
    """Screen each row against one snapshot; yields its hits (rank 1 …) or one ``none`` row
    (rank 0, no entry), also for a row that cannot be screened (``error`` says why)."""
    index = holder.current()
    for row in rows:
        try:
            outcome = _screen(index, parse_query(row), limit)
        except ValidationFailed as exc:
            yield _nothing(row, None, f"line {row.line}: {exc.message}")
            continue
        if not outcome.hits:
            yield _nothing(row, outcome, None)
        for rank, hit in enumerate(outcome.hits, start=1):
            yield BatchResult(
                row.id,
                rank,
                hit.entry_id,
                hit.list_type,
                hit.entry_name,
                hit.score,
                hit.decision,
                hit.explanation,
                row.line,
            )


def _nothing(row: BatchRow, outcome: ScreeningOutcome | None, error: str | None) -> BatchResult:
    if error is not None:
        explanation = f"not screened: {error}"
    elif outcome is not None and outcome.candidates:
        explanation = f"{outcome.candidates} candidates compared; none scored as a possible match"
    else:
        explanation = "no candidate on the lists"
    return BatchResult(row.id, 0, "", "", "", None, Decision.NONE, explanation, row.line, error)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    rows: int
    errors: int
    matches: int  # rows whose best decision is match
    possibles: int  # rows whose best decision is possible


class BatchTally:
    """Counts a batch's results as they are written (the rows of a query come together)."""

    def __init__(self) -> None:
        self.rows = self.errors = self.matches = self.possibles = 0
        self._best = Decision.NONE

    def add(self, result: BatchResult) -> None:
        if result.rank <= 1:  # the first row of a query
            self._close()
            self.rows += 1
        self.errors += result.error is not None
        self._best = best_decision((self._best, result.decision))

    def _close(self) -> None:
        self.matches += self._best is Decision.MATCH
        self.possibles += self._best is Decision.POSSIBLE
        self._best = Decision.NONE

    def summary(self) -> BatchSummary:
        self._close()
        return BatchSummary(self.rows, self.errors, self.matches, self.possibles)


def record_batch(
    audit: AuditLog, clock: Clock, operator: str, summary: BatchSummary, *, purpose: str
) -> None:
    """Audit a batch run from the operator's CLI: counts only (the caller commits)."""
    detail = {
        "rows": str(summary.rows),
        "errors": str(summary.errors),
        "match": str(summary.matches),
        "possible": str(summary.possibles),
    }
    event = AuditEvent(
        f"cli:{operator}", "operator", "screening.batch", "batch", purpose=purpose, detail=detail
    )
    audit.append(event, clock.now())
