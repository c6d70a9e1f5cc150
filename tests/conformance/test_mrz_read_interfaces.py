"""`guomen mrz read PHOTO` and POST /api/v1/mrz/read on a real specimen photo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from guomen.cli.main import app
from guomen.identity.model import Role
from webhelpers import demo_app, issue

PHOTO = Path(__file__).resolve().parents[2].parent / "shared/testdata/mrz/images/100_pass-chn.jpg"
pytestmark = pytest.mark.skipif(not PHOTO.exists(), reason="../shared/testdata is not present")


def test_cli_reads_a_photo_and_prints_the_check_contract() -> None:
    result = CliRunner().invoke(app, ["mrz", "read", str(PHOTO)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["valid"] is True and out["format"] == "TD3"
    assert out["fields"]["issuing_state"] == "TWN"  # the "pass-chn" specimen is a TWN passport
    assert out["fields"]["document_number"] == "000000000"


def test_cli_refuses_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("not a photo")
    result = CliRunner().invoke(app, ["mrz", "read", str(text)])
    assert result.exit_code == 2
    assert "not an image" in result.output


def test_api_reads_an_uploaded_photo(tmp_path: Path) -> None:
    container, client = demo_app(tmp_path, f"sqlite:///{tmp_path / 'g.sqlite3'}", people=0)
    kiosk = issue(container, Role.KIOSK_DEVICE)
    headers = {"Authorization": f"Bearer {kiosk}"}
    response = client.post(
        "/api/v1/mrz/read",
        headers=headers,
        files={"photo": ("page.jpg", PHOTO.read_bytes(), "image/jpeg")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["result"]["valid"] is True
    assert body["document"]["issuing_state"] == "TWN"
    assert body["registry"]["status"] == "not_found"
    garbage = client.post(
        "/api/v1/mrz/read",
        headers=headers,
        files={"photo": ("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")},
    )
    assert garbage.status_code == 422
    client.close()
    container.close()
