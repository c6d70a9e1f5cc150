"""The entry-rules page and its JSON: tables with version, as-of date and sources, in Chinese
and English; an administrator's folder (GUOMEN_ENTITLEMENT_DIR) is what the page shows, and an
edit appears without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from guomen.bootstrap import Container
from guomen.demo.load import create_demo_accounts
from guomen.entitlement.tables import FILES, packaged_data
from guomen.identity.model import Role
from guomen.web.app import create_app
from support import migrated_container
from webhelpers import issue, login


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Container, TestClient, Path]]:
    folder = tmp_path / "tables"
    folder.mkdir()
    for name in FILES:
        (folder / name).write_bytes((packaged_data() / name).read_bytes())
    url = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    container = migrated_container(tmp_path, url, entitlement_dir=folder)
    create_demo_accounts(container.uow, container.hasher, container.clock)
    client = TestClient(create_app(container=container), base_url="https://testserver")
    yield container, client, folder
    client.close()
    container.close()


def test_page_shows_tables_with_sources_in_chinese_and_english(
    site: tuple[Container, TestClient, Path],
) -> None:
    _, client, _ = site
    login(client, "inspector.luohu")
    page = client.get("/entitlement?on=2026-11-22")
    assert page.status_code == 200
    text = page.text
    assert "入境政策" in text and "240小时过境免签" in text
    assert "2026.11.22-1" in text and "2026-11-22" in text
    assert "<code>FRA</code>" in text
    assert "国家移民管理局关于全面放宽优化过境免签政策的公告" in text
    assert 'id="src-nia_2024_transit_240h"' in text
    assert "<code>WESTKOWLOON</code>" in text
    english = client.get("/entitlement?on=2026-11-22&lang=en").text
    assert "Entry rules" in english and "Individual tourism" in english


def test_page_shows_only_rows_in_force_on_the_day(
    site: tuple[Container, TestClient, Path],
) -> None:
    _, client, _ = site
    login(client, "clerk.bj")
    assert "<code>RUS</code></td>" in client.get("/entitlement?on=2026-09-14").text
    assert "<code>RUS</code></td>" not in client.get("/entitlement?on=2026-09-15").text


def test_bad_day_is_a_clear_422(site: tuple[Container, TestClient, Path]) -> None:
    container, client, _ = site
    token = issue(container, Role.EGATE_DEVICE)
    response = client.get(
        "/api/v1/entitlement/tables?on=31/12/2026", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_gives_the_tables_and_an_edit_shows_without_restart(
    site: tuple[Container, TestClient, Path],
) -> None:
    container, client, folder = site
    headers = {"Authorization": f"Bearer {issue(container, Role.EGATE_DEVICE)}"}
    data = client.get("/api/v1/entitlement/tables", headers=headers).json()
    assert data["version"] == "2026.11.22-1" and data["as_of"] == "2026-11-22"
    assert any(r["nationality"] == "FRA" for r in data["visa_free"])
    assert all(s["title"] and s["url"] for s in data["sources"])
    later = client.get("/api/v1/entitlement/tables?on=2027-01-01", headers=headers).json()
    assert not any(r["nationality"] == "FRA" for r in later["visa_free"])

    for name in FILES:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("2026.11.22-1", "2026.12.01-1"))
    assert client.get("/api/v1/entitlement/tables", headers=headers).json()["version"] == (
        "2026.12.01-1"
    )
    broken = folder / "visa_free.yaml"
    broken.write_text("rows: [", encoding="utf-8")
    still = client.get("/api/v1/entitlement/tables", headers=headers).json()
    assert still["version"] == "2026.12.01-1"  # a bad edit is not applied; the last good stays


def test_sign_in_needed(site: tuple[Container, TestClient, Path]) -> None:
    _, client, _ = site
    assert client.get("/api/v1/entitlement/tables").status_code == 401
