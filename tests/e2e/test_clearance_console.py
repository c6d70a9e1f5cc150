"""The officer console (前台) and the secondary-inspection queue (后台) through the pages: an
officer assesses, clears, refers and refuses demo travellers; an e-gate referral is first in the
back office's queue; outcomes, overstayers, history; hostile input writes nothing."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clearance_helpers import (
    FakeScreening,
    fake_ports,
    install_runtime,
    make_runtime,
    movement_count,
)
from guomen.clearance.model import ReferralOutcome
from guomen.clearance.ports import ListHit
from guomen.clearance.reasons import CATALOG
from guomen.demo.load import DemoSize, create_demo_accounts, load_people
from guomen.identity.model import Role
from guomen.web.app import create_app
from guomen.web.i18n import gettext_for
from guomen.web.routes.clearance_pages import MESSAGES, REFER_REASONS
from support import migrated_container
from webhelpers import issue, login

ENDORSEMENT = (
    "endorsement_destination",
    "endorsement_kind",
    "endorsement_from",
    "endorsement_until",
    "endorsement_trips",
    "endorsement_stay",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("console")
    container = migrated_container(tmp, f"sqlite:///{tmp / 'console.sqlite3'}", demo=True)
    create_demo_accounts(container.uow, container.hasher, container.clock)
    load_people(container.uow, container.clock, DemoSize(people=60, months=2, seed=5))
    client = TestClient(create_app(container=container), base_url="https://testserver")
    yield container, client
    client.close()
    container.close()


def demo_form(client: TestClient, csrf: str, key: str) -> dict[str, str]:
    """What the console form holds after picking a demo traveller (``?demo=key``)."""
    page = client.get(f"/clearance?demo={key}")
    assert page.status_code == 200, page.text[:300]
    mrz = re.search(r'data-testid="mrz">([^<]*)</textarea>', page.text)
    assert mrz is not None and mrz.group(1).strip(), f"no demo traveller {key!r}"
    direction = re.search(r'name="direction" value="(\w+)" checked', page.text)
    assert direction is not None
    data = {
        "csrf_token": csrf,
        "mrz": html.unescape(mrz.group(1)),
        "direction": direction.group(1),
        "port": "LUOHU",
        "lane": "C07",
    }
    for name in ENDORSEMENT:
        value = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page.text)
        if value and value.group(1):
            data[name] = value.group(1)
    chosen = re.search(
        r'name="endorsement_destination".*?<option value="(\w+)" selected', page.text, re.S
    )
    if chosen:
        data["endorsement_destination"] = chosen.group(1)
    return data


def hidden_fields(form_html: str) -> dict[str, str]:
    return {
        k: html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form_html)
    }


def decision_form(page: str, which: str) -> dict[str, str]:
    found = re.search(
        rf'<form method="post" action="/clearance/decide" id="form-{which}".*?</form>', page, re.S
    )
    assert found is not None, f"no {which} form"
    return hidden_fields(found.group(0))


def text_of(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}"[^>]*>(.*?)<', page, re.S)
    assert found is not None, testid
    return html.unescape(found.group(1)).strip()


def test_officer_assesses_and_clears_a_visa_free_foreigner(world) -> None:
    container, client = world
    csrf = login(client, "inspector.luohu")
    console = client.get("/clearance")
    assert 'data-testid="demo-pick"' in console.text and "autofocus" in console.text
    assert '<script src="/static/console.js"' in console.text
    data = demo_form(client, csrf, "visa_free")
    assert data["direction"] == "entry"
    before = movement_count(container)
    assessed = client.post("/clearance/assess", data=data)
    assert assessed.status_code == 200, assessed.text[:500]
    page = assessed.text
    assert text_of(page, "recommended") == "放行"
    assert "ENT_VISA_FREE_UNILATERAL" in page and 'data-testid="permitted-until"' in page
    assert "无存档照片" in page  # no portrait on file: a neutral silhouette
    assert 'data-testid="mrz-checks"' in page and "✓" in page
    history = re.search(r'data-testid="history">(.*?)</section>', page, re.S)
    assert history is not None and "<tr>" in history.group(1)  # previous movements
    assert movement_count(container) == before  # a dry run writes no movement
    done = client.post("/clearance/decide", data=decision_form(page, "clear"))
    assert done.status_code == 200, done.text[:500]
    assert text_of(done.text, "decision") == "放行"
    assert re.fullmatch(r"[0-9a-z]{10,40}", text_of(done.text, "movement-id"))
    assert 'href="/clearance"' in done.text and 'id="next-traveller"' in done.text
    assert movement_count(container) == before + 1
    # The same form sent again (a double submit) records nothing more.
    again = client.post("/clearance/decide", data=decision_form(page, "clear"))
    assert again.status_code == 200 and movement_count(container) == before + 1
    # The next traveller: an empty console that remembers the port and counter.
    fresh = client.get("/clearance")
    assert 'data-testid="mrz"></textarea>' in fresh.text and 'value="C07"' in fresh.text


def test_officer_refers_a_permit_holder_and_refuses_one_with_a_written_reason(world) -> None:
    container, client = world
    csrf = login(client, "inspector.luohu")
    data = demo_form(client, csrf, "permit")
    assert data["direction"] == "exit" and data["endorsement_destination"] == "HKG"
    page = client.post("/clearance/assess", data=data).text
    assert "ENT_ENDORSEMENT_VALID" in page
    refer = {**decision_form(page, "refer"), "refer_reason": "identity", "reason": "photo unclear"}
    before = movement_count(container)
    done = client.post("/clearance/decide", data=refer)
    assert done.status_code == 200, done.text[:500]
    assert text_of(done.text, "decision") == "移交二线"
    assert text_of(done.text, "referral-id")
    assert movement_count(container) == before + 1

    page = client.post("/clearance/assess", data=data).text
    refuse = decision_form(page, "refuse")
    missing = client.post("/clearance/decide", data={**refuse, "reason": "   "})
    assert missing.status_code == 422
    assert "填写理由" in text_of(missing.text, "console-error")
    assert 'data-testid="assessment"' in missing.text  # the checks stay on screen
    assert movement_count(container) == before + 1
    done = client.post("/clearance/decide", data={**refuse, "reason": "Forged endorsement"})
    assert done.status_code == 200 and text_of(done.text, "decision") == "拒绝"
    assert movement_count(container) == before + 2


def test_egate_referral_is_first_in_the_queue_and_the_outcome_is_recorded(world) -> None:
    container, client = world
    token = issue(container, Role.EGATE_DEVICE, port="LUOHU")
    csrf = login(client, "inspector.luohu")
    counter = client.post("/clearance/assess", data=demo_form(client, csrf, "visa_free")).text
    counter_done = client.post(
        "/clearance/decide", data={**decision_form(counter, "refer"), "refer_reason": "other"}
    )
    counter_movement = text_of(counter_done.text, "movement-id")
    client.cookies.clear()
    data = demo_form_for_gate(client, container)
    gate = client.post(
        "/api/v1/clearance/egate",
        json={"mrz_lines": data, "direction": "exit", "lane_id": "E02"},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "console-gate-1"},
    )
    assert gate.status_code == 200, gate.text
    assert gate.json()["decision"] == "refer" and gate.json()["priority_referral"] is True
    gate_movement = gate.json()["movement_id"]

    csrf = login(client, "backoffice.sz")
    queue = client.get("/clearance/secondary")
    assert queue.status_code == 200
    rows = re.findall(
        r'<tr class="([^"]*)" data-testid="referral" data-movement="(\w+)" data-referral="(\w+)"',
        queue.text,
    )
    movements = [m for _, m, _ in rows]
    assert gate_movement in movements and counter_movement in movements
    flags = ["priority-row" in cls for cls, _, _ in rows]
    assert flags == sorted(flags, reverse=True)  # every priority referral before the others
    assert flags[movements.index(gate_movement)] and not flags[movements.index(counter_movement)]
    assert movements.index(gate_movement) < movements.index(counter_movement)
    assert "分钟" in queue.text and "优先" in queue.text

    referral = next(r for _, m, r in rows if m == gate_movement)
    detail = client.get(f"/clearance/secondary/{referral}")
    assert detail.status_code == 200 and "FACE_NOT_CAPTURED" in detail.text
    assert text_of(detail.text, "traveller") != "—"
    url = f"/clearance/secondary/{referral}/outcome"
    bare = client.post(url, data={"csrf_token": csrf, "outcome": "admitted", "reason": ""})
    assert bare.status_code == 422 and 'data-testid="outcome-error"' in bare.text
    before = movement_count(container)
    closed = client.post(
        url,
        data={"csrf_token": csrf, "outcome": "admitted", "reason": "Face checked by hand"},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    assert movement_count(container) == before + 1  # admitted: the crossing is recorded
    shown = client.get(f"/clearance/secondary/{referral}")
    assert "准予通关" in text_of(shown.text, "referral-status")
    assert 'data-testid="outcome-form"' not in shown.text
    after = client.get(closed.headers["location"])
    assert referral in text_of(after.text, "closed-notice") or referral in after.text
    assert f'data-referral="{referral}"' not in after.text
    twice = client.post(url, data={"csrf_token": csrf, "outcome": "withdrawn", "reason": "again"})
    assert twice.status_code == 409 and "已经关闭" in twice.text


def demo_form_for_gate(client: TestClient, container) -> list[str]:
    """A mainland permit holder leaving (no face at the gate: referred with priority)."""
    from clearance_helpers import permit_holder

    return list(permit_holder(container, skip=7).mrz)


def test_overstayers_page_lists_a_traveller_past_the_permitted_date(world) -> None:
    _, client = world
    csrf = login(client, "inspector.luohu")
    data = demo_form(client, csrf, "visa_free")
    page = client.post("/clearance/assess", data=data).text
    until = date.fromisoformat(text_of(page, "permitted-until"))
    done = client.post("/clearance/decide", data=decision_form(page, "clear"))
    assert done.status_code == 200
    later = until + timedelta(days=11)
    listed = client.get(f"/clearance/overstayers?on={later.isoformat()}")
    assert listed.status_code == 200
    name = re.search(r'data-testid="traveller-name"><strong>([^<]*)</strong>', page)
    assert name is not None
    rows = re.findall(
        r'data-testid="overstayer" data-person="(\w+)"><td><a [^>]*>([^<]*)</a>.*?'
        r'class="days-over">(\d+)<',
        listed.text,
        re.S,
    )
    mine = [p for p, shown, days in rows if name.group(1).strip() in html.unescape(shown)]
    assert len(mine) == 1 and ("11" in [d for p, _, d in rows if p == mine[0]])
    person = mine[0]
    history = client.get(f"/clearance/history?person_id={person}")
    assert history.status_code == 200 and "LUOHU" in history.text
    today = client.get("/clearance/overstayers")
    assert today.status_code == 200 and f'data-person="{person}"' not in today.text


def test_hostile_input_gets_a_clear_error_and_writes_nothing(world) -> None:
    container, client = world
    csrf = login(client, "inspector.luohu")
    good = demo_form(client, csrf, "visa_free")
    before = movement_count(container)
    cases = [
        ({**good, "mrz": "P<" * 5000}, 422, "太长"),
        ({**good, "mrz": good["mrz"][:10] + "\x00\x1b[2J" + good["mrz"][10:]}, 422, "控制字符"),
        ({**good, "mrz": "NOT AN MRZ"}, 422, "机读区无效"),
        ({**good, "port": "NOWHERE"}, 404, "未知口岸"),
        ({**good, "lane": "C 01; DROP"}, 422, "柜台"),
        ({**good, "direction": "sideways"}, 422, None),
        ({**good, "onward_departure": "31/02/2026"}, 422, None),
    ]
    for data, status, words in cases:
        for path in ("/clearance/assess", "/clearance/decide"):
            response = client.post(path, data={**data, "decision": "clear"})
            assert response.status_code == status, (path, data, response.text[:300])
            error = text_of(response.text, "console-error")
            if words:
                assert words in error, error
            assert "Traceback" not in response.text
    forged = {k: v for k, v in good.items() if k != "csrf_token"}
    assert client.post("/clearance/decide", data={**forged, "decision": "clear"}).status_code == 403
    outside = client.post("/clearance/assess", data={**good, "port": "PEK"})
    assert outside.status_code == 403  # a port outside the officer's scope
    assert movement_count(container) == before
    assert client.get("/clearance?port=NOWHERE").status_code == 404


def test_devices_and_other_roles_cannot_use_the_console(world) -> None:
    container, client = world
    client.cookies.clear()
    token = issue(container, Role.EGATE_DEVICE, port="LUOHU")
    assert client.get("/clearance", headers={"Authorization": f"Bearer {token}"}).status_code == 403
    login(client, "analyst")
    assert client.get("/clearance").status_code == 403
    page = client.get("/clearance/overstayers")
    assert page.status_code == 200 and 'name="purpose"' in page.text  # national: purpose first
    login(client, "inspector.pek")
    queue = client.get("/clearance/secondary")
    assert queue.status_code == 200 and "LUOHU" not in re.sub(
        r"<select.*?</select>", "", queue.text, flags=re.S
    )


def test_a_degraded_port_shows_a_red_banner(world, tmp_path: Path) -> None:
    container, client = world
    original = container.clearance()
    runtime = make_runtime(container, tmp_path, retry_seconds=3600)
    runtime.go_degraded("central database unreachable (test)")
    install_runtime(container, runtime)
    try:
        login(client, "inspector.luohu")
        banner = text_of(client.get("/clearance").text, "degraded-banner")
    finally:
        install_runtime(container, original)
    assert "降级" in banner and "0" in banner
    assert 'data-testid="degraded-banner"' not in client.get("/clearance").text


def test_reason_texts_outcomes_and_console_messages_are_translated() -> None:
    zh, en = gettext_for("zh-CN"), gettext_for("en")
    texts = [explanation for _, explanation in CATALOG.values()]
    texts += list(MESSAGES.values())
    texts += [f"outcome_{o.value}" for o in ReferralOutcome]
    texts += [f"refer_{r}" for r in REFER_REASONS]
    texts += [f"severity_{s}" for s in ("info", "refer", "refuse")]
    texts += ["referral_open", "referral_closed"]
    texts += [f"visa_kind_{k}" for k in ("visa", "port_visa", "residence_permit", "apec_card")]
    texts += ["deny_exit", "deny_entry", "wanted", "watch", "match", "possible"]
    texts += ["entitled", "not_entitled", "needs_officer"]
    texts += ["Border control console", "Secondary inspection", "Overstayers"]
    assert sorted(t for t in texts if zh(t) == t) == []
    assert en("outcome_handed_to_police") == "Handed to police"


def test_a_watchlist_hit_shows_its_explanation_and_the_lists_instructions(
    world, tmp_path: Path
) -> None:
    container, client = world
    hit = ListHit(
        "DEMO-DENY-EXIT",
        "DEMO-DENY-EXIT-P01",
        "deny_exit",
        "match",
        0.97,
        "name and birth year match",
        "Refuse exit and call the duty officer; the court's decision is on file.",
    )
    original = container.clearance()
    install_runtime(container, make_runtime(container, tmp_path, fake_ports(FakeScreening([hit]))))
    try:
        csrf = login(client, "inspector.luohu")
        page = client.post("/clearance/assess", data=demo_form(client, csrf, "permit")).text
        assert text_of(page, "recommended") == "拒绝" and 'class="priority"' in page
        shown = re.search(r'data-testid="watchlist-hit">(.*?)</li>', page, re.S)
        assert shown is not None
        assert "不准出境名单" in shown.group(1) and "name and birth year match" in shown.group(1)
        assert "call the duty officer" in text_of(page, "instructions")
        assert "WATCHLIST_DENY_EXIT" in page
        # A permit's MRZ carries no name: the console shows the registry's.
        name = re.search(r'data-testid="traveller-name"><strong>([^<]*)</strong>', page)
        assert name is not None and name.group(1).strip()
    finally:
        install_runtime(container, original)
