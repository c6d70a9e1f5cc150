"""Conformance: the HK Immigration Department daily passenger traffic file (2021-01-01 to
2025-06-30) from ../shared/testdata/flows/hk_immd: import, forecast contract, back-test slice."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from guomen.flows.backtest import backtest, overall
from guomen.flows.forecast_engine import REFERENCE_MODELS, forecast_ours
from guomen.flows.importers import KNOWN_CONTROL_POINTS, read_hk_immd
from guomen.flows.model import FlowImport
from guomen.flows.services import forecast_daily_flows

REPO_ROOT = Path(__file__).resolve().parents[2]
HK_FILE = (
    REPO_ROOT.parent
    / "shared"
    / "testdata"
    / "flows"
    / "hk_immd"
    / "statistics_on_daily_passenger_traffic_2021-01-01_2025-06-30.csv"
)


@pytest.fixture(scope="module")
def hk() -> FlowImport:
    if not HK_FILE.exists():
        pytest.skip(f"HK ImmD test data not found at {HK_FILE} (../shared/testdata is optional)")
    return read_hk_immd(HK_FILE)


def test_the_whole_file_imports_cleanly(hk: FlowImport) -> None:
    assert len(hk.rows) == 49396
    assert {r.control_point for r in hk.rows} == KNOWN_CONTROL_POINTS
    assert min(r.day for r in hk.rows) == date(2021, 1, 1)
    assert max(r.day for r in hk.rows) == date(2025, 6, 30)
    assert hk.warnings == ()
    lo_wu = [r for r in hk.rows if r.control_point == "Lo Wu" and r.day == date(2025, 6, 30)]
    assert all(r.total == r.residents + r.mainland_visitors + r.other_visitors for r in lo_wu)


def test_forecast_contract_on_two_control_points(hk: FlowImport) -> None:
    rows = tuple(r for r in hk.rows if r.control_point in {"Lo Wu", "Sha Tau Kok"})
    train_end = date(2025, 5, 31)
    result = forecast_daily_flows(FlowImport(rows, ()), train_end, 14, forecast_ours)
    assert len(result.rows) == 2 * 2 * 14
    assert {r.day for r in result.rows} == {train_end + timedelta(days=i) for i in range(1, 15)}
    actual = {(r.day, r.series_id): r.total for r in rows}
    lo_wu = [r for r in result.rows if r.control_point == "Lo Wu"]
    inside = sum(r.lo90 <= actual[(r.day, f"Lo Wu|{r.direction.value}")] <= r.hi90 for r in lo_wu)
    assert inside >= 0.7 * len(lo_wu)  # 90 % intervals, checked loosely on 28 days
    assert all(r.forecast == 0 for r in result.rows if r.control_point == "Sha Tau Kok")
    assert any("Sha Tau Kok" in w and "forecast 0" in w for w in result.warnings)


def test_backtest_slice_beats_both_references_at_28_days(hk: FlowImport) -> None:
    rows = [r for r in hk.rows if r.control_point == "Lo Wu"]
    scores = backtest(
        rows, date(2025, 3, 1), date(2025, 6, 30), step_days=42, models=REFERENCE_MODELS
    )
    table = overall(scores)
    assert table["arima-holidays"][28] < table["seasonal-naive"][28]
    assert table["arima-holidays"][28] < table["auto-ets"][28]
    assert {s.horizon for s in scores} == {1, 7, 28}


@pytest.mark.slow
def test_full_backtest_last_12_months_beats_both_references(hk: FlowImport) -> None:
    """The benchmark's back-test (about 4 minutes): 13 origins 28 days apart over 2024-07-01 to
    2025-06-30, every control point with traffic."""
    scores = backtest(
        hk.rows, date(2024, 7, 1), date(2025, 6, 30), step_days=28, models=REFERENCE_MODELS
    )
    table = overall(scores)
    for h in (1, 7, 28):
        assert table["arima-holidays"][h] < table["seasonal-naive"][h]
        assert table["arima-holidays"][h] < table["auto-ets"][h]
    holiday: dict[str, list[float]] = {}
    for s in scores:
        if s.horizon == 28 and s.holiday_mase is not None:
            holiday.setdefault(s.model, []).append(s.holiday_mase)
    means = {m: sum(v) / len(v) for m, v in holiday.items()}
    assert means["arima-holidays"] < min(means["seasonal-naive"], means["auto-ets"])
