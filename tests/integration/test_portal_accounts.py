"""Applicant accounts over HTTP on SQLite and PostgreSQL: one-time codes (wrong, expired,
locked, rate-limited), separate applicant sessions with their own cookie and CSRF token, and
personal data sealed at rest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from guomen.shared.clock import FakeClock
from guomen.web.app import create_app
from portal_web import csrf_of, last_code, request_code, sign_in
from support import migrated_container

PHONE = "13912345678"


@pytest.fixture
def world(tmp_path: Path, database_url: str) -> Iterator[tuple]:
    container = migrated_container(tmp_path, database_url)
    clock = FakeClock()
    container.clock = clock
    client = TestClient(create_app(container=container), base_url="https://testserver")
    yield container, client, clock
    client.close()
    container.close()


def _verify(client: TestClient, html: str, code: str, contact: str = PHONE):
    return client.post(
        "/portal/verify",
        data={"contact": contact, "code": code, "csrf_token": csrf_of(html)},
        follow_redirects=False,
    )


def test_first_sign_in_registers_an_applicant_who_is_not_a_staff_user(world) -> None:
    container, client, _ = world
    sign_in(client, container, PHONE)
    cookie = next(c for c in client.cookies.jar if c.name == "guomen_applicant")
    assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
    page = client.get("/portal")
    assert "139****5678" in page.text and "我的申请" in page.text
    with container.uow() as uow:
        users = uow.conn.execute(text("SELECT count(*) FROM users")).scalar_one()
        applicants = uow.conn.execute(text("SELECT count(*) FROM portal_applicants")).scalar_one()
    assert (users, applicants) == (0, 1)
    # the applicant's session opens no staff page, and a second sign-in is the same account
    assert client.get("/", follow_redirects=False).status_code == 401
    client.cookies.clear()
    container.clock.advance(timedelta(minutes=2))
    sign_in(client, container, "+86 139 1234 5678")
    with container.uow() as uow:
        assert uow.conn.execute(text("SELECT count(*) FROM portal_applicants")).scalar_one() == 1


def test_wrong_codes_count_and_the_fifth_locks_the_code(world) -> None:
    container, client, _ = world
    status, html = request_code(client, PHONE)
    assert status == 200
    good = last_code(container)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    answers = []
    for _ in range(5):  # as a browser does: each answer is the next form, with a fresh token
        answers.append(_verify(client, html, wrong))
        html = answers[-1].text
    assert [a.status_code for a in answers] == [401] * 5
    assert "验证码错误" in answers[0].text
    assert "错误次数过多" in answers[4].text
    locked = _verify(client, html, good)
    assert locked.status_code == 401 and "guomen_applicant" not in locked.headers.get(
        "set-cookie", ""
    )


def test_an_expired_code_is_refused_and_a_new_one_works(world) -> None:
    container, client, clock = world
    _, html = request_code(client, PHONE)
    old = last_code(container)
    clock.advance(timedelta(minutes=10, seconds=1))
    expired = _verify(client, html, old)
    assert expired.status_code == 401 and "已过期" in expired.text
    _, html = request_code(client, PHONE)
    assert _verify(client, html, last_code(container)).status_code == 303


def test_codes_are_rate_limited_per_address(world) -> None:
    container, client, clock = world
    assert request_code(client, PHONE)[0] == 200
    status, html = request_code(client, PHONE)
    assert status == 429 and "过于频繁" in html
    assert request_code(client, "13700001111")[0] == 200  # another address is not affected
    for _ in range(4):
        clock.advance(timedelta(minutes=2))
        assert request_code(client, PHONE)[0] == 200
    clock.advance(timedelta(minutes=2))
    assert request_code(client, PHONE)[0] == 429  # five an hour
    clock.advance(timedelta(hours=1))
    assert request_code(client, PHONE)[0] == 200
    with container.uow() as uow:
        assert uow.conn.execute(text("SELECT count(*) FROM portal_outbox")).scalar_one() == 7


def test_bad_contacts_and_forms_without_the_cookie_token_are_refused(world) -> None:
    _, client, _ = world
    status, html = request_code(client, "12345")
    assert status == 422 and "11位" in html
    forged = client.post("/portal/code", data={"contact": PHONE, "csrf_token": "forged"})
    assert forged.status_code == 403


def test_applicant_forms_need_the_sessions_csrf_token(world) -> None:
    container, client, _ = world
    sign_in(client, container, PHONE)
    refused = client.post("/portal/apply", data={"app_type": "passport_first"})
    assert refused.status_code == 403
    refused = client.post(
        "/portal/apply", data={"app_type": "passport_first", "csrf_token": "x" * 32}
    )
    assert refused.status_code == 403


def test_sign_out_ends_the_session(world) -> None:
    container, client, _ = world
    csrf = sign_in(client, container, PHONE)
    raw = client.cookies.get("guomen_applicant")
    out = client.post("/portal/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("guomen_applicant", raw)
    assert client.get("/portal/apply").status_code == 401


def test_contacts_codes_and_message_bodies_are_not_stored_in_clear(world) -> None:
    container, client, _ = world
    sign_in(client, container, "li.ming@example.cn")
    code = last_code(container)
    with container.uow() as uow:
        rows = [
            " ".join(str(v) for v in row)
            for table in ("portal_applicants", "portal_codes", "portal_outbox")
            for row in uow.conn.execute(text(f"SELECT * FROM {table}"))
        ]
    dump = "\n".join(rows)
    assert "li.ming" not in dump and "example.cn" not in dump
    assert code not in dump


def test_sealed_contacts_and_messages_survive_key_rotation(world) -> None:
    from guomen.adapters.crypto import FieldCipher
    from guomen.adapters.db.rotation import key_usage, rotate_all
    from guomen.config import new_key, parse_key_ring
    from guomen.portal.model import Contact

    container, client, _ = world
    sign_in(client, container, "li.ming@example.cn")
    ring = parse_key_ring(f"k2:{new_key()}") + container.secrets.data_keys
    cipher = FieldCipher(ring, container.secrets.index_key)
    rotate_all(container.engine, cipher)
    assert set(key_usage(container.engine, cipher)) == {"k2"}
    container.cipher = cipher
    with container.uow() as uow:
        message = uow.portal.outbox.latest(1)[0]
        assert message.recipient == "li.ming@example.cn" and "验证码" in message.body
        assert uow.portal.applicants.get_by_contact(Contact.parse("li.ming@example.cn"))
