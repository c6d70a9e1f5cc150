"""Holiday features (mainland, Hong Kong, Macao) and the forecast error measures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from guomen.flows.holiday_calendar import calendar_features, mainland_day, uncovered_years
from guomen.flows.metrics import mase, peak_day_error, seasonal_scale, smape


def _features(day: date) -> set[str]:
    cols = calendar_features([day]).columns
    return {name for name, values in cols.items() if values[0]}


def test_spring_festival_2025_with_its_adjusted_working_day() -> None:
    assert _features(date(2025, 1, 26)) == {"cn_adjusted_workday"}  # a Sunday worked (调休)
    assert _features(date(2025, 1, 27)) == {"cn_holiday_eve"}
    assert {"cn_holiday", "cn_holiday_first", "spring_festival"} <= _features(date(2025, 1, 28))
    assert {"hk_holiday", "mo_holiday"} <= _features(date(2025, 1, 29))


def test_golden_week_and_summer_break() -> None:
    assert {"golden_week", "cn_holiday"} <= _features(date(2024, 10, 3))
    assert "summer_school_break" in _features(date(2024, 8, 1))
    assert "cn_holiday_last" in _features(date(2024, 10, 7))


def test_years_outside_chinese_calendar_are_estimated_and_warned() -> None:
    features = calendar_features([date(2026, 12, 31), date(2027, 2, 6)])
    assert features.columns["spring_festival"] == [0.0, 1.0]
    assert features.columns["cn_adjusted_workday"] == [0.0, 0.0]
    assert len(features.warnings) == 1
    assert "2027" in features.warnings[0] and "2004–2026" in features.warnings[0]
    assert uncovered_years([date(2003, 5, 1), date(2010, 1, 1)]) == [2003]
    assert mainland_day(date(2027, 10, 1)).holiday


def test_mase_smape_and_peak_day_error() -> None:
    history = [float(v) for v in [10, 20, 30, 40, 50, 60, 70] * 3]
    assert seasonal_scale(history) == 0.0
    assert seasonal_scale([1, 2, 3, 4, 5, 6, 7, 3]) == pytest.approx(2.0)
    assert mase([10, 20], [12, 18], 2.0) == pytest.approx(1.0)
    assert smape([100, 0], [50, 0]) == pytest.approx((200 * 50 / 150) / 2)
    assert peak_day_error([5, 100, 7], [5, 90, 100]) == pytest.approx(0.1)
    assert peak_day_error([0, 0], [1, 1]) is None
    with pytest.raises(ValueError, match="scale"):
        mase([1], [1], 0.0)


def test_features_align_with_days() -> None:
    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(40)]
    features = calendar_features(days)
    assert all(len(col) == 40 for col in features.columns.values())
