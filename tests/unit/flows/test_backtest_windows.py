"""The back-test scores holiday windows (Spring Festival, Golden Week, ...) separately."""

from __future__ import annotations

from datetime import date, timedelta

from flowdata import daily_rows
from guomen.flows.backtest import backtest, holiday_windows
from guomen.flows.series import DailySeries, SeriesForecast


def test_days_fall_in_the_right_holiday_windows() -> None:
    days = [date(2026, 2, 17), date(2026, 10, 1), date(2026, 5, 1), date(2026, 3, 10)]
    assert holiday_windows(days) == [
        ("spring_festival", "hk_holiday"),  # 初一 2026 is a holiday on both sides
        ("golden_week", "hk_holiday"),
        ("other_cn_holiday", "hk_holiday"),
        (),
    ]


def _flat(series: DailySeries, horizon: int) -> SeriesForecast:
    days = tuple(series.end + timedelta(days=i) for i in range(1, horizon + 1))
    level = sum(series.values[-7:]) / 7
    return SeriesForecast(
        series.sid, days, (level,) * horizon, (level,) * horizon, (level,) * horizon
    )


def _holiday_blind_double(series: DailySeries, horizon: int) -> SeriesForecast:
    flat = _flat(series, horizon)
    doubled = tuple(2 * v for v in flat.mean)
    return SeriesForecast(series.sid, flat.days, doubled, doubled, doubled)


def test_window_mase_is_reported_per_model_and_window() -> None:
    rows = daily_rows("Lok Ma Chau", date(2025, 6, 1), 200)
    scores = backtest(
        rows,
        date(2025, 9, 20),
        date(2025, 10, 31),
        step_days=14,
        horizons=(28,),
        models={"flat": _flat, "double": _holiday_blind_double},
    )
    by_model = {s.model: dict(s.window_mase) for s in scores if s.sid.endswith("Arrival")}
    assert set(by_model["flat"]) == {"golden_week", "other_cn_holiday", "hk_holiday"}
    # Doubling every forecast is far worse on every window, and the table shows it.
    for window, value in by_model["flat"].items():
        assert value < by_model["double"][window]
