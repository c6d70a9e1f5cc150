"""Real browser: the duty commander opens the command centre, sees the charts drawn from the
API's data, generates a roster, gets a reinforcement proposal and a wait warning on a busy
morning at Luohu (extra movements are recorded in the last hour so the test is deterministic)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest

from browser_support import chromium_context, live_server, require_chromium, sign_in
from guomen.bootstrap import Container
from guomen.clearance.model import Decision, Direction, Lane, Movement
from webhelpers import any_document, demo_app

pytestmark = pytest.mark.browser
BUSY = 400  # counter travellers at Luohu in the last hour


def busy_hour(container: Container, port: str = "LUOHU", n: int = BUSY) -> None:
    """`n` counter arrivals spread over the last 50 minutes."""
    with container.uow() as uow:
        row = uow.conn.exec_driver_sql("SELECT id, person_id FROM travel_documents LIMIT 1").one()
        now = container.clock.now().astimezone(UTC)
        uow.movements.add_many(
            Movement(
                id=f"busy{i:028d}",
                person_id=row.person_id,
                document_id=row.id,
                port_code=port,
                direction=Direction.ENTRY,
                lane=Lane.COUNTER,
                occurred_at=now - timedelta(seconds=30 + i * 3000 // n),
                decision=Decision.CLEAR,
                reason_codes=("all_checks_passed",),
                operator="test",
                traveller_group="mainland",
            )
            for i in range(n)
        )
        uow.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Container]]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("flows-browser")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'f.sqlite3'}", people=80)
    client.close()
    any_document(container)  # the demo holds documents to attach the busy hour to
    busy_hour(container)
    with live_server(container) as base_url:
        yield base_url, container
    container.close()


@pytest.fixture
def page(server: tuple[str, Container], request: pytest.FixtureRequest):
    with chromium_context(server[0], request=request) as context:
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.js_errors = errors  # type: ignore[attr-defined]
        yield pg


def test_commander_sees_charts_roster_reinforcement_and_a_wait_warning(
    page, server: tuple[str, Container]
) -> None:
    container = server[1]
    sign_in(page, "commander.sz")
    page.goto("/flows?port=LUOHU")
    assert page.locator("h1").inner_text() == "指挥中心"
    options = page.locator("[data-testid=port-picker] option").all_inner_texts()
    assert any(o.startswith("LUOHU") for o in options)
    assert not any(o.startswith(("PEK", "GONGBEI", "CAN")) for o in options)  # outside GS-SZ
    page.wait_for_selector("#flows-dashboard[data-loaded=yes]", timeout=30_000)

    # Charts drawn in the browser from the API's data: 24 forecast points, actual points up to
    # the current hour, 24 bars of officers needed, 7 × 24 heat-map cells.
    assert page.locator("[data-testid=today-chart] svg circle.pt-forecast").count() == 24
    assert page.locator("[data-testid=today-chart] svg circle.pt-actual").count() >= 1
    assert page.locator("[data-testid=today-chart] svg polygon.band").count() == 1
    assert page.locator("[data-testid=staff-chart] svg rect.bar-need").count() == 24
    assert page.locator("[data-testid=week-heatmap] svg rect.heat-cell").count() == 7 * 24

    # The busy hour: far more travellers than the open counters can take → a warning.
    minutes = float(page.locator("[data-testid=wait-minutes]").inner_text().split()[0])
    assert minutes > 15
    warning = page.locator("[data-testid=wait-warning]")
    assert warning.is_visible()
    assert "分钟" in warning.inner_text()

    # A roster with too few officers for the week (starting yesterday, so last night's shift
    # covers the small hours): the table fills, and Luohu's shortfall is explained.
    today = container.clock.now().astimezone(ZoneInfo(container.settings.timezone)).date()
    page.fill(
        "[data-testid=roster-form] input[name=start]", (today - timedelta(days=1)).isoformat()
    )
    page.fill("[data-testid=roster-form] input[name=officers]", "8")
    page.click("[data-testid=roster-form] button")
    page.wait_for_selector("#flows-dashboard[data-loaded=yes]", timeout=45_000)
    assert page.locator("[data-testid=roster-table] tbody tr").count() >= 1
    assert "LUOHU-0" in page.locator("[data-testid=roster-table]").inner_text()
    assert page.locator("[data-testid=shortfall-table] tbody tr").count() >= 1
    assert page.locator("[data-testid=staff-chart] svg circle.pt-duty").count() == 24

    # Reinforcement: officers proposed from other Shenzhen ports to Luohu.
    rows = page.locator("[data-testid=reinforcement-table] tbody tr").all_inner_texts()
    moves = [r for r in rows if "LUOHU" in r]
    assert moves, rows
    assert all(r.split("\t")[1].strip() == "LUOHU" for r in moves)
    assert page.js_errors == []  # type: ignore[attr-defined]
