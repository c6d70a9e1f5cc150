"""The staff side over HTTP: queues, the application page with its steps, four eyes, reasons,
illegal steps, issuance into the registry and a loss the border check sees at once, the hall
screen without names, and the JSON API's clear errors."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from browser_support import chromium_context, live_server, require_chromium, sign_in
from guomen.applications.model import Status
from guomen.bootstrap import Container
from guomen.identity.model import Role
from webhelpers import demo_app, issue, login

OFFICE = "OF-BJ-01"
World = tuple[Container, TestClient]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, TestClient]]:
    tmp = tmp_path_factory.mktemp("apps")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'apps.sqlite3'}", people=20)
    yield container, client
    client.close()
    container.close()


def _first(container: Container, status: Status, taken_in_by: str | None = None) -> str:
    with container.uow() as uow:
        found = uow.apps.applications.search(office_code=OFFICE, statuses=[status])
    return next(a.id for a in found if taken_in_by is None or a.accepted_by_name == taken_in_by)


def _post_step(client: TestClient, csrf: str, app_id: str, step: str, reason: str = "") -> Response:
    return client.post(
        f"/applications/{app_id}/advance",
        data={"transition": step, "reason": reason, "csrf_token": csrf},
        follow_redirects=False,
    )


def test_the_queue_puts_the_green_channel_first_and_colours_deadlines(world: World) -> None:
    _, client = world
    login(client, "clerk.bj")
    page = client.get("/applications?stage=intake")
    assert page.status_code == 200
    rows = re.findall(
        r'<tr class="deadline-(\w+)" data-testid="queue-row">(.*?)</tr>', page.text, re.S
    )
    assert rows, page.text[:500]
    assert "60岁以上老人" in rows[0][1]  # the elderly applicant (born 1950) comes first
    review = client.get("/applications?stage=review")
    assert 'class="deadline-on_track"' in review.text


def test_an_approver_cannot_approve_what_they_took_in_and_a_rejection_needs_a_reason(
    world: World,
) -> None:
    container, client = world
    app_id = _first(container, Status.PAID)
    csrf = login(client, "approver.bj")
    taken = _post_step(client, csrf, app_id, "accept")
    assert taken.status_code == 303
    csrf = login(client, "clerk.bj")
    assert _post_step(client, csrf, app_id, "review").status_code == 303
    csrf = login(client, "approver.bj")
    page = client.get(f"/applications/{app_id}")
    assert 'data-transition="approve"' not in page.text  # no button for the intake clerk
    refused = _post_step(client, csrf, app_id, "approve")
    assert refused.status_code == 403
    assert "four eyes" in refused.text
    no_reason = _post_step(client, csrf, app_id, "reject")
    assert no_reason.status_code == 403  # four eyes before anything else
    csrf = login(client, "clerk.bj")
    illegal = _post_step(client, csrf, app_id, "collect")
    assert illegal.status_code == 409 and "cannot collect" in illegal.text
    page = client.get(f"/applications/{app_id}")
    assert "已审核" in page.text  # nothing changed


def test_issue_registers_a_document_whose_loss_the_border_check_sees_at_once(world: World) -> None:
    container, client = world
    app_id = _first(container, Status.REVIEWED, taken_in_by="clerk.bj")
    csrf = login(client, "approver.bj")
    no_reason = _post_step(client, csrf, app_id, "reject", "   ")
    assert no_reason.status_code == 422 and "needs a reason" in no_reason.text
    assert _post_step(client, csrf, app_id, "approve").status_code == 303
    csrf = login(client, "clerk.bj")
    assert _post_step(client, csrf, app_id, "start_production").status_code == 303
    assert _post_step(client, csrf, app_id, "issue").status_code == 303
    page = client.get(f"/applications/{app_id}")
    number = re.search(r'data-testid="document-number">(\w+)<', page.text)
    assert number is not None and re.fullmatch(r"E\d{8}", number.group(1))
    api = client.get(f"/api/v1/applications/{app_id}")
    mrz = api.json()["mrz"]
    token = issue(container, Role.EGATE_DEVICE)
    gate = {"Authorization": f"Bearer {token}"}
    checked = client.post("/api/v1/mrz/check", json={"mrz_lines": mrz}, headers=gate)
    assert checked.json()["result"]["valid"] is True
    assert checked.json()["registry"]["status"] == "valid"
    lost = client.post(
        f"/api/v1/registry/CHN/{number.group(1)}/loss",
        json={"kind": "lost"},
        headers={"X-CSRF-Token": csrf},
    )
    assert lost.status_code == 200, lost.text
    again = client.post("/api/v1/mrz/check", json={"mrz_lines": mrz}, headers=gate)
    assert again.json()["registry"]["status"] == "lost"


def test_the_hall_screen_shows_numbers_and_never_names(world: World) -> None:
    container, client = world
    csrf = login(client, "clerk.bj")
    took = client.post(
        f"/hall/{OFFICE}/tickets", data={"green": "1", "csrf_token": csrf}, follow_redirects=False
    )
    assert took.status_code == 303 and "ticket=G" in took.headers["location"]
    called = client.post(
        f"/hall/{OFFICE}/call", data={"window": "3", "csrf_token": csrf}, follow_redirects=False
    )
    assert called.status_code == 303 and "called=G" in called.headers["location"]
    screen = client.get(f"/hall/{OFFICE}")
    assert screen.status_code == 200 and 'http-equiv="refresh"' in screen.text
    assert re.search(r"G\d{3}<span class=\"window\">窗口 3", screen.text)
    with container.uow() as uow:
        names = [a.applicant.name_zh for a in uow.apps.applications.search()]
    assert names and not any(name in screen.text for name in names)


def test_the_api_reports_each_bad_field(world: World) -> None:
    container, client = world
    token = issue(container, Role.KIOSK_DEVICE)
    response = client.post(
        "/api/v1/applications",
        json={
            "applicant_id": "kiosk-session-1",
            "app_type": "passport_first",
            "office_code": OFFICE,
            "surname": "ZHANG",
            "id_number": "110101199002300011",
            "address": "",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert "not a real date" in errors["id_number"] and errors["address"] == "required"
    assert client.get("/api/v1/applications?stage=nonsense").status_code in (401, 422)


def test_statistics_page(world: World) -> None:
    _, client = world
    login(client, "analyst")
    page = client.get("/applications/stats")
    assert page.status_code == 200 and 'data-testid="totals"' in page.text
    assert client.get("/applications/stats?since=2026-13-01").status_code == 422


def test_a_face_enrolled_under_another_identity_holds_the_application_at_intake(
    world: World,
) -> None:
    from application_helpers import form
    from guomen.applications.services import submit_application

    container, client = world
    (pair,) = container.face_gallery().pairs_at_or_above(0.9)  # the demo's planted duplicate
    planted = pair[:2]
    with container.uow() as uow:
        app = submit_application(
            uow, container.clock, None, form(applicant_id="acct-face", person_id=planted[0])
        )
    csrf = login(client, "clerk.bj")
    assert _post_step(client, csrf, app.id, "accept").status_code == 303
    api = client.get(f"/api/v1/applications/{app.id}").json()
    assert api["status"] == "on_hold"
    assert api["hold_reason"] == f"face_duplicate_identity:{planted[1]}"
    assert "release_hold" not in api["transitions"]  # the clerk who took it in cannot decide


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("apps-browser")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'b.sqlite3'}", people=20)
    client.close()
    with live_server(container) as base_url:
        yield base_url
    container.close()


@pytest.mark.browser
def test_approve_produce_and_issue_in_a_real_browser(
    live: str, request: pytest.FixtureRequest
) -> None:
    with chromium_context(live, request=request) as context:
        page = context.new_page()

        def sign_in_as(username: str) -> None:
            page.context.clear_cookies()
            sign_in(page, username)

        sign_in_as("approver.bj")
        page.goto("/applications?stage=approval")
        page.locator("[data-testid=queue-row] a").first.click()
        assert page.locator("[data-testid=status]").inner_text() == "已审核"
        page.click("button[data-transition=reject]")  # the reason is required: nothing sent
        assert page.locator("[data-testid=status]").inner_text() == "已审核"
        page.click("button[data-transition=approve]")
        page.wait_for_selector("text=已完成。")
        assert page.locator("[data-testid=status]").inner_text() == "已审批"
        url = page.url.split("?")[0]
        sign_in_as("clerk.bj")
        page.goto(url)
        page.click("button[data-transition=start_production]")
        page.wait_for_selector("button[data-transition=issue]")
        page.click("button[data-transition=issue]")
        page.wait_for_selector("[data-testid=mrz]")
        assert page.locator("[data-testid=status]").inner_text() == "已签发"
        mrz = page.locator("[data-testid=mrz]").inner_text().split("\n")
        assert len(mrz) == 2 and all(len(line) == 44 for line in mrz)
        page.goto("/hall/OF-BJ-01")
        assert "正在办理" in page.locator("h1").inner_text()
