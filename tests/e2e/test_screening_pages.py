"""Screening pages and API over HTTP: lists, versions (four eyes), entry search and hit review
render in Chinese, their forms need the session's CSRF token, and hostile input gets a clear
answer instead of a traceback. One real-browser test dismisses a hit from the queue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from browser_support import chromium_context, live_server, require_chromium, sign_in
from guomen.screening import services as lists
from guomen.screening.model import ListType, Watchlist
from matrix_screening import _entry, values
from webhelpers import demo_app, login


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    tmp = tmp_path_factory.mktemp("screening-pages")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'g.sqlite3'}", people=40)
    planted = values(container)
    yield {"container": container, "client": client, **planted}
    client.close()
    container.close()


def hit_status(world, hit_id: str) -> str:
    with world["container"].uow() as uow:
        return str(
            uow.conn.execute(
                text("SELECT status FROM screening_hits WHERE id = :i"), {"i": hit_id}
            ).scalar_one()
        )


def test_the_review_queue_renders_in_chinese_with_explanations(world) -> None:
    client: TestClient = world["client"]
    login(client, "backoffice.sz")
    page = client.get("/screening/hits")
    assert page.status_code == 200
    assert "命中核查" in page.text and "通缉布控" in page.text
    assert world["page_hit"] in page.text
    assert "陈大文" in page.text  # the listed name, from the sealed entry snapshot
    assert "CHEN DAWEN" in page.text  # the traveller as screened
    assert "name_similarity" in page.text  # the explanation, feature by feature
    detail = client.get(f"/screening/hits/{world['page_hit']}")
    assert detail.status_code == 200 and "名单条目" in detail.text and "排除" in detail.text
    for code in ("deny_exit", "wanted", ">possible<", ">match<"):
        assert code not in page.text


def test_lists_and_versions_render_in_chinese(world) -> None:
    client: TestClient = world["client"]
    login(client, "admin")
    page = client.get("/screening/lists")
    assert page.status_code == 200
    assert "边控名单" in page.text and "MATRIX-WANTED" in page.text and "关注" in page.text
    one = client.get("/screening/lists/MATRIX-WANTED")
    assert one.status_code == 200 and "matrix-author" in one.text
    assert "已批准" in one.text and "待批准" not in one.text


def test_dismissing_from_the_queue_needs_csrf_and_a_reason(world) -> None:
    client: TestClient = world["client"]
    csrf = login(client, "backoffice.sz")
    hit = world["page_hit"]
    url = f"/screening/hits/{hit}/decision"
    no_token = client.post(url, data={"verdict": "dismiss", "reason": "x"})
    assert no_token.status_code == 403
    empty = client.post(url, data={"verdict": "dismiss", "reason": "  ", "csrf_token": csrf})
    assert empty.status_code == 422 and "say why" in empty.text
    huge = client.post(url, data={"verdict": "dismiss", "reason": "x" * 10_000, "csrf_token": csrf})
    assert huge.status_code == 422 and "2000" in huge.text
    odd = client.post(url, data={"verdict": "maybe", "reason": "x", "csrf_token": csrf})
    assert odd.status_code == 422 and "confirm or dismiss" in odd.text
    assert hit_status(world, hit) == "open"

    done = client.post(
        url,
        data={
            "verdict": "dismiss",
            "reason": "父亲姓名不同",
            "dismiss_days": "30",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("done=dismissed")
    assert hit_status(world, hit) == "dismissed"
    again = client.post(url, data={"verdict": "confirm", "csrf_token": csrf})
    assert again.status_code == 409 and "already dismissed" in again.text
    shown = client.get(f"/screening/hits/{hit}")
    assert "父亲姓名不同" in shown.text and "已排除" in shown.text


def test_approving_a_version_rescreens_and_the_author_cannot_approve(world) -> None:
    client: TestClient = world["client"]
    container = world["container"]
    csrf = login(client, "admin")
    watchlist = Watchlist("OWN-LIST", "自提名单", ListType.WATCH, "x", "x", "x")
    with container.uow() as uow:  # proposed by the admin account itself
        lists.create_watchlist(uow, container.clock, "admin", watchlist)
        own = lists.import_list_version(
            uow, container.clock, "admin", "OWN-LIST", [_entry("OWN-LIST", ListType.WATCH)]
        )
    assert own.version is not None
    refused = client.post(
        f"/screening/versions/{own.version.id}/approve", data={"csrf_token": csrf}
    )
    assert refused.status_code == 200  # back on the list page, with the reason
    assert "cannot approve" in refused.text

    page = client.get("/screening/lists/MATRIX-WATCH")
    assert f"/screening/versions/{world['approve_version']}/approve" in page.text
    approved = client.post(
        f"/screening/versions/{world['approve_version']}/approve",
        data={"comment": "checked", "csrf_token": csrf},
    )
    assert approved.status_code == 200
    assert re.search(r"版本 1 已批准；已重新比对 \d+ 名旅客", approved.text)


def test_entry_search_across_scripts_and_hostile_input(world) -> None:
    client: TestClient = world["client"]
    login(client, "backoffice.sz")
    found = client.get("/screening/entries", params={"name": "陈大文"})
    assert found.status_code == 200 and "MATRIX-WANTED" in found.text
    by_number = client.get("/screening/entries", params={"document_number": "K1234567B"})
    assert by_number.status_code == 200 and "OCR" in by_number.text  # B read for 8
    nothing = client.get("/screening/entries", params={"name": "司马相如"})
    assert nothing.status_code == 200 and "没有匹配的有效条目" in nothing.text
    for bad, message in (
        ("x" * 10_000, "at most 500"),
        ("CHAN\x00\x07TAI", "control character"),
    ):
        page = client.get("/screening/entries", params={"name": bad})
        assert page.status_code == 422 and message in page.text
        assert "Traceback" not in page.text
    api = client.get("/api/v1/screening/entries", params={"name": "x" * 10_000})
    assert api.status_code == 422
    assert api.headers["content-type"].startswith("application/problem+json")
    emoji = client.get("/api/v1/screening/entries", params={"name": "😀😀"})
    assert emoji.status_code == 422 and "letters" in emoji.json()["detail"]


def test_the_json_api(world) -> None:
    client: TestClient = world["client"]
    csrf = login(client, "backoffice.sz")
    listed = client.get("/api/v1/screening/lists").json()["lists"]
    wanted = next(x for x in listed if x["list_id"] == "MATRIX-WANTED")
    assert wanted["entries"]["active"] == 1 and wanted["current_version"] == 1
    versions = client.get("/api/v1/screening/lists/MATRIX-WANTED/versions").json()["versions"]
    assert versions[0]["added"] == 1 and versions[0]["status"] == "approved"
    queue = client.get("/api/v1/screening/hits").json()
    assert world["api_hit"] in {h["id"] for h in queue["hits"]}
    url = f"/api/v1/screening/hits/{world['api_hit']}/decision"
    headers = {"X-CSRF-Token": csrf}
    confirmed = client.post(url, json={"verdict": "confirm", "reason": ""}, headers=headers)
    assert confirmed.status_code == 200 and confirmed.json()["hit"]["status"] == "confirmed"
    twice = client.post(url, json={"verdict": "dismiss", "reason": "x"}, headers=headers)
    assert twice.status_code == 409 and twice.json()["code"] == "hit_already_decided"
    bad = client.get("/api/v1/screening/hits", params={"status": "whatever"})
    assert bad.status_code == 422
    missing = client.post(
        "/api/v1/screening/hits/nope/decision", json={"verdict": "confirm"}, headers=headers
    )
    assert missing.status_code == 404


def test_people_outside_the_back_office_are_refused(world, tmp_path: Path) -> None:
    client: TestClient = world["client"]
    login(client, "inspector.luohu")
    assert client.get("/screening/hits").status_code == 403
    assert client.get("/api/v1/screening/hits").status_code == 403
    assert client.get("/screening/lists").status_code == 403


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("screening-browser")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'b.sqlite3'}", people=0)
    client.close()
    planted = values(container)
    with live_server(container) as base_url:
        yield base_url, planted
    container.close()


@pytest.mark.browser
def test_an_officer_dismisses_a_hit_in_the_browser(live, request: pytest.FixtureRequest) -> None:
    base, planted = live
    with chromium_context(base, request=request) as context:
        page = context.new_page()
        sign_in(page, "backoffice.sz")
        page.goto("/screening/hits")
        page.click(f"tr[data-hit='{planted['page_hit']}'] td a")
        assert "陈大文" in page.inner_text("[data-testid=comparison]")
        page.click("[data-testid=decide] button[value=dismiss]")
        assert "say why" in page.inner_text("[role=alert]")
        page.fill("[data-testid=decide] textarea[name=reason]", "出生地不同，非同一人")
        page.click("[data-testid=decide] button[value=dismiss]")
        page.wait_for_url("**/screening/hits?done=dismissed")
        assert "已排除" in page.inner_text("[data-testid=done]")
        assert planted["page_hit"] not in page.content()  # no longer in the open queue
