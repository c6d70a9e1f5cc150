"""Payments over HTTP on SQLite and PostgreSQL: a double-clicked payment or a replayed callback
never charges or records twice; forged or altered callbacks change nothing; concurrent
callbacks for one payment confirm it exactly once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from guomen.portal.rules import sign
from guomen.web.app import create_app
from portal_web import sign_in, submit
from support import migrated_container


@pytest.fixture
def world(tmp_path: Path, database_url: str) -> Iterator[tuple]:
    container = migrated_container(tmp_path, database_url)
    client = TestClient(create_app(container=container), base_url="https://testserver")
    csrf = sign_in(client, container)
    application_id = submit(client, csrf)
    yield container, client, csrf, application_id
    client.close()
    container.close()


def _start(client: TestClient, csrf: str, application_id: str) -> str:
    response = client.post(
        f"/portal/applications/{application_id}/pay",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return response.headers["location"]


def _state(container, application_id: str) -> tuple:
    with container.uow() as uow:
        payments = uow.conn.execute(
            text("SELECT status, callbacks FROM portal_payments WHERE application_id = :a"),
            {"a": application_id},
        ).all()
        app = uow.apps.applications.get(application_id)
    return [tuple(p) for p in payments], app.status.value, app.payment_ref, app.paid_at


def _callback(container, application_id: str) -> dict:
    with container.uow() as uow:
        payment = uow.portal.payments.for_application(application_id)[0]
    charge = container.portal_parts().gateway.charge(payment)
    return {"fields": charge.fields, "signature": charge.signature}


def test_double_clicks_pay_once_and_the_applicant_is_told(world) -> None:
    container, client, csrf, application_id = world
    checkout = _start(client, csrf, application_id)
    assert _start(client, csrf, application_id) == checkout  # second click: same payment
    first = client.post(f"{checkout}/pay", data={"csrf_token": csrf}, follow_redirects=False)
    second = client.post(f"{checkout}/pay", data={"csrf_token": csrf}, follow_redirects=False)
    assert first.headers["location"].endswith("notice=paid")
    assert second.headers["location"].endswith("notice=paid_before")
    payments, status, ref, _paid_at = _state(container, application_id)
    assert payments == [("paid", 2)] and status == "paid" and ref
    assert container.portal_parts().gateway.charges == 1
    with container.uow() as uow:
        bodies = [m.body for m in uow.portal.outbox.latest(10)]
    assert sum("已缴费 120.00 CNY" in b for b in bodies) == 1  # one notice, not two
    page = client.get(first.headers["location"])
    assert "已收到付款" in page.text and "receipt.pdf" in page.text
    # after payment the pay button sends the applicant back, not to the gateway
    assert "notice=paid" in _start(client, csrf, application_id)


def test_a_replayed_callback_is_acknowledged_and_changes_nothing(world) -> None:
    container, client, csrf, application_id = world
    _start(client, csrf, application_id)
    body = _callback(container, application_id)
    first = client.post("/api/v1/payments/callback", json=body)
    assert first.status_code == 200 and first.json()["replay"] is False
    before = _state(container, application_id)
    replay = client.post("/api/v1/payments/callback", json=body)
    assert replay.status_code == 200 and replay.json()["replay"] is True
    after = _state(container, application_id)
    assert after[1:] == before[1:] and after[0] == [("paid", 2)]


def test_forged_and_altered_callbacks_are_refused_and_change_nothing(world) -> None:
    container, client, csrf, application_id = world
    _start(client, csrf, application_id)
    body = _callback(container, application_id)
    cheap = {**body, "fields": {**body["fields"], "amount_fen": "1"}}
    assert client.post("/api/v1/payments/callback", json=cheap).status_code == 401
    unsigned = {"fields": body["fields"]}
    assert client.post("/api/v1/payments/callback", json=unsigned).status_code == 401
    wrong_key = {"fields": body["fields"], "signature": sign(b"x" * 32, body["fields"])}
    assert client.post("/api/v1/payments/callback", json=wrong_key).status_code == 401
    assert client.post("/api/v1/payments/callback", content=b"{not json").status_code in (
        400,
        401,
        422,
    )
    key = container.portal_parts().callback_key
    mismatch = {**body["fields"], "amount_fen": "100"}
    signed = client.post(
        "/api/v1/payments/callback", json={"fields": mismatch, "signature": sign(key, mismatch)}
    )
    assert signed.status_code == 422 and signed.json()["code"] == "payment_mismatch"
    payments, status, ref, _ = _state(container, application_id)
    assert payments == [("pending", 0)] and status == "submitted" and ref is None


def test_concurrent_callbacks_confirm_exactly_once(world) -> None:
    container, client, csrf, application_id = world
    _start(client, csrf, application_id)
    body = _callback(container, application_id)
    answers: list[dict] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            other = TestClient(client.app, base_url="https://testserver")  # no lifespan
            answers.append(other.post("/api/v1/payments/callback", json=body).json())
            other.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(a["replay"] for a in answers) == [False] + [True] * 5
    payments, status, _, _ = _state(container, application_id)
    assert payments == [("paid", 6)] and status == "paid"
    with container.uow() as uow:
        events = uow.conn.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'portal.payment_confirm'")
        ).scalar_one()
    assert events == 1


def test_someone_elses_application_cannot_be_paid_or_seen(world) -> None:
    container, client, _csrf, application_id = world
    client.cookies.clear()
    other_csrf = sign_in(client, container, "13700001111")
    assert client.get(f"/portal/applications/{application_id}").status_code == 404
    refused = client.post(
        f"/portal/applications/{application_id}/pay",
        data={"csrf_token": other_csrf},
        follow_redirects=False,
    )
    assert refused.status_code == 404


def test_concurrent_clicks_on_pay_create_one_payment(world) -> None:
    container, client, csrf, application_id = world
    cookies = dict(client.cookies.items())
    places: list[str] = []
    errors: list[BaseException] = []

    def click() -> None:
        try:
            other = TestClient(client.app, base_url="https://testserver", cookies=cookies)
            response = other.post(
                f"/portal/applications/{application_id}/pay",
                data={"csrf_token": csrf},
                follow_redirects=False,
            )
            places.append(response.headers.get("location", str(response.status_code)))
            other.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(places) == 6
    assert len(set(places)) == 1 and places[0].startswith("/portal/gateway/")
    payments, _, _, _ = _state(container, application_id)
    assert payments == [("pending", 0)]
