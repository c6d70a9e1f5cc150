"""Face comparison through the JSON API (a kiosk) and the officer's page, on real photos."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from guomen.identity.model import Role
from webhelpers import demo_app, issue, login

FACES = Path(__file__).resolve().parents[2].parent / "shared/testdata/faces/face_recognition"
IMAGES = FACES / "tests/test_images"
pytestmark = pytest.mark.skipif(not IMAGES.exists(), reason="../shared/testdata is not present")


def photo(name: str) -> tuple[str, bytes, str]:
    return (name, (IMAGES / name).read_bytes(), "image/jpeg")


@pytest.fixture
def world(tmp_path: Path):
    container, client = demo_app(tmp_path, f"sqlite:///{tmp_path / 'g.sqlite3'}", people=0)
    yield container, client
    client.close()
    container.close()


def test_kiosk_compares_two_photos_and_gets_no_template(world) -> None:
    container, client = world
    kiosk = issue(container, Role.KIOSK_DEVICE)
    same = client.post(
        "/api/v1/faces/verify",
        headers={"Authorization": f"Bearer {kiosk}"},
        files={"probe": photo("obama.jpg"), "reference": photo("obama2.jpg")},
        data={"subject": "APP-1"},
    )
    assert same.status_code == 200, same.text
    body = same.json()
    assert body["match"] is True and body["score"] >= body["threshold"]
    assert set(body) >= {"score", "threshold", "match", "quality", "model"}
    assert "template" not in same.text and "embedding" not in same.text
    other = client.post(
        "/api/v1/faces/verify",
        headers={"Authorization": f"Bearer {kiosk}"},
        files={"probe": photo("obama.jpg"), "reference": photo("biden.jpg")},
    )
    assert other.json()["match"] is False
    with container.uow() as uow:
        rows = uow.conn.execute(
            text(
                "SELECT purpose, object_id, outcome FROM audit_log "
                "WHERE action = 'biometric.verify' "
                "ORDER BY seq"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("kiosk_application", "APP-1", "match"),
        ("kiosk_application", "", "no_match"),
    ]


def test_officer_page_shows_score_threshold_and_decision(world) -> None:
    _, client = world
    login(client, "inspector.luohu")
    form = client.get("/biometrics/compare")
    assert "人像比对" in form.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    page = client.post(
        "/biometrics/compare",
        data={"csrf_token": token.group(1)},
        files={"probe": photo("obama.jpg"), "reference": photo("obama2.jpg")},
    )
    assert page.status_code == 200
    assert "同一人" in page.text and "阈值" in page.text
