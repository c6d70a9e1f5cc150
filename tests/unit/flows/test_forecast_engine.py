"""The statsforecast-backed forecasters on a small synthetic series."""

from __future__ import annotations

from datetime import date, timedelta

from guomen.flows.forecast_engine import (
    MODEL_NAME,
    REFERENCE_MODELS,
    forecast_auto_ets,
    forecast_ours,
    forecast_seasonal_naive,
)
from guomen.flows.series import DailySeries

WEEK = (1000.0, 900.0, 900.0, 950.0, 1100.0, 1400.0, 1300.0)
SERIES = DailySeries("Lo Wu|Arrival", date(2024, 1, 1), WEEK * 20)


def test_our_model_gives_positive_forecasts_inside_their_intervals() -> None:
    result = forecast_ours(SERIES, 14)
    assert result.days[0] == SERIES.end + timedelta(days=1)
    assert len(result.mean) == 14
    assert all(
        0 <= lo <= m <= hi for lo, m, hi in zip(result.lo, result.mean, result.hi, strict=True)
    )
    assert max(result.mean) > min(result.mean) * 1.2  # the weekly pattern is kept


def test_closed_series_forecast_zero() -> None:
    closed = DailySeries("Sha Tau Kok|Arrival", date(2024, 1, 1), (0.0,) * 60)
    assert set(forecast_ours(closed, 5).hi) == {0.0}


def test_short_series_fall_back_to_seasonal_naive() -> None:
    short = DailySeries("X|Arrival", date(2024, 1, 1), WEEK * 3)
    assert forecast_ours(short, 7).mean == WEEK


def test_reference_models() -> None:
    assert set(REFERENCE_MODELS) == {MODEL_NAME, "seasonal-naive", "auto-ets"}
    assert forecast_seasonal_naive(SERIES, 7).mean == WEEK
    ets = forecast_auto_ets(SERIES, 7)
    assert all(abs(m - w) / w < 0.1 for m, w in zip(ets.mean, WEEK, strict=True))
