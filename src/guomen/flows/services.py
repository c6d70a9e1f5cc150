"""Flow use cases: forecast daily flows per control point, predict hourly waits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from guomen.flows.holiday_calendar import coverage_warnings
from guomen.flows.model import Direction, FlowImport, HourlyLoad, LoadImport
from guomen.flows.ports import Forecaster
from guomen.flows.series import MIN_TRAIN_DAYS, build_series
from guomen.flows.wait_model import CalibratedQueueModel
from guomen.shared.errors import ValidationFailed

MAX_HORIZON_DAYS = 366


@dataclass(frozen=True, slots=True)
class ForecastRow:
    day: date
    control_point: str
    direction: Direction
    forecast: float
    lo90: float
    hi90: float


@dataclass(frozen=True, slots=True)
class FlowForecast:
    rows: tuple[ForecastRow, ...]
    warnings: tuple[str, ...]


def forecast_daily_flows(
    data: FlowImport, train_end: date, horizon: int, forecaster: Forecaster
) -> FlowForecast:
    """Train on rows up to `train_end` only; forecast the `horizon` days after it for every
    control point and direction, with 90 % intervals."""
    if not 1 <= horizon <= MAX_HORIZON_DAYS:
        raise ValidationFailed(f"the horizon must be 1 to {MAX_HORIZON_DAYS} days, not {horizon}")
    first = min(r.day for r in data.rows)
    last = max(r.day for r in data.rows)
    if train_end > last:
        raise ValidationFailed(
            f"--train-end {train_end} is after the last day in the data ({last})"
        )
    if (train_end - first).days + 1 < MIN_TRAIN_DAYS:
        raise ValidationFailed(
            f"at least {MIN_TRAIN_DAYS} days of training data are needed before {train_end}"
        )
    series_list, notes = build_series(data.rows, train_end)
    future = [train_end + timedelta(days=i) for i in range(1, horizon + 1)]
    warnings = [w.describe() for w in data.warnings]
    warnings += notes + list(coverage_warnings([first, train_end, *future]))
    late = sorted({r.series_id for r in data.rows} - {s.sid for s in series_list})
    warnings += [f"{sid}: no data up to {train_end}; not forecast" for sid in late]
    rows: list[ForecastRow] = []
    for series in series_list:
        if series.closed:
            warnings.append(f"{series.sid}: no traffic in the last weeks of training; forecast 0")
        result = forecaster(series, horizon)
        rows.extend(
            ForecastRow(d, series.control_point, series.direction, m, lo, hi)
            for d, m, lo, hi in zip(result.days, result.mean, result.lo, result.hi, strict=True)
        )
    rows.sort(key=lambda r: (r.day, r.control_point, r.direction))
    return FlowForecast(tuple(rows), tuple(dict.fromkeys(warnings)))


@dataclass(frozen=True, slots=True)
class WaitPrediction:
    rows: tuple[tuple[HourlyLoad, float], ...]
    warnings: tuple[str, ...]
    service_seconds: float
    peak_factor: float


def predict_hourly_waits(train: Sequence[LoadImport], data: LoadImport) -> WaitPrediction:
    """Calibrate the wait model on the training hours, then predict the input hours' average
    wait (minutes) from passengers and booths."""
    train_rows = [r for t in train for r in t.rows]
    if not train_rows:
        raise ValidationFailed("give at least one --train file with observed waits")
    model = CalibratedQueueModel().fit(train_rows)
    warnings = [f"training data: {w.describe()}" for t in train for w in t.warnings]
    warnings += [f"input: {w.describe()}" for w in data.warnings]
    known = {r.place for r in train_rows}
    for place in sorted({r.place for r in data.rows} - known):
        warnings.append(
            f"{place[0]} {place[1]} has no training data; its hour-of-day profile is the "
            "average of all trained places"
        )
    predicted = model.predict(data.rows)
    return WaitPrediction(
        tuple(zip(data.rows, predicted, strict=True)),
        tuple(warnings),
        model.service_seconds,
        model.peak_factor,
    )
