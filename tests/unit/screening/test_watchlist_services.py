"""Watchlist use cases on in-memory fakes: versions under four eyes, all-or-nothing imports,
the entries the screening index loads, and an audit entry for each step."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest

from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.screening import queries
from guomen.screening import services as lists
from guomen.screening.importers import ImportFailed, import_guomen_csv
from guomen.screening.model import ListType, Watchlist
from guomen.shared.clock import FakeClock
from guomen.shared.errors import NotFound, PermissionDenied, ValidationFailed
from watchlist_fakes import FakeScreeningUnitOfWork
from watchlist_samples import rich_entry

ADMIN = Principal("user", "u1", "admin", Role.ADMINISTRATOR, DataScope(ScopeLevel.NATIONAL))
CLOCK = FakeClock()
LIST = Watchlist("L", "list", ListType.WATCH, "authority", "law", "notify")
HEADER = "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
ROWS = "E1,watch,ZHANG San,,1970,M,CHN,,\nE2,watch,LI Si,,1980,F,CHN,,\n"


@pytest.fixture
def uow() -> FakeScreeningUnitOfWork:
    fake = FakeScreeningUnitOfWork()
    lists.create_watchlist(fake, CLOCK, ADMIN, LIST)
    return fake


def csv(body: str):
    return import_guomen_csv(io.BytesIO((HEADER + body).encode()), list_id="L")


def test_an_import_is_a_version_that_takes_effect_only_when_someone_else_approves(uow) -> None:
    outcome = lists.import_list_version(uow, CLOCK, "wang", "L", csv(ROWS), source="csv a.csv")
    version = outcome.version
    assert version is not None and (version.number, version.added, version.author) == (1, 2, "wang")
    assert list(uow.watchlist_entries.current("L")) == []
    with pytest.raises(PermissionDenied, match="author"):
        lists.approve_list_version(uow, CLOCK, " wang ", version.id)
    lists.approve_list_version(uow, CLOCK, "li", version.id)
    assert [e.entry_id for e in uow.watchlist_entries.current("L")] == ["E1", "E2"]
    assert uow.audit.actions() == [
        "watchlist.create",
        "watchlist.import",
        "watchlist.approve",
        "watchlist.approve",
    ]
    assert [e.event.outcome for e in uow.audit.entries] == ["ok", "proposed", "denied", "ok"]


def test_a_refused_import_writes_only_its_audit_entry(uow) -> None:
    with pytest.raises(ImportFailed) as refused:
        lists.import_list_version(uow, CLOCK, "wang", "L", csv(ROWS + "E3,watch,,,,,,,\n"))
    assert [p.line for p in refused.value.problems] == [4]
    assert uow.list_versions.records == {}
    assert uow.audit.entries[-1].event.outcome == "refused"
    assert "line 4" in uow.audit.entries[-1].event.detail["first"]


def test_the_same_entries_again_give_no_version(uow) -> None:
    first = lists.import_list_version(uow, CLOCK, "wang", "L", csv(ROWS)).version
    assert first is not None
    lists.approve_list_version(uow, CLOCK, "li", first.id)
    reordered = "".join(reversed(ROWS.splitlines(keepends=True)))
    again = lists.import_list_version(uow, CLOCK, "wang", "L", csv(reordered))
    assert again.version is None and again.entries == 2
    assert uow.audit.entries[-1].event.outcome == "unchanged"


def test_an_empty_source_or_an_unknown_list_is_refused(uow) -> None:
    with pytest.raises(ValidationFailed, match="no entries"):
        lists.import_list_version(uow, CLOCK, "wang", "L", csv(""))
    with pytest.raises(NotFound):
        lists.import_list_version(uow, CLOCK, "wang", "NOPE", [])
    with pytest.raises(ValidationFailed, match="name the person"):
        lists.import_list_version(uow, CLOCK, "  ", "L", csv(ROWS))


def test_a_back_office_officer_reads_entries_but_cannot_change_lists(uow) -> None:
    back = replace(ADMIN, name="back", role=Role.BACK_OFFICE_OFFICER)
    with pytest.raises(PermissionDenied):
        lists.create_watchlist(uow, CLOCK, back, replace(LIST, list_id="M"))
    version = lists.import_list_version(uow, CLOCK, ADMIN, "L", csv(ROWS)).version
    assert version is not None
    with pytest.raises(PermissionDenied):
        lists.approve_list_version(uow, CLOCK, back, version.id)
    lists.approve_list_version(uow, CLOCK, "second.admin", version.id)
    assert len(queries.list_entries(uow, CLOCK, back, "L", purpose="case 12")) == 2
    assert uow.audit.entries[-1].event.purpose == "case 12"
    summary = queries.watchlist_summary(uow, back, "L", on=date(2026, 11, 1))
    assert summary.counts.active == 2 and summary.in_force == uow.list_versions.get(version.id)


def test_the_index_loads_active_entries_of_active_lists(uow) -> None:
    entry = replace(rich_entry(), list_id="L", list_type=ListType.WATCH)
    gone = replace(entry, entry_id="GONE", valid_from=None, valid_until=date(2020, 1, 1))
    version = lists.import_list_version(uow, CLOCK, "wang", "L", [entry, gone]).version
    assert version is not None
    lists.approve_list_version(uow, CLOCK, "li", version.id)
    loaded = list(queries.active_entries(uow, CLOCK, date(2026, 11, 1)))
    assert loaded == [entry]
    assert uow.audit.actions()[-1] == "watchlist.load_active"
