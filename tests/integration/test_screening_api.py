"""Screening over HTTP against the lists in the database; the running app's index follows
list approvals without a restart."""

from __future__ import annotations

import re
import time
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from guomen.cli.main import app as cli
from webhelpers import demo_app, login

LIST = (
    "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
    "E1,wanted,陈大文,,1970-05-03,M,HKG,,fraud\n"
)


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def screen(client: TestClient, csrf: str, name: str) -> dict:
    response = client.post(
        "/api/v1/screening/screen",
        headers={"X-CSRF-Token": csrf},
        json={"name": name, "birth_date": "1970-05-03", "nationality": "HKG"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_screening_follows_approvals_without_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    container, client = demo_app(tmp_path, url, people=0)
    env = {"GUOMEN_VAR_DIR": str(tmp_path), "GUOMEN_DATABASE_URL": url}
    csrf = login(client, "backoffice.sz")
    assert screen(client, csrf, "CHAN TAI MAN")["decision"] == "none"  # no list yet

    run(
        env,
        "watchlist",
        "create",
        "CN-WANTED",
        "--name",
        "通缉",
        "--type",
        "wanted",
        "--authority",
        "公安部",
        "--legal-basis",
        "刑事诉讼法",
    )
    (tmp_path / "w.csv").write_text(LIST, encoding="utf-8")
    imported = run(
        env,
        "watchlist",
        "import",
        "--format",
        "csv",
        "--list",
        "CN-WANTED",
        str(tmp_path / "w.csv"),
        "--author",
        "wang",
    )
    version = re.search(r"version id: ([0-9a-f]{32})", imported)
    assert version is not None
    run(env, "watchlist", "approve", version.group(1), "--by", "li")

    deadline, answer = time.monotonic() + 20, {}
    while time.monotonic() < deadline:  # the app rebuilds in the background, then swaps
        answer = screen(client, csrf, "CHAN TAI MAN")
        if answer["hits"]:
            break
        time.sleep(0.2)
    best = answer["hits"][0]
    assert (best["entry_id"], best["list_type"], best["decision"]) == ("E1", "wanted", "match")
    assert answer["algorithm"] == "GuomenLogicV1" and best["explanation"]
    assert screen(client, csrf, "John Smith")["decision"] == "none"
    client.close()
    container.close()


def test_only_roles_that_read_watchlists_may_screen(tmp_path: Path) -> None:
    container, client = demo_app(tmp_path, f"sqlite:///{tmp_path / 'g.sqlite3'}", people=0)
    csrf = login(client, "clerk.bj")
    response = client.post(
        "/api/v1/screening/screen", headers={"X-CSRF-Token": csrf}, json={"name": "CHAN TAI MAN"}
    )
    assert response.status_code == 403
    csrf = login(client, "backoffice.sz")
    bad = client.post(
        "/api/v1/screening/screen",
        headers={"X-CSRF-Token": csrf},
        json={"name": "x", "birth_date": "1970-13-40"},
    )
    assert bad.status_code == 422
    client.close()
    container.close()
