"""Screen one person and a batch: hits carry list type, score, decision, reasons and the
algorithm; each screening is audited without the traveller's personal data."""

from __future__ import annotations

import pytest

from fakes import FakeAuditLog
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.screening.index import IndexHolder, build_from
from guomen.screening.matching import BirthDate, Decision, Query
from guomen.screening.model import (
    DateSpec,
    EntryName,
    EntrySource,
    ListType,
    NameKind,
    WatchlistEntry,
)
from guomen.screening.screen import (
    BatchRow,
    BatchTally,
    screen_batch,
    screen_person,
)
from guomen.shared.clock import FakeClock
from guomen.shared.errors import PermissionDenied

NATIONAL = DataScope(ScopeLevel.NATIONAL)
BACK_OFFICE = Principal("user", "u1", "li", Role.BACK_OFFICE_OFFICER, NATIONAL)
INSPECTOR = Principal("user", "u2", "wu", Role.INSPECTION_OFFICER, NATIONAL)


def listed(entry_id: str, name: str, list_type: ListType, born: str = "") -> WatchlistEntry:
    return WatchlistEntry(
        entry_id=entry_id,
        list_id="CN-" + list_type.value.upper(),
        list_type=list_type,
        names=(EntryName.of(name, NameKind.PRIMARY),),
        source=EntrySource.CSV,
        source_id=entry_id,
        birth_dates=(DateSpec.parse(born),) if born else (),
    )


@pytest.fixture
def holder() -> IndexHolder:
    return IndexHolder(
        build_from(
            [
                listed("E1", "陈大文", ListType.WANTED, "1970-05-03"),
                listed("E2", "Сергей Иванов", ListType.DENY_EXIT, "1980"),
            ]
        )
    )


def test_screen_person_returns_explained_hits_and_audits_counts_only(holder) -> None:
    audit, clock = FakeAuditLog(), FakeClock()
    query = Query(("CHAN TAI MAN",), birth_date=BirthDate(1970, 5, 3), document_number="K9988776")
    outcome = screen_person(holder, clock, audit, None, query, purpose="clearance")
    assert outcome.decision is Decision.MATCH and outcome.index_entries == 2
    hit = outcome.hits[0]
    assert (hit.list_id, hit.entry_id, hit.list_type) == ("CN-WANTED", "E1", "wanted")
    assert hit.score >= 0.9 and "same birth date" in hit.explanation
    assert (hit.algorithm, hit.algorithm_version) == ("GuomenLogicV1", "1.1.0")
    [entry] = audit.entries
    event = entry.event
    assert (event.actor, event.action) == ("system:screening", "screening.screen")
    assert event.purpose == "clearance"
    assert event.detail["hits"] == "1" and event.detail["decision"] == "match"
    assert event.detail["entries"] == "CN-WANTED/E1"
    recorded = repr(event)
    for personal in ("CHAN", "TAI", "1970", "K9988776", "陈大文"):
        assert personal not in recorded


def test_no_hit_is_audited_as_none(holder) -> None:
    audit = FakeAuditLog()
    outcome = screen_person(holder, FakeClock(), audit, None, Query(("Olga Petrova",)), purpose="")
    assert outcome.hits == () and outcome.decision is Decision.NONE
    assert audit.entries[0].event.detail["hits"] == "0"
    assert audit.entries[0].event.detail["decision"] == "none"


def test_a_principal_needs_the_right_to_read_watchlists(holder) -> None:
    audit = FakeAuditLog()
    with pytest.raises(PermissionDenied):
        screen_person(holder, FakeClock(), audit, INSPECTOR, Query(("X Y",)), purpose="check")
    assert audit.entries == []
    outcome = screen_person(
        holder, FakeClock(), audit, BACK_OFFICE, Query(("Sergei Ivanov",)), purpose="check"
    )
    assert outcome.hits[0].list_type == "deny_exit"
    assert audit.entries[0].event.actor == "user:li"


def test_a_batch_gives_ranked_hits_and_one_none_row_per_query_without_hit(holder) -> None:
    rows = [
        BatchRow(2, "Q1", "CHAN TAI MAN", "1970-05-03", "HKG", "", "M"),
        BatchRow(3, "Q2", "John Smith"),
        BatchRow(4, "Q3", ""),
        BatchRow(5, "Q4", "A" * 10_000),
        BatchRow(6, "Q5", "Ivanov Sergei", "1980-02-30"),
        BatchRow(7, "Q6", "Ivanov Sergei", sex="Q"),
        BatchRow(8, "Q7", "", problem="6 fields expected, 2 found"),
    ]
    results = list(screen_batch(holder, rows))
    first = results[0]
    assert (first.id, first.rank, first.entry_id, first.decision) == ("Q1", 1, "E1", Decision.MATCH)
    none = results[1]
    assert (none.id, none.rank, none.entry_id, none.score) == ("Q2", 0, "", None)
    assert none.decision is Decision.NONE
    assert none.error is None
    errors = {r.id: r.error for r in results[2:]}
    assert errors["Q3"] == "line 4: name is empty"
    assert "line 5:" in (errors["Q4"] or "") and "too long" in (errors["Q4"] or "")
    assert "line 6:" in (errors["Q5"] or "") and "calendar date" in (errors["Q5"] or "")
    assert "line 7: sex 'Q'" in (errors["Q6"] or "")
    assert errors["Q7"] == "line 8: 6 fields expected, 2 found"
    assert all(r.explanation.startswith("not screened: line") for r in results[2:])
    tally = BatchTally()
    for r in results:
        tally.add(r)
    summary = tally.summary()
    assert (summary.rows, summary.errors, summary.matches, summary.possibles) == (7, 5, 1, 0)


def test_a_batch_screens_against_one_snapshot(holder) -> None:
    rows = iter([BatchRow(2, "Q1", "CHAN TAI MAN"), BatchRow(3, "Q2", "CHAN TAI MAN")])
    results = screen_batch(holder, rows)
    assert next(results).entry_id == "E1"
    holder.swap(build_from([]))
    assert next(results).entry_id == "E1"
