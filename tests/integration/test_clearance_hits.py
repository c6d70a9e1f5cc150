"""Clearance and hit review together: a watchlist hit at a counter goes to the back office's
queue with the movement; once an officer dismisses it, the same traveller is not stopped again
for that entry."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from clearance_helpers import fake_ports, foreign_traveller, make_runtime
from guomen.adapters.clearance_runtime import (
    IndexScreeningCheck,
    dismissals_reader,
    list_instructions,
)
from guomen.clearance import services
from guomen.clearance.model import Decision, Direction, Lane
from guomen.demo.load import DemoSize, load_people
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.screening import queries, review
from guomen.screening import services as lists
from guomen.screening.importers import import_guomen_csv
from guomen.screening.index import IndexHolder, build_from
from guomen.screening.model import ListType, Watchlist
from guomen.shared.clock import FakeClock
from support import migrated_container

HEADER = "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
OFFICER = Principal(
    "user", "u-2", "inspector.pek", Role.INSPECTION_OFFICER, DataScope(ScopeLevel.STATION, "ST-PEK")
)
REVIEWER = Principal(
    "user", "u-9", "backoffice.hq", Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.NATIONAL)
)


@pytest.fixture
def world(tmp_path: Path, database_url: str):
    clock = FakeClock()
    container = migrated_container(tmp_path, database_url)
    container.clock = clock
    load_people(container.uow, clock, DemoSize(people=80, months=1, seed=7))
    yield container, clock
    container.close()


def list_the_traveller(container, clock, person) -> IndexHolder:
    row = (
        f"W1,wanted,{person.surname} {person.given_names},,{person.birth_date.isoformat()},"
        f"{person.sex.value},{person.nationality},,fraud case 2026-17\n"
    )
    listed = Watchlist("T-W", "测试通缉", ListType.WANTED, "公安部", "刑事诉讼法", "Call the desk.")
    with container.uow() as uow:
        lists.create_watchlist(uow, clock, "wang", listed)
    run = import_guomen_csv(
        io.BytesIO((HEADER + row).encode()), list_id="T-W", list_type=ListType.WANTED
    )
    with container.uow() as uow:
        version = lists.import_list_version(uow, clock, "wang", "T-W", run).version
    assert version is not None
    with container.uow() as uow:
        lists.approve_list_version(uow, clock, "li", version.id)
    with container.uow() as uow:
        return IndexHolder(build_from(queries.active_entries(uow, clock, clock.now().date())))


def hit_rows(container) -> list:
    with container.uow() as uow:
        return list(
            uow.conn.execute(text("SELECT source, subject_ref, status FROM screening_hits"))
        )


def test_a_hit_at_the_counter_is_queued_and_a_dismissal_is_remembered(world, tmp_path) -> None:
    container, clock = world
    traveller = foreign_traveller(container)
    holder = list_the_traveller(container, clock, traveller.person)
    screening = IndexScreeningCheck(
        lambda: holder,
        clock,
        lambda: list_instructions(container.uow),
        dismissals_reader(container.uow),
    )
    env = make_runtime(container, tmp_path, fake_ports(screening=screening))
    cmd = services.ClearTraveller(
        services.TravellerDocument(mrz_lines=traveller.mrz),
        Direction.ENTRY,
        "PEK",
        Lane.COUNTER,
        lane_id="C01",
    )

    first = services.clear_traveller(env, OFFICER, replace(cmd, idempotency_key="k1"))
    assert first.decision is Decision.REFER
    assert "WATCHLIST_WANTED" in first.reason_codes
    assert [(r.source, r.subject_ref, r.status) for r in hit_rows(container)] == [
        ("clearance", first.movement_id, "open")
    ]

    with container.uow() as uow:
        page = review.list_hits(uow, REVIEWER, clock.now(), geography=container.geography())
        [hit] = page.hits
        review.decide_hit(
            uow,
            REVIEWER,
            hit.id,
            review.Verdict.DISMISS,
            "Different person: the listed man was born in another province.",
            clock.now(),
            geography=container.geography(),
        )

    clock.advance(timedelta(hours=2))
    again = services.clear_traveller(env, OFFICER, replace(cmd, idempotency_key="k2"))
    assert not any(code.startswith("WATCHLIST_") for code in again.reason_codes)
    assert len(hit_rows(container)) == 1  # nothing new for the back office
