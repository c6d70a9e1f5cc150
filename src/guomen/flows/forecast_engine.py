"""Daily flow forecasts with statsforecast, and the two reference models for back-tests.

The chosen model ("arima-holidays") is a seasonal ARIMA(1,0,1)(0,1,1)₇ on log(1 + travellers)
with the calendar features (mainland holidays and adjusted working days, Spring Festival,
Golden Week, Hong Kong and Macao holidays, school summer break) as regressors. The references are
statsforecast's SeasonalNaive(7) and AutoETS(season 7) on the raw counts.
"""

from __future__ import annotations

import math
import warnings
from datetime import date, timedelta
from typing import Any

import numpy as np
from statsforecast.models import ARIMA, AutoETS, SeasonalNaive

from guomen.flows.holiday_calendar import FEATURES, calendar_features
from guomen.flows.ports import Forecaster
from guomen.flows.series import MIN_TRAIN_DAYS, DailySeries, SeriesForecast

MODEL_NAME = "arima-holidays"
LEVEL = 90
SEASON = 7
OUTAGE_WINDOW = 28
OUTAGE_SHARE = 0.2

FloatArray = np.ndarray[tuple[int, ...], np.dtype[np.float64]]


def _future_days(series: DailySeries, horizon: int) -> list[date]:
    return [series.end + timedelta(days=i) for i in range(1, horizon + 1)]


def _regressors(days: list[date]) -> FloatArray:
    cols = calendar_features(days).columns
    return np.array([cols[name] for name in FEATURES], dtype=np.float64).T


def _result(sid: str, days: list[date], out: dict[str, Any], log: bool) -> SeriesForecast:
    def back(key: str) -> tuple[float, ...]:
        raw = np.asarray(out[key], dtype=np.float64)
        values = np.expm1(raw) if log else raw
        return tuple(max(0.0, float(v)) if math.isfinite(v) else 0.0 for v in values)

    return SeriesForecast(sid, tuple(days), back("mean"), back(f"lo-{LEVEL}"), back(f"hi-{LEVEL}"))


def forecast_ours(series: DailySeries, horizon: int) -> SeriesForecast:
    """The chosen model, with lo90/hi90 intervals; falls back to seasonal naive on short or
    closed series."""
    days = _future_days(series, horizon)
    if series.closed:
        zeros = tuple(0.0 for _ in days)
        return SeriesForecast(series.sid, tuple(days), zeros, zeros, zeros)
    if len(series.values) < MIN_TRAIN_DAYS:
        return forecast_seasonal_naive(series, horizon)
    x_all = _regressors(series.days() + days)
    n = len(series.values)
    keep = _independent_columns(x_all[:n])
    y = np.log1p(_without_outages(np.asarray(series.values, dtype=np.float64)))
    model = ARIMA(order=(1, 0, 1), seasonal_order=(0, 1, 1), season_length=SEASON)
    if not keep:
        return _result(series.sid, days, model.forecast(y=y, h=horizon, level=[LEVEL]), log=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)  # e.g. statsmodels' rank-deficient OLS
            out = model.forecast(
                y=y, h=horizon, X=x_all[:n, keep], X_future=x_all[n:, keep], level=[LEVEL]
            )
    except (ValueError, UserWarning, np.linalg.LinAlgError):
        out = model.forecast(y=y, h=horizon, level=[LEVEL])
    return _result(series.sid, days, out, log=True)


def _independent_columns(x: FloatArray) -> list[int]:
    """Calendar columns that stay linearly independent after the weekly differencing the model
    applies (a feature that never changes, or duplicates others, in the window is dropped)."""
    diffed = x[SEASON:] - x[:-SEASON]
    keep: list[int] = []
    for j in range(x.shape[1]):
        if np.linalg.matrix_rank(diffed[:, [*keep, j]]) == len(keep) + 1:
            keep.append(j)
    return keep


def _without_outages(y: FloatArray) -> FloatArray:
    """Days far below the recent level (a typhoon closing the ferries, a line suspended for a
    day) would dominate a fit on the log scale; train on the value a week earlier instead."""
    clean = y.copy()
    for i in range(OUTAGE_WINDOW, len(clean)):
        level = float(np.median(clean[i - OUTAGE_WINDOW : i]))
        if level > 0 and clean[i] < OUTAGE_SHARE * level:
            clean[i] = clean[i - SEASON]
    return clean


def forecast_seasonal_naive(series: DailySeries, horizon: int) -> SeriesForecast:
    y = np.asarray(series.values, dtype=np.float64)
    days = _future_days(series, horizon)
    if len(y) < SEASON:
        flat = tuple(float(y[-1]) for _ in days)
        return SeriesForecast(series.sid, tuple(days), flat, flat, flat)
    out = SeasonalNaive(season_length=SEASON).forecast(y=y, h=horizon, level=[LEVEL])
    return _result(series.sid, days, out, log=False)


def forecast_auto_ets(series: DailySeries, horizon: int) -> SeriesForecast:
    y = np.asarray(series.values, dtype=np.float64)
    if len(y) < 2 * SEASON:
        return forecast_seasonal_naive(series, horizon)
    out = AutoETS(season_length=SEASON).forecast(y=y, h=horizon, level=[LEVEL])
    return _result(series.sid, _future_days(series, horizon), out, log=False)


REFERENCE_MODELS: dict[str, Forecaster] = {
    MODEL_NAME: forecast_ours,
    "seasonal-naive": forecast_seasonal_naive,
    "auto-ets": forecast_auto_ets,
}
