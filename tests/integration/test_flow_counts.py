"""Flow counts from the movements table (GROUP BY in SQL, SQLite and PostgreSQL), stored rosters,
and the `guomen flows roster` / `reinforce` commands."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from guomen.clearance.model import Decision, Direction, Lane, Movement
from guomen.demo.load import DemoSize, load_people
from guomen.flows.hourly import PRIOR, daily_flows, hourly_profile
from guomen.flows.model import Direction as FlowDirection
from guomen.flows.ports import StoredRoster
from guomen.flows.roster import Assignment, Roster, Shortfall, Skill
from support import migrated_container

SHANGHAI = ZoneInfo("Asia/Shanghai")


def T(day: int, hour: int, minute: int) -> datetime:  # noqa: N802 - a short name for the table
    return datetime(2030, 1, day, hour, minute)


# (local time, port, direction, lane, group, decision): hand-counted below.
MOVES = [
    (T(1, 7, 30), "LUOHU", Direction.ENTRY, Lane.EGATE, "mainland", Decision.CLEAR),
    (T(1, 7, 5), "LUOHU", Direction.ENTRY, Lane.EGATE, "mainland", Decision.CLEAR),
    (T(1, 7, 59), "LUOHU", Direction.ENTRY, Lane.COUNTER, "foreign", Decision.REFER),
    (T(1, 7, 40), "LUOHU", Direction.ENTRY, Lane.COUNTER, "foreign", Decision.REFUSE),
    (T(1, 8, 0), "LUOHU", Direction.EXIT, Lane.COUNTER, "hk_macao", Decision.CLEAR),
    (T(1, 23, 10), "LUOHU", Direction.EXIT, Lane.EGATE, "mainland", Decision.CLEAR),
    (T(2, 0, 10), "LUOHU", Direction.EXIT, Lane.EGATE, "mainland", Decision.CLEAR),
    (T(1, 7, 30), "FUTIAN", Direction.ENTRY, Lane.EGATE, "mainland", Decision.CLEAR),
]  # fmt: skip


@pytest.fixture
def container(tmp_path: Path, database_url: str):
    c = migrated_container(tmp_path, database_url)
    load_people(c.uow, c.clock, DemoSize(people=5, months=1, seed=3))
    with c.uow() as uow:
        row = uow.conn.exec_driver_sql("SELECT id, person_id FROM travel_documents LIMIT 1").one()
        uow.movements.add_many(
            Movement(
                id=f"m{i:031d}",
                person_id=row.person_id,
                document_id=row.id,
                port_code=port,
                direction=direction,
                lane=lane,
                occurred_at=local.replace(tzinfo=SHANGHAI).astimezone(UTC),
                decision=decision,
                reason_codes=("test",),
                operator="test",
                traveller_group=group,
            )
            for i, (local, port, direction, lane, group, decision) in enumerate(MOVES)
        )
        uow.commit()
    yield c
    c.close()


def _window() -> tuple[datetime, datetime]:
    return (
        datetime(2030, 1, 1, tzinfo=SHANGHAI),
        datetime(2030, 1, 3, tzinfo=SHANGHAI),
    )


def test_counts_per_local_hour_match_a_hand_count(container) -> None:
    since, until = _window()
    with container.uow() as uow:
        counts = uow.flow_counts.hour_counts(["LUOHU"], since, until, "Asia/Shanghai")
    got = {(c.local_hour, c.direction, c.traveller_group, c.lane): c.count for c in counts}
    # 07:xx local is 23:xx UTC the day before: grouped by the local hour all the same.
    assert got == {
        (datetime(2030, 1, 1, 7), "entry", "mainland", "egate"): 2,
        (datetime(2030, 1, 1, 7), "entry", "foreign", "counter"): 1,  # the refusal did not cross
        (datetime(2030, 1, 1, 8), "exit", "hk_macao", "counter"): 1,
        (datetime(2030, 1, 1, 23), "exit", "mainland", "egate"): 1,
        (datetime(2030, 1, 2, 0), "exit", "mainland", "egate"): 1,
    }
    daily = {
        (r.day, r.direction): (r.residents, r.other_visitors, r.total) for r in daily_flows(counts)
    }
    assert daily == {
        (date(2030, 1, 1), FlowDirection.ARRIVAL): (2, 1, 3),
        (date(2030, 1, 1), FlowDirection.DEPARTURE): (2, 0, 2),
        (date(2030, 1, 2), FlowDirection.DEPARTURE): (1, 0, 1),
    }
    profile = hourly_profile("LUOHU", FlowDirection.ARRIVAL, counts)
    assert profile.movements == 3
    assert profile.egate_share == pytest.approx(2 / 3)
    assert sum(profile.shares) == pytest.approx(1.0)
    # Three movements barely move the prior shape, but they move it towards 07:00.
    assert profile.shares[7] > PRIOR[7] / sum(PRIOR)


def test_several_ports_and_the_window_edges(container) -> None:
    since, until = _window()
    with container.uow() as uow:
        both = uow.flow_counts.hour_counts(["LUOHU", "FUTIAN"], since, until, "Asia/Shanghai")
        cut = uow.flow_counts.hour_counts(
            ["LUOHU"], since, datetime(2030, 1, 1, 8, tzinfo=SHANGHAI), "Asia/Shanghai"
        )
        none = uow.flow_counts.hour_counts([], since, until, "Asia/Shanghai")
        recent = uow.flow_counts.recent("LUOHU", datetime(2030, 1, 1, 23, tzinfo=SHANGHAI))
    assert sum(c.count for c in both if c.port_code == "FUTIAN") == 1
    assert sum(c.count for c in both if c.port_code == "LUOHU") == 6
    assert sum(c.count for c in cut) == 3  # 08:00 is the end, not included
    assert none == []
    assert recent == {("exit", "egate"): 2}


def test_a_stored_roster_comes_back_whole_and_the_newest_wins(container) -> None:
    start = date(2030, 1, 1)
    roster = Roster(
        start, 7, "optimal",
        (Assignment("LUOHU-001", start, "early", Skill.COUNTER),),
        (Shortfall(start, 10, Skill.EGATE, 2, 1, "headcount: only 1 officer"),),
        0, 1, 0, 0.5, 1000.0,
    )  # fmt: skip
    made = datetime(2026, 11, 1, tzinfo=UTC)
    with container.uow() as uow:
        uow.rosters.save(StoredRoster("a" * 32, "LUOHU", made, "commander.sz", 8, roster))
        uow.rosters.save(
            StoredRoster("b" * 32, "LUOHU", made + timedelta(hours=1), "commander.sz", 9, roster)
        )
        uow.commit()
    with container.uow() as uow:
        found = uow.rosters.covering("LUOHU", date(2030, 1, 7))
        assert uow.rosters.covering("LUOHU", date(2030, 1, 8)) is None
        assert uow.rosters.covering("FUTIAN", start) is None
    assert found is not None
    assert (found.id, found.officers, found.created_at) == ("b" * 32, 9, made + timedelta(hours=1))
    assert found.roster == roster
