"""Conformance: the two `guomen flows` CLI contracts of the passenger-flows issue, run on the
shared HK ImmD and CBP O'Hare files."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from guomen.cli.flows import app

FLOWS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "flows"
HK_FILE = FLOWS / "hk_immd" / "statistics_on_daily_passenger_traffic_2021-01-01_2025-06-30.csv"
runner = CliRunner()


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"flow test data not found at {path} (../shared/testdata is optional)")
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_forecast_contract_on_the_hk_file(tmp_path: Path) -> None:
    out = tmp_path / "forecast.csv"
    args = ["forecast", "--format", "hk-immd", "--input", str(_need(HK_FILE))]
    result = runner.invoke(
        app, [*args, "--train-end", "2025-06-16", "--horizon", "14", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert list(rows[0]) == ["date", "control_point", "direction", "forecast", "lo90", "hi90"]
    assert len(rows) == 16 * 2 * 14  # every control point and direction in the file
    days = {date.fromisoformat(r["date"]) for r in rows}
    assert days == {date(2025, 6, 16) + timedelta(days=i) for i in range(1, 15)}
    assert "Hung Hom" in result.output  # stopped series are reported, not silently invented


def test_waits_contract_on_cbp_ohare(tmp_path: Path) -> None:
    out = tmp_path / "waits.csv"
    train = [str(_need(FLOWS / "cbp_ord" / f"ORD-{y}.csv")) for y in (2016, 2017)]
    given = _need(FLOWS / "cbp_ord" / "ORD-2018.csv")
    args = ["waits", "--format", "cbp-awt", "--train", train[0], "--train", train[1]]
    result = runner.invoke(app, [*args, "--input", str(given), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert len(rows) == 7008
    assert rows[0] == {
        "airport": "ORD",
        "terminal": "Terminal 5",
        "date": "1/1/2018",
        "hour": "0000 - 0100",
        "passengers": "150",
        "booths": "8",
        "predicted_avg_wait": rows[0]["predicted_avg_wait"],
    }
    assert 0 <= float(rows[0]["predicted_avg_wait"]) < 60
