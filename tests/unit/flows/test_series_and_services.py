"""Series preparation and the forecast use case, with a fake forecaster."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from flowdata import daily_rows
from guomen.flows.model import DailyFlow, Direction, FlowImport
from guomen.flows.series import DailySeries, SeriesForecast, build_series
from guomen.flows.services import forecast_daily_flows
from guomen.shared.errors import ValidationFailed

START = date(2025, 1, 1)


def fake_forecaster(series: DailySeries, horizon: int) -> SeriesForecast:
    days = tuple(series.end + timedelta(days=i) for i in range(1, horizon + 1))
    last = series.values[-1]
    return SeriesForecast(
        series.sid, days, (last,) * horizon, (0.8 * last,) * horizon, (1.2 * last,) * horizon
    )


def test_training_restarts_after_a_closure_and_gaps_are_filled() -> None:
    closed = [
        DailyFlow(START + timedelta(days=i), "Lo Wu", Direction.ARRIVAL, 0, 0, 0, 0)
        for i in range(40)
    ]
    open_rows = [
        r
        for r in daily_rows("Lo Wu", START + timedelta(days=40), 30)
        if r.direction == Direction.ARRIVAL
    ]
    gappy = [r for r in open_rows if r.day != START + timedelta(days=55)]
    series, notes = build_series(closed + gappy, START + timedelta(days=69))
    (only,) = series
    assert only.start == START + timedelta(days=40)
    assert len(only.values) == 30 and all(v > 0 for v in only.values)
    assert "1 missing days filled" in notes[0]
    assert not only.closed


def test_forecast_covers_every_series_for_the_horizon_and_trains_only_to_train_end() -> None:
    rows = daily_rows("Lo Wu", START, 120) + daily_rows("Airport", START, 120, level=5000)
    train_end = START + timedelta(days=99)
    result = forecast_daily_flows(FlowImport(tuple(rows), ()), train_end, 7, fake_forecaster)
    assert len(result.rows) == 2 * 2 * 7
    assert {r.day for r in result.rows} == {train_end + timedelta(days=i) for i in range(1, 8)}
    lo_wu = {r.direction: r.forecast for r in result.rows if r.control_point == "Lo Wu"}
    expected = {
        r.direction: float(r.total)
        for r in rows
        if r.day == train_end and r.control_point == "Lo Wu"
    }
    assert lo_wu == expected  # the fake repeats the last training day, not a later one
    assert all(r.lo90 <= r.forecast <= r.hi90 for r in result.rows)


def test_forecast_warns_for_years_the_holiday_data_does_not_cover() -> None:
    rows = daily_rows("Lo Wu", date(2026, 9, 1), 120)
    train_end = date(2026, 12, 20)
    result = forecast_daily_flows(FlowImport(tuple(rows), ()), train_end, 20, fake_forecaster)
    assert any("2027" in w and "chinese-calendar" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("train_end", "horizon", "problem"),
    [
        (START + timedelta(days=200), 7, "after the last day"),
        (START + timedelta(days=20), 7, "at least 56 days"),
        (START + timedelta(days=90), 0, "horizon must be 1 to 366"),
        (START + timedelta(days=90), 1000, "horizon must be 1 to 366"),
    ],
)
def test_forecast_refuses_bad_requests(train_end: date, horizon: int, problem: str) -> None:
    rows = daily_rows("Lo Wu", START, 120)
    with pytest.raises(ValidationFailed, match=problem):
        forecast_daily_flows(FlowImport(tuple(rows), ()), train_end, horizon, fake_forecaster)


def test_a_control_point_opening_after_train_end_is_named() -> None:
    rows = daily_rows("Lo Wu", START, 120) + daily_rows("New Pier", START + timedelta(days=110), 5)
    result = forecast_daily_flows(
        FlowImport(tuple(rows), ()), START + timedelta(days=99), 3, fake_forecaster
    )
    assert {r.control_point for r in result.rows} == {"Lo Wu"}
    assert "New Pier|Arrival: no data up to 2025-04-10; not forecast" in result.warnings
