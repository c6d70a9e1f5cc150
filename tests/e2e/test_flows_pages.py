"""The command-centre API by scope and with bad input; the `guomen flows roster` and
`reinforce` commands on the same database."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from guomen.bootstrap import Container
from guomen.cli.main import app as cli
from guomen.identity import services as identity
from guomen.identity.model import DataScope, Role, ScopeLevel
from webhelpers import demo_app, login

PASSWORD = "a-long-password-1"
REGION = "粤港澳大湾区"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, TestClient, Path]]:
    tmp = tmp_path_factory.mktemp("flows-pages")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'guomen.sqlite3'}", people=60)
    with container.uow() as uow:
        identity.create_user(
            uow, container.hasher, container.clock, None,
            identity.CreateUser(
                "commander.futian", "福田值班领导", Role.DUTY_COMMANDER,
                DataScope(ScopeLevel.STATION, "ST-FUTIAN"), PASSWORD,
            ),
        )  # fmt: skip
    yield container, client, tmp
    client.close()
    container.close()


def today(container: Container):
    return container.clock.now().astimezone(ZoneInfo(container.settings.timezone)).date()


def rosters_stored(container: Container) -> int:
    with container.uow() as uow:
        return int(uow.conn.exec_driver_sql("SELECT count(*) FROM flow_rosters").scalar_one())


def test_a_station_commander_sees_only_their_own_port(world) -> None:
    _, client, _ = world
    login(client, "commander.futian", PASSWORD)
    own = client.get("/api/v1/flows/ports/FUTIAN/today")
    assert own.status_code == 200, own.text
    body = own.json()
    assert body["port"]["code"] == "FUTIAN" and len(body["hours"]) == 24
    assert body["wait"]["status"] in ("ok", "open-lanes", "emergency-plan", "pledge-broken")
    other = client.get("/api/v1/flows/ports/LUOHU/today")
    assert other.status_code == 403
    assert other.headers["content-type"].startswith("application/problem+json")
    assert "outside your data scope" in other.json()["detail"]
    assert client.get("/api/v1/flows/ports/LUOHU/week").status_code == 403
    page = client.get("/flows?port=LUOHU")  # the picker offers only FUTIAN
    assert page.status_code == 200
    assert 'value="FUTIAN"' in page.text and 'value="LUOHU"' not in page.text
    # In the region, only FUTIAN is theirs: the plan covers that port alone.
    region = client.get(f"/api/v1/flows/regions/{REGION}/reinforcement")
    assert region.status_code == 200
    assert region.json()["ports"] == ["FUTIAN"]


def test_a_general_station_commander_cannot_look_beyond_their_region(world) -> None:
    _, client, _ = world
    login(client, "commander.sz")
    assert client.get("/api/v1/flows/ports/PEK/today").status_code == 403
    assert client.get("/api/v1/flows/regions/京津冀/reinforcement").status_code == 403
    week = client.get("/api/v1/flows/ports/luohu/week")
    assert week.status_code == 200
    assert len(week.json()["days"]) == 7
    assert all(len(row) == 24 for row in week.json()["officers"])


def test_bad_input_is_refused_and_stores_nothing(world) -> None:
    container, client, _ = world
    csrf = login(client, "commander.sz")
    headers = {"X-CSRF-Token": csrf}
    before = rosters_stored(container)
    assert client.get("/api/v1/flows/ports/NOWHERE/today").status_code == 404
    assert client.get("/api/v1/flows/regions/Atlantis/reinforcement").status_code == 404
    bad_day = client.get(f"/api/v1/flows/regions/{REGION}/reinforcement?day=2026-13-01")
    assert bad_day.status_code == 422
    far = (today(container) + timedelta(days=400)).isoformat()
    assert client.get(f"/api/v1/flows/regions/{REGION}/reinforcement?day={far}").status_code == 422
    url = "/api/v1/flows/ports/LUOHU/roster"
    for body in (
        {"start": "31/12/2026"},
        {"start": far},
        {"weeks": 9},
        {"weeks": 0},
        {"officers": 0},
        {"officers": 100000},
        {"time_limit_s": 3600},
        {"shifts": "all"},
    ):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 422, (body, response.text)
        assert "Traceback" not in response.text
    assert (
        client.post("/api/v1/flows/ports/NOWHERE/roster", json={}, headers=headers).status_code
        == 404
    )
    assert client.post(url, json={"weeks": 1}).status_code == 403  # no CSRF token
    assert rosters_stored(container) == before
    made = client.post(url, json={"weeks": 1, "officers": 6, "time_limit_s": 1}, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["officers"] == 6 and made.json()["assignments"]
    assert rosters_stored(container) == before + 1
    shown = client.get("/api/v1/flows/ports/LUOHU/today").json()["roster"]
    assert shown["id"] == made.json()["id"]


def test_an_analyst_reads_but_cannot_plan(world) -> None:
    _, client, _ = world
    csrf = login(client, "analyst")
    assert client.get("/api/v1/flows/ports/GONGBEI/today").status_code == 200
    refused = client.post(
        "/api/v1/flows/ports/GONGBEI/roster", json={"weeks": 1}, headers={"X-CSRF-Token": csrf}
    )
    assert refused.status_code == 403


def test_the_roster_and_reinforce_commands(world, tmp_path: Path) -> None:
    container, _, var = world
    env = {
        "GUOMEN_VAR_DIR": str(var),
        "GUOMEN_DATABASE_URL": f"sqlite:///{var / 'guomen.sqlite3'}",
        "GUOMEN_ARGON2_MEMORY_KIB": "1024",
        "GUOMEN_ARGON2_TIME_COST": "1",
    }
    out = tmp_path / "roster.csv"
    start = today(container).isoformat()
    args = ["flows", "roster", "--port", "LUOHU", "--start", start, "--weeks", "1",
            "--officers", "4", "--time-limit", "1", "--output", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) == {"officer", "date", "shift", "start", "end", "skill"}
    assert {r["officer"] for r in rows} <= {f"LUOHU-00{i}" for i in range(1, 5)}
    assert "short:" in result.output and "headcount" in result.output  # 4 officers are too few
    bad = CliRunner().invoke(cli, [*args[:4], "--start", "tomorrow", *args[6:]], env=env)
    assert bad.exit_code == 2 and "not a date" in bad.output
    unknown = CliRunner().invoke(cli, [*args[:2], "--port", "NOWHERE", *args[4:]], env=env)
    assert unknown.exit_code == 2 and "unknown port" in unknown.output
    plan = CliRunner().invoke(
        cli, ["flows", "reinforce", "--region", REGION, "--day", start], env=env
    )
    assert plan.exit_code == 0, plan.output
    assert plan.output.strip()


def test_roster_labels_shown_on_the_dashboard_are_translated() -> None:
    from guomen.flows.roster import SHIFT_PATTERNS, Skill
    from guomen.web.i18n import gettext_for

    zh = gettext_for("zh-CN")
    labels = [p.code for p in SHIFT_PATTERNS] + [s.value for s in Skill]
    labels += ["optimal", "feasible", "infeasible", "unknown", "Command centre"]
    assert [m for m in labels if zh(m) == m] == []
    assert zh("night") == "夜班" and zh("Command centre") == "指挥中心"
