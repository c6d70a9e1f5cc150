"""Degraded mode: the central database goes away mid-stream, the port keeps clearing on its
local journal and watchlist snapshot, and when the database is back every movement arrives
there exactly once (none lost, none doubled), even if a sync is interrupted and repeated."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import bindparam, create_engine, text
from sqlalchemy.engine import make_url

from clearance_helpers import (
    SHANGHAI,
    FakeEntitlement,
    FakeFace,
    fake_ports,
    foreign_traveller,
    make_runtime,
    permit_holder,
)
from guomen.adapters.clearance_journal import sync_journal
from guomen.adapters.clearance_runtime import IndexScreeningCheck, list_instructions
from guomen.clearance import services
from guomen.clearance.model import Decision, Direction, Lane
from guomen.clearance.pipeline import Ports
from guomen.demo.load import DemoSize, load_people
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.clock import FakeClock
from guomen.shared.errors import Conflict
from support import migrated_container

GATE = Principal(
    "token",
    "tok-gate",
    "egate LUOHU E01",
    Role.EGATE_DEVICE,
    DataScope(ScopeLevel.NATIONAL),
    port_code="LUOHU",
)
OFFICER = Principal(
    "user",
    "u-1",
    "inspector.luohu",
    Role.INSPECTION_OFFICER,
    DataScope(ScopeLevel.STATION, "ST-LUOHU"),
)


def _dead_url(url: str, tmp: Path) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp}"  # a directory: "unable to open database file"
    return make_url(url).set(port=1).render_as_string(hide_password=False)


def _cmd(traveller, direction, lane=Lane.EGATE, key=""):
    return services.ClearTraveller(
        services.TravellerDocument(mrz_lines=traveller.mrz),
        direction,
        "LUOHU",
        lane,
        lane_id="E01" if lane is Lane.EGATE else "C01",
        live_face=b"jpeg" if lane is Lane.EGATE else None,
        idempotency_key=key,
    )


class CutOnce(FakeEntitlement):
    """Cuts the central database in the middle of a decision's transaction (PostgreSQL)."""

    cut: object = None

    def assess(self, query):
        if self.cut is not None:
            cut, self.cut = self.cut, None
            cut()  # type: ignore[operator]
        return super().assess(query)


def test_port_keeps_clearing_and_syncs_exactly_once(tmp_path: Path, database_url: str) -> None:
    clock = FakeClock()
    container = migrated_container(tmp_path, database_url)
    container.clock = clock
    load_people(container.uow, clock, DemoSize(people=60, months=1, seed=11))
    entitlement = CutOnce()
    ports = Ports(
        IndexScreeningCheck(container.screening, clock, lambda: list_instructions(container.uow)),
        entitlement,
        FakeFace(),
        SHANGHAI,
    )
    runtime = make_runtime(container, tmp_path, ports, retry_seconds=60)
    live_engine = container.engine
    travellers = [permit_holder(container, skip=i) for i in range(4)] + [
        foreign_traveller(container, skip=i) for i in range(4)
    ]
    recorded: list[str] = []

    # 1. Central: three decisions.
    for t in travellers[:3]:
        r = services.clear_traveller(
            runtime, GATE, _cmd(t, Direction.EXIT, key=f"c-{t.document.id}")
        )
        assert not r.degraded
        recorded.append(r.movement_id)

    # 2. The database goes away (PostgreSQL: in the middle of a decision's transaction).
    dead = create_engine(_dead_url(database_url, tmp_path))
    if container.engine.dialect.name == "postgresql":

        def cut() -> None:
            container.engine = dead
            with live_engine.connect() as admin:
                admin.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
                admin.commit()

        entitlement.cut = cut
    else:
        container.engine = dead
    clock.advance(timedelta(minutes=1))
    degraded = []
    for i, t in enumerate(travellers[3:]):
        lane = Lane.EGATE if i % 2 == 0 else Lane.COUNTER
        who = GATE if lane is Lane.EGATE else OFFICER
        r = services.clear_traveller(runtime, who, _cmd(t, Direction.EXIT, lane, key=f"d-{i}"))
        assert r.degraded and "REGISTRY_UNAVAILABLE" in r.reason_codes
        assert "SCREENING_SNAPSHOT" in r.reason_codes or r.decision is Decision.REFER
        assert r.decision is (Decision.REFER if lane is Lane.EGATE else Decision.CLEAR)
        degraded.append(r.movement_id)
        clock.advance(timedelta(seconds=20))
    replayed = services.clear_traveller(
        runtime, GATE, _cmd(travellers[3], Direction.EXIT, key="d-0")
    )
    assert replayed.movement_id == degraded[0]
    status = services.clearance_status(runtime)
    assert status.degraded and status.since is not None
    assert status.journal_pending == len(degraded)
    assert runtime.try_central() is None  # still dead: stays degraded, nothing lost

    # 3. Restored: the next decision syncs the journal first (a sync interrupted after the
    # central commit is repeated and applies nothing twice).
    container.engine = live_engine
    journal = runtime.journal
    real_mark = journal.mark_synced
    calls = {"n": 0}

    def flaky_mark(batch_id, at):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("power cut after the central commit")
        real_mark(batch_id, at)

    journal.mark_synced = flaky_mark  # type: ignore[method-assign]
    with pytest.raises(OSError):
        sync_journal(journal, container.uow, container.cipher, clock)
    journal.mark_synced = real_mark  # type: ignore[method-assign]
    report = runtime.try_central()
    assert report is not None and report.already_applied == 1
    assert not services.clearance_status(runtime).degraded
    assert services.clearance_status(runtime).journal_pending == 0
    after = services.clear_traveller(
        runtime, GATE, _cmd(travellers[-1], Direction.ENTRY, key="after")
    )
    assert not after.degraded
    recorded += [*degraded, after.movement_id]

    with container.uow() as uow:
        rows = uow.conn.execute(
            text("SELECT id, person_id, flags FROM movements WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": recorded},
        ).all()
    assert sorted(r.id for r in rows) == sorted(set(recorded))
    assert len(rows) == len(recorded)  # each exactly once
    by_id = {r.id: r for r in rows}
    doc_person = {t.document.id: t.person.id for t in travellers}
    for mid, t in zip(degraded, travellers[3:], strict=True):
        assert by_id[mid].person_id == doc_person[t.document.id]  # linked on sync
        assert "DEGRADED" in by_id[mid].flags
    with container.uow() as uow:
        refs = uow.clearance.referrals(["LUOHU"], "open", 100)
    assert {degraded[0], degraded[2]} <= {r.movement_id for r in refs}
    dead.dispose()
    container.close()


def test_replay_of_a_degraded_answer_after_sync(tmp_path: Path, database_url: str) -> None:
    """An e-gate retrying after the sync still gets its first answer (the key synced too)."""
    clock = FakeClock()
    container = migrated_container(tmp_path, database_url)
    container.clock = clock
    load_people(container.uow, clock, DemoSize(people=30, months=1, seed=3))
    runtime = make_runtime(container, tmp_path, fake_ports(), retry_seconds=0)
    t = permit_holder(container)
    runtime.geography()  # a running port has its reference data
    live = container.engine
    container.engine = create_engine(_dead_url(database_url, tmp_path))
    cmd = _cmd(t, Direction.EXIT, key="retry-me")
    first = services.clear_traveller(runtime, GATE, cmd)
    assert first.degraded
    container.engine.dispose()
    container.engine = live
    again = services.clear_traveller(runtime, GATE, cmd)
    assert again.movement_id == first.movement_id and again.replayed
    with pytest.raises(Conflict):
        services.clear_traveller(runtime, GATE, replace(cmd, direction=Direction.ENTRY))
    container.close()


def test_gates_and_counters_keep_working_through_the_api(tmp_path: Path, database_url: str) -> None:
    """The e-gate and the counter API keep answering while the centre is down (callers seen
    recently are remembered; CSRF still holds), the console status shows it, and the journal
    syncs when the centre is back."""
    from clearance_helpers import install_runtime
    from webhelpers import demo_app, issue, login

    container, client = demo_app(tmp_path, database_url, people=40)
    runtime = make_runtime(container, tmp_path, fake_ports(), retry_seconds=0)
    install_runtime(container, runtime)
    token = issue(container, Role.EGATE_DEVICE, port="LUOHU")
    gate = {"Authorization": f"Bearer {token}"}
    travellers = [permit_holder(container, skip=i) for i in range(3)]

    def body(t):
        return {
            "mrz_lines": list(t.mrz),
            "direction": "exit",
            "lane_id": "E01",
            "face_image": "anBlZw==",
        }

    first = client.post(
        "/api/v1/clearance/egate",
        json=body(travellers[0]),
        headers={**gate, "Idempotency-Key": "a1"},
    )
    assert first.status_code == 200 and "DEGRADED_MODE" not in first.json()["reason_codes"]
    csrf = login(client, "inspector.luohu")
    assert client.get("/api/v1/clearance/status").json()["degraded"] is False

    live = container.engine
    container.engine = create_engine(_dead_url(database_url, tmp_path))
    down = client.post(
        "/api/v1/clearance/egate",
        json=body(travellers[1]),
        headers={**gate, "Idempotency-Key": "a2"},
    )
    assert down.status_code == 200, down.text
    assert down.json()["decision"] == "refer"
    assert {"REGISTRY_UNAVAILABLE", "DEGRADED_MODE"} <= set(down.json()["reason_codes"])
    status = client.get("/api/v1/clearance/status").json()
    assert status["degraded"] is True and status["since"] and status["journal_pending"] == 1
    counter = {**body(travellers[2]), "port_code": "LUOHU", "lane_id": "C01"}
    counter.pop("face_image")
    assert client.post("/api/v1/clearance/decide", json=counter).status_code == 403  # no CSRF
    done = client.post("/api/v1/clearance/decide", json=counter, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200, done.text
    assert done.json()["decision"] == "clear" and done.json()["degraded"] is True
    stranger = client.post(
        "/api/v1/clearance/egate",
        json=body(travellers[1]),
        headers={"Authorization": "Bearer not-a-token", "Idempotency-Key": "x"},
    )
    assert stranger.status_code == 503

    container.engine.dispose()
    container.engine = live
    back = client.post(
        "/api/v1/clearance/egate",
        json=body(travellers[0]),
        headers={**gate, "Idempotency-Key": "a3"},
    )
    assert back.status_code == 200 and "DEGRADED_MODE" not in back.json()["reason_codes"]
    assert client.get("/api/v1/clearance/status").json() == {
        "degraded": False,
        "since": None,
        "journal_pending": 0,
        "reason": "",
    }
    ids = [
        first.json()["movement_id"],
        down.json()["movement_id"],
        done.json()["movement_id"],
        back.json()["movement_id"],
    ]
    with container.uow() as uow:
        found = [uow.clearance.movement(i) for i in ids]
    assert all(m is not None for m in found)
    client.close()
    container.close()
