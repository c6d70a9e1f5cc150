"""Watchlists in a real database: entries round-trip sealed, an import is proposed as a version
with its diff, approval under four eyes applies the diff at once, and a bad file stores nothing."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.screening import queries
from guomen.screening import services as lists
from guomen.screening.importers import (
    ImportFailed,
    ImportFormat,
    import_guomen_csv,
    import_watchlist,
)
from guomen.screening.model import EntryName, ListType, NameKind, Watchlist, WatchlistEntry
from guomen.screening.versions import VersionStatus
from guomen.shared.errors import Conflict, PermissionDenied, ValidationFailed
from support import TESTDATA, migrated_container
from watchlist_samples import rich_entry

NATIONAL = DataScope(ScopeLevel.NATIONAL)
ADMIN = Principal("user", "u1", "admin.wang", Role.ADMINISTRATOR, NATIONAL)
ADMIN2 = Principal("user", "u2", "admin.li", Role.ADMINISTRATOR, NATIONAL)
BACK = Principal(
    "user", "u3", "back.zhao", Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.GENERAL_STATION, "GS")
)
INSPECTOR = Principal(
    "user", "u4", "insp", Role.INSPECTION_OFFICER, DataScope(ScopeLevel.STATION, "ST")
)
HEADER = "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
FIRST = HEADER + (
    "E1,deny_exit,ZHANG San,Zhang Sanfeng|张三,1970-05-03,M,CHN,passport:E12345678:CHN,fraud\n"
    "E2,deny_exit,LI Si,,1980,F,CHN|HKG,,\n"
    "E3,deny_exit,WANG Wu,,1975-02,M,CHN,,\n"
)
SECOND = HEADER + (  # E1 changes name and notes, E2 stays, E3 goes, E4 comes
    "E1,deny_exit,ZHANG Sanfeng,Zhang San|张三,1970-05-03,M,CHN,passport:E12345678:CHN,fraud 2\n"
    "E2,deny_exit,LI Si,,1980,F,CHN|HKG,,\n"
    "E4,deny_exit,ZHAO Liu,,1990-01-01,F,TWN,,\n"
)
LIST = Watchlist(
    "CN-EXIT",
    "出境边控",
    ListType.DENY_EXIT,
    "国家移民管理局",
    "出境入境管理法 第12条",
    "refuse exit",
)


@pytest.fixture
def c(tmp_path: Path, database_url: str):
    container = migrated_container(tmp_path, database_url)
    with container.uow() as uow:
        lists.create_watchlist(uow, container.clock, ADMIN, LIST)
    yield container
    container.close()


def csv_run(body: str, list_id: str = "CN-EXIT"):
    return import_guomen_csv(io.BytesIO(body.encode()), list_id=list_id, list_type=LIST.list_type)


def propose(c, body: str, actor=ADMIN, **kw) -> lists.ImportOutcome:
    with c.uow() as uow:
        return lists.import_list_version(uow, c.clock, actor, "CN-EXIT", csv_run(body), **kw)


def approve(c, version_id: str, approver=ADMIN2):
    with c.uow() as uow:
        return lists.approve_list_version(uow, c.clock, approver, version_id)


def current(c, list_id: str = "CN-EXIT") -> dict[str, WatchlistEntry]:
    with c.uow() as uow:
        return {e.entry_id: e for e in uow.watchlist_entries.current(list_id)}


def count(c, table: str) -> int:
    with c.uow() as uow:
        return int(uow.conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_rich_entry_round_trips_through_the_database(c) -> None:
    entry = replace(rich_entry(), list_id="CN-EXIT")
    with c.uow() as uow:
        outcome = lists.import_list_version(uow, c.clock, ADMIN, "CN-EXIT", [entry])
    assert outcome.version is not None
    approve(c, outcome.version.id)
    assert current(c) == {"E-1": entry}
    with c.uow() as uow:
        assert queries.list_entries(uow, c.clock, BACK, "CN-EXIT") == [entry]
        stored = uow.conn.execute(text("SELECT payload_enc FROM watchlist_entries")).scalar_one()
    assert stored.startswith("gm1.") and "CHAN" not in stored


def test_import_propose_approve_then_an_edited_file_gives_the_right_diff(c) -> None:
    first = propose(c, FIRST)
    assert first.version is not None and first.version.summary().startswith("3 added, 0 changed")
    assert current(c) == {}  # nothing is in force before approval
    approve(c, first.version.id)
    assert set(current(c)) == {"E1", "E2", "E3"}

    second = propose(c, SECOND)
    v2 = second.version
    assert v2 is not None and v2.number == 2
    assert (v2.added, v2.changed, v2.removed, v2.unchanged) == (1, 1, 1, 1)
    assert second.changed_fields == {"names": 1, "notes": 1}
    with c.uow() as uow:
        _, diff = queries.version_changes(uow, ADMIN, v2.id)
    assert [(d.change, d.entry_id, d.fields) for d in diff] == [
        ("added", "E4", ()),
        ("changed", "E1", ("names", "notes")),
        ("removed", "E3", ()),
    ]
    assert set(current(c)) == {"E1", "E2", "E3"}
    approved = approve(c, v2.id)
    assert approved.status is VersionStatus.APPROVED and approved.decided_by == "admin.li"
    now = current(c)
    assert set(now) == {"E1", "E2", "E4"}
    assert now["E1"].primary_name == "ZHANG Sanfeng" and now["E1"].notes == "fraud 2"
    assert now["E1"].aliases[0] == EntryName.of("Zhang San", NameKind.ALIAS)
    with c.uow() as uow:
        removed = uow.conn.execute(
            text("SELECT removed_in_version FROM watchlist_entries WHERE entry_id = 'E3'")
        ).scalar_one()
        counts = uow.watchlist_entries.counts("CN-EXIT", date(2026, 11, 1))
    assert removed == v2.id
    assert (counts.current, counts.active, counts.removed) == (3, 3, 1)


def test_an_entry_removed_earlier_can_be_listed_again(c) -> None:
    approve(c, propose(c, FIRST).version.id)  # type: ignore[union-attr]
    approve(c, propose(c, SECOND).version.id)  # type: ignore[union-attr]
    third = propose(c, FIRST)  # E3 comes back, E4 goes
    assert third.version is not None
    assert (third.version.added, third.version.removed) == (1, 1)
    approve(c, third.version.id)
    assert set(current(c)) == {"E1", "E2", "E3"}
    assert propose(c, FIRST).version is None  # the same file again: no new version


def test_a_bad_row_stores_nothing_and_skip_bad_stores_the_good_ones(c) -> None:
    bad = FIRST + "E5,deny_exit,,,1970,M,CHN,,\n" + "E6,deny_exit,QIAN Qi,,1970-13-01,M,CHN,,\n"
    with pytest.raises(ImportFailed) as refused:
        propose(c, bad)
    lines = sorted(p.line for p in refused.value.problems if p.line)
    assert lines == [5, 6]
    assert count(c, "watchlist_versions") == 0 and count(c, "watchlist_changes") == 0
    assert count(c, "watchlist_entries") == 0
    with c.uow() as uow:
        outcomes = [
            r[0] for r in uow.conn.execute(text("SELECT outcome FROM audit_log ORDER BY seq"))
        ]
    assert outcomes[-1] == "refused"

    kept = propose(c, bad, skip_bad=True)
    assert kept.version is not None and (kept.version.added, kept.skipped) == (3, 2)
    approve(c, kept.version.id)
    assert set(current(c)) == {"E1", "E2", "E3"}


def test_a_fatal_problem_aborts_even_with_skip_bad(c) -> None:
    with pytest.raises(ImportFailed, match="header"):
        propose(c, "id,name\nE1,ZHANG San\n", skip_bad=True)
    assert count(c, "watchlist_versions") == 0


def test_four_eyes_and_one_pending_version_at_a_time(c) -> None:
    first = propose(c, FIRST).version
    assert first is not None
    with pytest.raises(PermissionDenied, match="author"):
        approve(c, first.id, approver=ADMIN)
    with pytest.raises(Conflict, match="waiting for approval"):
        propose(c, SECOND, actor=ADMIN2)
    with c.uow() as uow, pytest.raises(ValidationFailed, match="why"):
        lists.reject_list_version(uow, c.clock, ADMIN2, first.id, comment=" ")
    with c.uow() as uow:
        lists.reject_list_version(uow, c.clock, ADMIN2, first.id, comment="wrong file")
    with pytest.raises(Conflict, match="already rejected"):
        approve(c, first.id)
    assert current(c) == {}
    second = propose(c, SECOND).version
    assert second is not None and second.number == 2 and second.added == 3
    with c.uow() as uow:
        actions = uow.conn.execute(
            text("SELECT action, outcome FROM audit_log WHERE action LIKE 'watchlist.%'")
        ).all()
    assert ("watchlist.approve", "denied") in actions
    assert ("watchlist.reject", "ok") in actions


def test_the_policy_decides_who_manages_approves_and_reads(c) -> None:
    with pytest.raises(PermissionDenied):
        propose(c, FIRST, actor=BACK)
    version = propose(c, FIRST).version
    assert version is not None
    with pytest.raises(PermissionDenied):
        approve(c, version.id, approver=BACK)
    approve(c, version.id)
    with c.uow() as uow:
        assert len(queries.list_entries(uow, c.clock, BACK, "CN-EXIT")) == 3
        with pytest.raises(PermissionDenied):
            queries.list_entries(uow, c.clock, ADMIN, "CN-EXIT")
        with pytest.raises(PermissionDenied):
            queries.list_versions(uow, INSPECTOR, "CN-EXIT")
        assert len(queries.list_versions(uow, ADMIN, "CN-EXIT")) == 1


def test_active_entries_leave_out_expired_entries_and_lists_out_of_force(c) -> None:
    today = date(2026, 11, 1)
    expired = replace(rich_entry(), entry_id="OLD", list_id="CN-EXIT")
    expired = replace(expired, valid_from=None, valid_until=today - timedelta(days=1))
    later = replace(
        expired, entry_id="LATER", valid_from=today + timedelta(days=1), valid_until=None
    )
    now = replace(expired, entry_id="NOW", valid_until=today)
    with c.uow() as uow:
        outcome = lists.import_list_version(uow, c.clock, ADMIN, "CN-EXIT", [expired, later, now])
    approve(c, outcome.version.id)  # type: ignore[union-attr]
    ended = replace(LIST, list_id="ENDED", valid_until=today - timedelta(days=1))
    with c.uow() as uow:
        lists.create_watchlist(uow, c.clock, ADMIN, ended)
        moved = lists.import_list_version(
            uow, c.clock, ADMIN, "ENDED", [replace(now, list_id="ENDED")]
        )
    approve(c, moved.version.id)  # type: ignore[union-attr]
    with c.uow() as uow:
        active = [(e.list_id, e.entry_id) for e in queries.active_entries(uow, c.clock, today)]
        counts = uow.watchlist_entries.counts("CN-EXIT", today)
    assert active == [("CN-EXIT", "NOW")]
    assert (counts.current, counts.active, counts.expired, counts.pending) == (3, 1, 1, 1)


def test_entries_of_another_list_type_are_refused(c) -> None:
    wanted = replace(rich_entry(), list_id="CN-EXIT", list_type=ListType.WANTED)
    with c.uow() as uow, pytest.raises(ValidationFailed, match="wanted"):
        lists.import_list_version(uow, c.clock, ADMIN, "CN-EXIT", [wanted])


OFAC_UN = TESTDATA / "namematch" / "watchlists" / "ofac_un"


@pytest.mark.parametrize(
    ("fmt", "file", "expected"),
    [(ImportFormat.UN_XML, "UN_consolidated.xml", 1003), (ImportFormat.OFAC_SDN, "sdn.csv", 7379)],
)
def test_the_real_lists_round_trip_through_the_database(c, fmt, file, expected) -> None:
    path = OFAC_UN / file
    if not path.exists():
        pytest.skip(f"watchlist test data not found at {path}")
    wanted = replace(LIST, list_id="REAL", list_type=ListType.WATCH)
    reference = import_watchlist(fmt, path, list_id="REAL", list_type=ListType.WATCH).collect()
    with c.uow() as uow:
        lists.create_watchlist(uow, c.clock, ADMIN, wanted)
        run = import_watchlist(fmt, path, list_id="REAL", list_type=ListType.WATCH)
        outcome = lists.import_list_version(uow, c.clock, ADMIN, "REAL", run)
    assert outcome.version is not None and outcome.version.added == expected
    approve(c, outcome.version.id)
    stored = current(c, "REAL")
    assert len(stored) == expected
    assert stored == {e.entry_id: e for e in reference.entries}
