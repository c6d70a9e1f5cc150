"""The e-gate and counter API: a device token bound to its port, idempotency keys, officers'
refusals with reasons, the referral queue, and bad input that never leaves a partial record."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clearance_helpers import (
    FakeScreening,
    audit_count,
    fake_ports,
    install_runtime,
    make_runtime,
    movement_count,
    permit_holder,
)
from guomen.clearance.ports import ListHit
from guomen.identity.model import Role
from webhelpers import demo_app, issue, login

EGATE = "/api/v1/clearance/egate"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("clearance_api")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'api.sqlite3'}", people=80)
    screening = FakeScreening()
    install_runtime(container, make_runtime(container, tmp, fake_ports(screening=screening)))
    token = issue(container, Role.EGATE_DEVICE, port="LUOHU")
    yield container, client, token, screening
    client.close()
    container.close()


def _gate(client, token, body, key="k", **headers):
    return client.post(
        EGATE,
        json=body,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key, **headers},
    )


def _body(traveller, **extra):
    return {
        "mrz_lines": list(traveller.mrz),
        "direction": "exit",
        "lane_id": "E03",
        "face_image": base64.b64encode(b"jpeg").decode(),
        **extra,
    }


def test_egate_clears_and_a_retry_records_nothing(world) -> None:
    container, client, token, _ = world
    traveller = permit_holder(container, skip=3)
    before = movement_count(container)
    first = _gate(client, token, _body(traveller), key="gate-1")
    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["decision"] == "clear"
    assert answer["display"]["zh-CN"] and answer["display"]["en"]
    assert answer["priority_referral"] is False and "pipeline" in answer["versions"]
    assert movement_count(container) == before + 1
    audits = audit_count(container)
    again = _gate(client, token, _body(traveller), key="gate-1")
    assert again.status_code == 200
    assert again.json()["movement_id"] == answer["movement_id"] and again.json()["replayed"]
    conflict = _gate(client, token, _body(traveller, direction="entry"), key="gate-1")
    assert conflict.status_code == 409 and conflict.json()["code"] == "idempotency_conflict"
    assert (movement_count(container), audit_count(container)) == (before + 1, audits)


def test_egate_refers_a_watchlist_hit_with_priority(world) -> None:
    container, client, token, screening = world
    screening.hits = [ListHit("L1", "E1", "deny_exit", "match", 0.98, "name, birth date")]
    try:
        response = _gate(client, token, _body(permit_holder(container, skip=4)), key="gate-2")
    finally:
        screening.hits = []
    answer = response.json()
    assert answer["decision"] == "refer" and answer["priority_referral"] is True
    assert "WATCHLIST_DENY_EXIT" in answer["reason_codes"]
    assert "officer" in answer["display"]["en"]
    csrf = login(client, "backoffice.sz")
    queue = client.get("/api/v1/clearance/referrals?port_code=LUOHU").json()
    mine = [r for r in queue if r["movement_id"] == answer["movement_id"]]
    assert mine and mine[0]["priority"] is True
    closed = client.post(
        f"/api/v1/clearance/referrals/{mine[0]['id']}/outcome",
        json={"outcome": "refused", "reason": "Confirmed deny-exit order"},
        headers={"X-CSRF-Token": csrf},
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["outcome"] == "refused" and closed.json()["officer"] == "backoffice.sz"
    client.cookies.clear()


def test_bad_gate_input_gets_a_clear_answer_and_writes_nothing(world) -> None:
    container, client, token, _ = world
    traveller = permit_holder(container, skip=5)
    # Denied requests are audited as denials (access.*); no decision is.
    before, audits = movement_count(container), audit_count(container, "clearance.")
    line = traveller.mrz[0]
    broken = {**_body(traveller), "mrz_lines": [line[:-1] + ("1" if line[-1] != "1" else "2")]}
    cases = [
        (
            client.post(EGATE, json=_body(traveller), headers={"Authorization": f"Bearer {token}"}),
            400,
            "idempotency_key_required",
        ),
        (_gate(client, token, broken, key="b1"), 422, "mrz_invalid"),
        (_gate(client, token, {**_body(traveller), "mrz_lines": ["<<<"]}, key="b2"), 422, None),
        (
            _gate(client, token, _body(traveller, port_code="NOWHERE"), key="b3"),
            404,
            "unknown_port",
        ),
        (_gate(client, token, _body(traveller, port_code="PEK"), key="b4"), 403, None),
        (_gate(client, token, _body(traveller, lane_id="E 1; DROP"), key="b5"), 422, None),
        (
            _gate(client, token, _body(traveller, face_image="***"), key="b6"),
            422,
            "face_not_base64",
        ),
        (_gate(client, token, _body(traveller, direction="sideways"), key="b7"), 422, None),
        (_gate(client, token, {"direction": "exit"}, key="b8"), 422, None),
    ]
    for response, status, code in cases:
        assert response.status_code == status, response.text
        assert "Traceback" not in response.text
        if code:
            assert response.json()["code"] == code
    huge = client.post(
        EGATE,
        content=b'{"direction": "exit", "face_image": "' + b"A" * 2_000_000 + b'"}',
        headers={
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": "b9",
            "Content-Type": "application/json",
        },
    )
    assert huge.status_code == 413
    assert (movement_count(container), audit_count(container, "clearance.")) == (before, audits)


def test_clock_skew_uses_server_time_and_flags_it(world) -> None:
    container, client, token, _ = world
    skewed = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    response = _gate(
        client, token, _body(permit_holder(container, skip=6), device_time=skewed), key="skew"
    )
    assert response.status_code == 200
    assert "CLOCK_SKEW" in response.json()["reason_codes"]
    csrf = login(client, "analyst")
    mid = response.json()["movement_id"]
    person = next(
        m
        for m in client.get(
            f"/api/v1/clearance/movements?person_id={_person_of(container, mid)}",
            headers={"X-Purpose": "clock skew check"},
        ).json()
        if m["id"] == mid
    )
    assert "CLOCK_SKEW" in person["flags"]
    assert abs(datetime.fromisoformat(person["occurred_at"]) - datetime.now(UTC)) < timedelta(
        minutes=5
    )
    assert csrf
    client.cookies.clear()


def _person_of(container, movement_id: str) -> str:
    with container.uow() as uow:
        m = uow.clearance.movement(movement_id)
    assert m is not None
    return m.person_id


def test_officer_refuses_only_with_a_reason_and_status_is_shown(world) -> None:
    container, client, _, _ = world
    traveller = permit_holder(container, skip=7)
    csrf = login(client, "inspector.luohu")
    body = {
        "mrz_lines": list(traveller.mrz),
        "direction": "exit",
        "lane_id": "C02",
        "port_code": "LUOHU",
        "decision": "refuse",
    }
    before = movement_count(container)
    headers = {"X-CSRF-Token": csrf}
    no_reason = client.post("/api/v1/clearance/decide", json=body, headers=headers)
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "reason_required"
    no_csrf = client.post("/api/v1/clearance/decide", json={**body, "reason": "x"})
    assert no_csrf.status_code == 403
    assert movement_count(container) == before
    refused = client.post(
        "/api/v1/clearance/decide", json={**body, "reason": "Forged endorsement"}, headers=headers
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["decision"] == "refuse"
    assert "OFFICER_REFUSED" in refused.json()["reason_codes"]
    assert movement_count(container) == before + 1
    status = client.get("/api/v1/clearance/status").json()
    assert status == {"degraded": False, "since": None, "journal_pending": 0, "reason": ""}
    client.cookies.clear()


def test_a_token_used_at_another_port_is_forbidden(world) -> None:
    container, client, _, _ = world
    pek = issue(container, Role.EGATE_DEVICE, port="PEK")
    response = _gate(client, pek, _body(permit_holder(container), port_code="LUOHU"), key="p")
    assert response.status_code == 403


def test_path_is_served(world, tmp_path: Path) -> None:
    _, client, _, _ = world
    assert client.get("/api/v1/clearance/status").status_code == 401
