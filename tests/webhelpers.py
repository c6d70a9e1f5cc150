"""Helpers for HTTP tests: an app on a fresh database, sign-in as a demo account."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from guomen.bootstrap import Container
from guomen.demo.load import DEMO_PASSWORD, DemoSize, create_demo_accounts, load_people
from guomen.identity import services as identity
from guomen.identity.model import DataScope, Role, ScopeLevel
from guomen.web.app import create_app
from support import migrated_container


def demo_app(tmp: Path, database_url: str, people: int = 60) -> tuple[Container, TestClient]:
    container = migrated_container(tmp, database_url)
    create_demo_accounts(container.uow, container.hasher, container.clock)
    if people:
        load_people(container.uow, container.clock, DemoSize(people=people, months=2, seed=5))
    client = TestClient(create_app(container=container), base_url="https://testserver")
    return container, client


def login(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> str:
    """Sign in through the real form; returns the session's CSRF token."""
    client.cookies.clear()
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": token.group(1),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
    home = client.get("/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
    assert csrf is not None
    return csrf.group(1)


def issue(
    container: Container, role: Role, port: str | None = "LUOHU", scope: DataScope | None = None
) -> str:
    with container.uow() as uow:
        _, raw = identity.issue_token(
            uow,
            container.digester,
            container.clock,
            None,
            identity.IssueToken(
                f"{role} test", role, port, scope or DataScope(ScopeLevel.NATIONAL)
            ),
            frozenset(container.geography().station_of_port),
        )
    return raw


def any_person_id(container: Container) -> str:
    with container.uow() as uow:
        return str(uow.conn.exec_driver_sql("SELECT id FROM persons LIMIT 1").scalar_one())


def any_document(container: Container) -> tuple[str, str]:
    with container.uow() as uow:
        doc_id = uow.conn.exec_driver_sql("SELECT id FROM travel_documents LIMIT 1").scalar_one()
        person = uow.conn.exec_driver_sql(
            "SELECT person_id FROM travel_documents WHERE id = ?", (doc_id,)
        ).scalar_one()
        doc = next(d for d in uow.documents.for_person(person) if d.id == doc_id)
    return doc.issuing_state, doc.number
