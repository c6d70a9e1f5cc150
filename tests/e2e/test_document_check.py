"""An officer checks a document by its MRZ; a loss report shows at once on the page and in
the API (what an e-gate asks)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from guomen.bootstrap import Container
from guomen.documents.model import TravelDocument
from guomen.documents.mrz import MrzFields, generate_mrz
from guomen.identity.model import Role
from guomen.people.model import Person
from webhelpers import demo_app, issue, login


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Container, TestClient, Person, TravelDocument]]:
    container, client = demo_app(tmp_path, f"sqlite:///{tmp_path / 'g.sqlite3'}", people=30)
    with container.uow() as uow:
        pid = uow.conn.execute(
            text(
                "SELECT person_id FROM travel_documents WHERE doc_type = 'passport' "
                "AND issuing_state = 'CHN' ORDER BY id LIMIT 1"
            )
        ).scalar_one()
        person = uow.people.get(pid)
        doc = next(d for d in uow.documents.for_person(pid) if d.doc_type == "passport")
    assert person is not None
    yield container, client, person, doc
    client.close()
    container.close()


def mrz_of(person: Person, doc: TravelDocument) -> list[str]:
    fields = MrzFields(
        "PO",
        "CHN",
        person.surname,
        person.given_names,
        doc.number,
        person.nationality,
        person.birth_date,
        person.sex.value,
        doc.expires_on,
    )
    return list(generate_mrz(fields, "TD3").lines)


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_loss_report_shows_at_once_on_the_page_and_in_the_api(world) -> None:
    container, client, person, doc = world
    lines = mrz_of(person, doc)
    gate = issue(container, Role.EGATE_DEVICE)
    login(client, "clerk.bj")
    form = client.get("/documents/check")
    page = client.post(
        "/documents/check", data={"mrz": "\n".join(lines), "csrf_token": csrf(form.text)}
    )
    assert page.status_code == 200
    assert "机读区有效" in page.text
    assert re.search(r'data-testid="registry-status"[^>]*>证件库: 有效', page.text)
    assert person.surname in page.text
    reported = client.post(
        "/documents/report-loss",
        data={
            "csrf_token": csrf(page.text),
            "issuing_state": "CHN",
            "number": doc.number,
            "kind": "lost",
            "mrz": "\n".join(lines),
            "occurred_on": "2026-01-02",
            "place": "北京",
        },
    )
    assert reported.status_code == 200
    assert "挂失已登记" in reported.text
    assert re.search(r'data-testid="registry-status"[^>]*>证件库: 已挂失', reported.text)
    api = client.get(
        f"/api/v1/registry/CHN/{doc.number}", headers={"Authorization": f"Bearer {gate}"}
    )
    assert api.json()["status"] == "lost" and api.json()["blocking"] is True
    checked = client.post(
        "/api/v1/mrz/check", json={"mrz_lines": lines}, headers={"Authorization": f"Bearer {gate}"}
    )
    assert checked.json()["result"]["valid"] is True
    assert checked.json()["registry"]["status"] == "lost"


def test_ocr_misread_mrz_is_repaired_and_the_corrections_are_shown(world) -> None:
    _, client, person, doc = world
    lines = mrz_of(person, doc)
    digits = [i for i, ch in enumerate(lines[1][13:19], start=13) if ch == "0"]
    misread = lines[1]
    if digits:  # birth date zeros read as letter O
        i = digits[0]
        misread = misread[:i] + "O" + misread[i + 1 :]
    misread = misread.replace("<", "«", 1)
    assert misread != lines[1]
    login(client, "inspector.luohu")
    response = client.post(
        "/api/v1/mrz/check",
        json={"mrz_lines": [lines[0], misread]},
        headers={"X-CSRF-Token": csrf(client.get("/").text)},
    )
    body = response.json()
    assert body["result"]["valid"] is True
    assert body["result"]["corrections"], "the repair must say what it changed"
    assert body["result"]["fields"]["document_number"] == doc.number
    strict = client.post(
        "/api/v1/mrz/check",
        json={"mrz_lines": [lines[0], misread], "ocr": False},
        headers={"X-CSRF-Token": csrf(client.get("/").text)},
    )
    assert strict.json()["result"]["valid"] is False


@pytest.mark.parametrize(
    "mrz",
    [[], [""], ["x" * 5000], ["P<CHN\x00\x01"], ["Π" * 44, "Π" * 44], "garbage" * 10],
    ids=["empty", "blank", "oversized", "control", "non-ascii", "text"],
)
def test_bad_mrz_input_gets_a_clear_answer(world, mrz) -> None:
    container, client, _, _ = world
    gate = issue(container, Role.EGATE_DEVICE)
    response = client.post(
        "/api/v1/mrz/check", json={"mrz_lines": mrz}, headers={"Authorization": f"Bearer {gate}"}
    )
    assert response.status_code in (200, 422)
    body = response.json()
    if response.status_code == 200:
        assert body["result"]["valid"] is False
        assert body["result"]["errors"]
    else:
        assert body["code"]


def test_hong_kong_macao_permit_card_is_read_classified_and_looked_up(world) -> None:
    from guomen.documents.chinese import PermitLayout, PermitMrzFields, generate_permit_mrz

    container, client, _, _ = world
    with container.uow() as uow:
        pid = uow.conn.execute(
            text(
                "SELECT person_id FROM travel_documents WHERE doc_type = 'hk_macao_permit' "
                "ORDER BY expires_on DESC LIMIT 1"
            )
        ).scalar_one()
        person = uow.people.get(pid)
        permit = next(d for d in uow.documents.for_person(pid) if d.doc_type == "hk_macao_permit")
    assert person is not None
    lines = generate_permit_mrz(
        PermitMrzFields(PermitLayout.EEP, "CS", permit.number, person.birth_date, permit.expires_on)
    )
    gate = issue(container, Role.EGATE_DEVICE)
    body = client.post(
        "/api/v1/mrz/check",
        json={"mrz_lines": list(lines)},
        headers={"Authorization": f"Bearer {gate}"},
    ).json()
    assert body["result"]["valid"] is True
    assert body["document"]["kind"] == "hk_macao_permit"
    assert body["document"]["number"] == permit.number
    assert body["registry"]["status"] == "valid"
