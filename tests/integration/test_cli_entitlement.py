"""`guomen entitlement`: check a folder of tables, show them, and assess one crossing as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from guomen.cli.main import app
from guomen.entitlement.tables import FILES, packaged_data


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["entitlement", *args], env=env)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "tables"
    target.mkdir()
    for name in FILES:
        (target / name).write_bytes((packaged_data() / name).read_bytes())
    return target


def test_check_prints_version_and_row_counts(folder: Path) -> None:
    result = run("check", str(folder))
    assert result.exit_code == 0, result.output
    assert "2026.11.22-1" in result.output and ": OK" in result.output
    assert "transit_nationalities  55" in result.output


def test_check_refuses_a_bad_folder_with_exit_2_and_no_traceback(folder: Path) -> None:
    path = folder / "transit.yaml"
    path.write_text(path.read_text().replace("port_code: PEK,", "port_code: XYZ,", 1))
    result = run("check", str(folder))
    assert result.exit_code == 2
    assert "transit.yaml ports[0]: port_code 'XYZ' is not a port" in result.output
    assert "Traceback" not in result.output


def test_check_reads_the_folder_named_by_the_environment(folder: Path) -> None:
    (folder / "manifest.yaml").write_text(
        (folder / "manifest.yaml").read_text().replace("2026.11.22-1", "local-7")
    )
    for name in FILES[1:]:
        path = folder / name
        path.write_text(path.read_text().replace("2026.11.22-1", "local-7"))
    result = run("check", env={"GUOMEN_ENTITLEMENT_DIR": str(folder)})
    assert result.exit_code == 0, result.output
    assert "local-7" in result.output and str(folder) in result.output


def test_show_lists_rows_in_force_with_sources() -> None:
    result = run("show", "--on", "2026-11-22")
    assert result.exit_code == 0
    assert "nationality=FRA scheme=unilateral stay_days=30" in result.output
    assert "<mfa_2024_unilateral_30_days,mfa_2025_unilateral_extend_2026>" in result.output
    assert "nationality=RUS" not in result.output.split("[transit_policy]")[0]  # trial ended
    data = json.loads(run("show", "--json").output)
    assert {"version", "as_of", "sources", "visa_free", "transit_ports"} <= set(data)


def test_assess_visa_free_country() -> None:
    result = run(
        "assess", "--nationality", "FRA", "--document-kind", "foreign_passport",
        "--port", "PEK", "--on", "2026-12-01", "--expires", "2030-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["outcome"] == "entitled"
    assert out["permitted_until"] == "2026-12-31"
    assert out["reason_codes"] == ["ENT_VISA_FREE_UNILATERAL"]


def test_assess_transit_at_a_non_designated_port() -> None:
    out = json.loads(
        run(
            "assess", "--nationality", "USA", "--port", "LUOHU", "--on", "2026-03-01",
            "--expires", "2030-01-01", "--arriving-from", "KOR", "--onward-to", "JPN",
            "--onward-date", "2026-03-04",
        ).output
    )  # fmt: skip
    assert out["outcome"] == "not_entitled"
    assert "ENT_TRANSIT_PORT_NOT_DESIGNATED" in out["reason_codes"]


def test_assess_expired_endorsement() -> None:
    out = json.loads(
        run(
            "assess", "--nationality", "CHN", "--holder", "mainland_resident", "--crossing",
            "exit", "--document-kind", "hk_macao_permit", "--port", "LUOHU", "--on",
            "2026-11-22", "--expires", "2030-01-01", "--endorsement", "HKG:G",
            "--endorsement-until", "2026-11-21", "--trips-left", "1",
        ).output
    )  # fmt: skip
    assert (out["outcome"], out["reason_codes"]) == ("not_entitled", ["ENT_ENDORSEMENT_EXPIRED"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "yesterday"], "--on must be a date"),
        (["--on", "2026-01-01", "--endorsement", "HK-G"], "--endorsement must look like"),
    ],
)
def test_assess_bad_input_is_a_clear_error(args: list[str], message: str) -> None:
    result = run("assess", "--nationality", "FRA", "--port", "PEK", *args)
    assert result.exit_code == 2
    assert message in result.output
