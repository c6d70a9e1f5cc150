"""Helpers for portal HTTP tests: sign in as an applicant with the code from the outbox, submit
an application through the real form."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from guomen.bootstrap import Container
from guomen.people.idcard import make_id_number

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, html[:500]
    return found.group(1)


def last_code(container: Container) -> str:
    with container.uow() as uow:
        body = uow.portal.outbox.latest(1)[0].body
    found = re.search(r"\b(\d{6})\b", body)
    assert found is not None
    return found.group(1)


def request_code(client: TestClient, contact: str) -> tuple[int, str]:
    page = client.get("/portal")
    response = client.post(
        "/portal/code", data={"contact": contact, "csrf_token": csrf_of(page.text)}
    )
    return response.status_code, response.text


def sign_in(client: TestClient, container: Container, contact: str = "13800138000") -> str:
    """Request a code, read it from the outbox, sign in; returns the applicant's CSRF token."""
    status, html = request_code(client, contact)
    assert status == 200, html[:500]
    response = client.post(
        "/portal/verify",
        data={"contact": contact, "code": last_code(container), "csrf_token": csrf_of(html)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
    return csrf_of(client.get("/portal").text)


def citizen_id(seq: int = 12, birth: date = date(1985, 3, 4)) -> str:
    return make_id_number("110101", birth, seq, True)


def apply_form(csrf: str, **over: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf,
        "app_type": "passport_first",
        "office_code": "OF-BJ-01",
        "name_zh": "陈大文",
        "surname": "CHEN",
        "given_names": "DAWEN",
        "id_number": citizen_id(),
        "phone": "13800138000",
        "address": "北京市东城区东长安街1号",
    }
    form.update(over)
    return form


def submit(client: TestClient, csrf: str, **over: str) -> str:
    """Submit a passport application; returns its id."""
    response = client.post("/portal/apply", data=apply_form(csrf, **over), follow_redirects=False)
    assert response.status_code == 303, response.text[-1500:]
    return response.headers["location"].rsplit("/", 1)[1]
