"""Sign-in, sessions, CSRF, and hostile or broken input over HTTP: each gets a clear 4xx/503,
nothing half-written, and an audit entry where it matters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from guomen.adapters.db.engine import create_db_engine
from guomen.bootstrap import Container
from guomen.identity.model import Role
from guomen.shared.clock import FakeClock
from webhelpers import any_person_id, demo_app, issue, login


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Container, TestClient]]:
    container, client = demo_app(tmp_path, f"sqlite:///{tmp_path / 'g.sqlite3'}", people=20)
    yield container, client
    client.close()
    container.close()


def audit_actions(container: Container) -> list[tuple[str, str, str]]:
    with container.uow() as uow:
        rows = uow.conn.execute(text("SELECT actor, action, outcome FROM audit_log ORDER BY seq"))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def count(container: Container, table: str) -> int:
    with container.uow() as uow:
        return int(uow.conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def post_login(client: TestClient, username: str, password: str) -> int:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        follow_redirects=False,
    ).status_code


def test_login_page_is_chinese_by_default_and_switches_to_english(world) -> None:
    _, client = world
    page = client.get("/")
    assert page.status_code == 401
    assert "登录" in page.text and 'lang="zh-CN"' in page.text
    client.get("/lang/en", follow_redirects=False)
    assert "Sign in" in client.get("/login").text


def test_cookies_are_secure_httponly(world) -> None:
    _, client = world
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    response = client.post(
        "/login",
        data={"username": "admin", "password": "Guomen-demo-2026", "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "guomen_session=" in cookie
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie


def test_wrong_password_then_lockout_is_audited(world) -> None:
    container, client = world
    for _ in range(4):
        assert post_login(client, "analyst", "not-the-password") == 401
    assert post_login(client, "analyst", "not-the-password") == 401  # fifth: locks
    assert post_login(client, "analyst", "Guomen-demo-2026") == 423
    outcomes = [o for a, act, o in audit_actions(container) if act == "auth.login"]
    assert outcomes[-2:] == ["bad_password_locked", "locked"]
    assert count(container, "web_sessions") == 0


def test_login_without_the_form_token_is_refused(world) -> None:
    container, client = world
    response = client.post(
        "/login",
        data={"username": "admin", "password": "Guomen-demo-2026", "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert count(container, "web_sessions") == 0


def test_forged_missing_and_replayed_csrf_tokens_are_refused(world) -> None:
    container, client = world
    csrf = login(client, "admin")
    form = {
        "username": "new.person",
        "display_name": "新人",
        "role": "analyst",
        "scope": "national",
        "password": "a-long-password-1",
    }
    assert client.post("/admin/users", data=form, follow_redirects=False).status_code == 403
    assert (
        client.post(
            "/admin/users", data={**form, "csrf_token": "x" * 32}, follow_redirects=False
        ).status_code
        == 403
    )
    users_before = count(container, "users")
    # Replay: the token of a session that has ended is worthless in a new session.
    client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    login(client, "admin")
    replay = client.post("/admin/users", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert replay.status_code == 403
    assert count(container, "users") == users_before


def test_logged_out_session_cannot_be_reused(world) -> None:
    _, client = world
    csrf = login(client, "auditor")
    cookie = client.cookies.get("guomen_session")
    assert (
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    )
    client.cookies.set("guomen_session", cookie or "")
    assert client.get("/audit").status_code == 401


def test_expired_session_asks_to_sign_in_again(world) -> None:
    container, client = world
    clock = FakeClock(container.clock.now())
    container.clock = clock
    login(client, "auditor")
    clock.advance(timedelta(minutes=container.settings.session_minutes + 1))
    page = client.get("/audit")
    assert page.status_code == 401
    assert "会话已过期" in page.text
    api = client.get("/api/v1/me")
    assert api.status_code == 401
    assert api.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"username": "x"}', "application/json"),
        (
            b'{"username": "abc", "display_name": "x", "role": "analyst", "scope": "national",'
            b' "password": "a-long-password-1", "is_admin": true}',
            "application/json",
        ),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"username=abc", "application/x-www-form-urlencoded"),
    ],
    ids=["malformed", "missing-fields", "unknown-field", "binary", "wrong-shape", "form"],
)
def test_malformed_json_gets_a_problem_document(world, body: bytes, content_type: str) -> None:
    container, client = world
    token = issue(container, Role.SERVICE_ACCOUNT, port=None)
    login(client, "admin")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert csrf is not None
    before = count(container, "users")
    response = client.post(
        "/api/v1/users",
        content=body,
        headers={"content-type": content_type, "X-CSRF-Token": csrf.group(1)},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422 and problem["code"] == "validation_failed"
    assert response.headers["content-type"] == "application/problem+json"
    assert count(container, "users") == before
    assert token


def test_oversized_bodies_are_refused_before_parsing(world) -> None:
    container, client = world
    token = issue(container, Role.SERVICE_ACCOUNT, port=None)
    big = b'{"name": "' + b"x" * (container.settings.max_request_bytes + 10) + b'"}'
    response = client.post(
        "/api/v1/tokens",
        content=big,
        headers={"Authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
        for _ in range(40):
            yield b"x" * 65536

    streamed = client.post(
        "/api/v1/tokens", content=chunks(), headers={"Authorization": f"Bearer {token}"}
    )
    assert streamed.status_code == 413


def test_unknown_ids_get_404_and_the_attempt_is_audited(world) -> None:
    container, client = world
    login(client, "inspector.luohu")
    assert client.get("/api/v1/persons/does-not-exist").status_code == 404
    assert client.get("/api/v1/documents/CHN/E00000000").status_code == 404
    assert client.get("/api/v1/ports/NOWHERE/movements?day=2026-01-01").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    reads = [
        (act, o) for _, act, o in audit_actions(container) if act.startswith(("person", "document"))
    ]
    assert reads[-2:] == [("person.read", "not_found"), ("document.lookup", "not_found")]


def test_national_query_without_purpose_is_refused_and_nothing_is_read(world) -> None:
    container, client = world
    person = any_person_id(container)
    login(client, "analyst")
    response = client.get(f"/api/v1/persons/{person}")
    assert response.status_code == 400
    assert response.json()["code"] == "purpose_required"
    ok = client.get(f"/api/v1/persons/{person}", headers={"X-Purpose": "case 2026-77"})
    assert ok.status_code == 200
    entries = [
        row for row in audit_actions(container) if row[1] in ("person.read", "access.denied")
    ]
    assert entries == [
        ("user:analyst", "access.denied", "purpose_required"),
        ("user:analyst", "person.read", "ok"),
    ]


def test_personal_data_reads_are_audited_with_purpose(world) -> None:
    container, client = world
    person = any_person_id(container)
    login(client, "inspector.luohu")
    assert (
        client.get(f"/api/v1/persons/{person}", headers={"X-Purpose": "counter 3"}).status_code
        == 200
    )
    with container.uow() as uow:
        row = uow.conn.execute(
            text(
                "SELECT actor, role, object_id, purpose, client FROM audit_log "
                "WHERE action = 'person.read' ORDER BY seq DESC LIMIT 1"
            )
        ).one()
    assert row.actor == "user:inspector.luohu" and row.role == "inspection_officer"
    assert row.object_id == person and row.purpose == "counter 3" and row.client


def test_database_gone_mid_session_gives_503_without_a_trace(world) -> None:
    container, client = world
    token = issue(container, Role.SERVICE_ACCOUNT, port=None)
    assert client.get("/readyz").status_code == 200
    container.engine.dispose()
    container.engine = create_db_engine("postgresql+psycopg://nobody@127.0.0.1:1/gone")
    for path in ("/api/v1/me", "/readyz"):
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 503
        assert "Traceback" not in response.text
        assert response.headers["content-type"] == "application/problem+json"
    page = client.get("/reference/ports")
    assert page.status_code == 503
    assert "服务暂不可用" in page.text


def test_refused_access_is_audited(world) -> None:
    container, client = world
    login(client, "commander.sz")
    assert client.get("/admin/users").status_code == 403
    assert ("user:commander.sz", "access.denied", "forbidden") in audit_actions(container)


def test_security_headers_on_every_response(world) -> None:
    _, client = world
    for path in ("/login", "/healthz", "/api/v1/me"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "server" not in headers


def test_open_redirects_are_not_followed(world) -> None:
    _, client = world
    response = client.get("/lang/en?next=//evil.example/", follow_redirects=False)
    assert response.headers["location"] == "/"
    assert client.get("/lang/xx").status_code == 422


def test_admin_sets_a_password_and_the_old_sessions_end(world) -> None:
    container, client = world
    login(client, "analyst")
    old_session = client.cookies.get("guomen_session")
    csrf = login(client, "admin")
    with container.uow() as uow:
        analyst = uow.users.get_by_username("analyst")
    assert analyst is not None
    weak = client.post(
        f"/admin/users/{analyst.id}/password", data={"csrf_token": csrf, "password": "short"}
    )
    assert weak.status_code == 422
    done = client.post(
        f"/admin/users/{analyst.id}/password",
        data={"csrf_token": csrf, "password": "a-fresh-password-7"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    client.cookies.clear()
    client.cookies.set("guomen_session", old_session or "")
    assert client.get("/api/v1/me").status_code == 401
    assert post_login(client, "analyst", "Guomen-demo-2026") == 401
    assert post_login(client, "analyst", "a-fresh-password-7") == 303
