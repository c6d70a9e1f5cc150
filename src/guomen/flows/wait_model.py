"""Average wait per terminal-hour from passengers and open booths, calibrated on history.

Three predictors share one interface (`fit` on observed hours, `predict` for new hours):
- `HourOfDayMean`: the training mean wait per place and hour of day (baseline 1);
- `PlainErlangC`: stationary M/M/c per hour, service time calibrated, nothing else (baseline 2);
- `CalibratedQueueModel`: the carry-over queue model with within-hour peaks (service time and
  peak factor calibrated), its wait and the load per booth as features next to the hour-of-day
  profile, combined by a robust (least absolute deviation) linear fit that weights recent
  training days more (half-life one year).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import fmean

import numpy as np

from guomen.flows.model import HourlyLoad
from guomen.flows.rules.queueing import RHO_CAP, erlang_c_wait_hours, hour_wait
from guomen.shared.errors import ValidationFailed

SERVICE_GRID = (20.0, 30.0, 40.0, 50.0, 60.0, 75.0, 90.0, 120.0)
PEAK_GRID = (1.0, 2.0, 3.0)
QUEUE_WAIT_CAP = 240.0
HALF_LIFE_DAYS = 365.0
IRLS_ROUNDS = 30

FloatArray = np.ndarray[tuple[int, ...], np.dtype[np.float64]]


def _observed(rows: Sequence[HourlyLoad]) -> list[HourlyLoad]:
    usable = [r for r in rows if r.avg_wait is not None]
    if not usable:
        raise ValidationFailed("the training data has no observed average waits")
    return usable


def wait_errors(predicted: Sequence[float], rows: Sequence[HourlyLoad]) -> tuple[float, float]:
    """(MAE, RMSE) in minutes over rows with an observed wait."""
    diffs = [p - r.avg_wait for p, r in zip(predicted, rows, strict=True) if r.avg_wait is not None]
    if not diffs:
        raise ValidationFailed("no observed waits to compare with")
    return fmean(abs(d) for d in diffs), math.sqrt(fmean(d * d for d in diffs))


@dataclass
class HourOfDayMean:
    by_place_hour: dict[tuple[str, str, int], float] = field(default_factory=dict)
    by_hour: dict[int, float] = field(default_factory=dict)
    overall: float = 0.0

    def fit(self, rows: Sequence[HourlyLoad]) -> HourOfDayMean:
        usable = _observed(rows)
        groups: dict[tuple[str, str, int], list[float]] = {}
        hours: dict[int, list[float]] = {}
        for r in usable:
            assert r.avg_wait is not None
            groups.setdefault((r.airport, r.terminal, r.hour), []).append(r.avg_wait)
            hours.setdefault(r.hour, []).append(r.avg_wait)
        self.by_place_hour = {k: fmean(v) for k, v in groups.items()}
        self.by_hour = {k: fmean(v) for k, v in hours.items()}
        self.overall = fmean(r.avg_wait for r in usable if r.avg_wait is not None)
        return self

    def predict_one(self, r: HourlyLoad) -> float:
        found = self.by_place_hour.get((r.airport, r.terminal, r.hour))
        return found if found is not None else self.by_hour.get(r.hour, self.overall)

    def predict(self, rows: Sequence[HourlyLoad]) -> list[float]:
        return [self.predict_one(r) for r in rows]


def _plain_erlang(r: HourlyLoad, service_seconds: float) -> float:
    if r.booths <= 0:
        return QUEUE_WAIT_CAP if r.passengers > 0 else 0.0
    rate = 3600.0 / service_seconds
    load = min(float(r.passengers), RHO_CAP * r.booths * rate)
    return min(erlang_c_wait_hours(load, rate, r.booths) * 60.0, QUEUE_WAIT_CAP)


@dataclass
class PlainErlangC:
    service_seconds: float = 45.0

    def fit(self, rows: Sequence[HourlyLoad]) -> PlainErlangC:
        usable = _observed(rows)
        fine = tuple(float(s) for s in range(10, 301, 5))
        self.service_seconds = min(
            fine, key=lambda s: wait_errors([_plain_erlang(r, s) for r in usable], usable)[0]
        )
        return self

    def predict(self, rows: Sequence[HourlyLoad]) -> list[float]:
        return [_plain_erlang(r, self.service_seconds) for r in rows]


def queue_waits(
    rows: Sequence[HourlyLoad], service_seconds: float, peak_factor: float
) -> list[float]:
    """Carry-over queue model per row (input order); the queue carries between consecutive
    hours of the same place and day. A row without booths gets the capped wait."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].place, rows[i].day, rows[i].hour))
    out = [0.0] * len(rows)
    backlog, previous = 0.0, None
    for i in order:
        r = rows[i]
        if previous != (r.place, r.day, r.hour - 1):
            backlog = 0.0
        previous = (r.place, r.day, r.hour)
        if r.booths <= 0:
            out[i], backlog = (QUEUE_WAIT_CAP if r.passengers else 0.0), 0.0
            continue
        wait, backlog = hour_wait(
            r.passengers, r.booths, 3600.0 / service_seconds, peak_factor, backlog
        )
        out[i] = min(wait, QUEUE_WAIT_CAP)
    return out


@dataclass
class CalibratedQueueModel:
    service_seconds: float = 45.0
    peak_factor: float = 1.0
    coefficients: tuple[float, ...] = ()
    profile: HourOfDayMean = field(default_factory=HourOfDayMean)

    def fit(self, rows: Sequence[HourlyLoad]) -> CalibratedQueueModel:
        usable = [r for r in _observed(rows) if r.booths > 0]
        if len(usable) < 24:
            raise ValidationFailed("calibration needs at least 24 observed hours with booths")
        self.profile = HourOfDayMean().fit(usable)
        sample = [r for r in usable if r.day.toordinal() % 3 == 0] or usable
        grid = [(s, k) for s in SERVICE_GRID for k in PEAK_GRID]
        self.service_seconds, self.peak_factor = min(
            grid, key=lambda sk: wait_errors(queue_waits(sample, *sk), sample)[0]
        )
        x = self._features(usable)
        y = np.array([r.avg_wait for r in usable], dtype=np.float64)
        last = max(r.day for r in usable)
        recency = np.array(
            [0.5 ** ((last - r.day).days / HALF_LIFE_DAYS) for r in usable], dtype=np.float64
        )
        self.coefficients = tuple(float(c) for c in _robust_fit(x, y, recency))
        return self

    def _features(self, rows: Sequence[HourlyLoad]) -> FloatArray:
        queue = queue_waits(rows, self.service_seconds, self.peak_factor)
        return np.array(
            [
                [
                    1.0,
                    self.profile.predict_one(r),
                    math.log1p(r.passengers / max(r.booths, 1)),
                    math.log1p(r.booths),
                    math.log1p(r.passengers),
                    math.log1p(q),
                ]
                for r, q in zip(rows, queue, strict=True)
            ],
            dtype=np.float64,
        )

    def predict(self, rows: Sequence[HourlyLoad]) -> list[float]:
        if not self.coefficients:
            raise ValidationFailed("the wait model is not calibrated")
        if not rows:
            return []
        fitted = self._features(rows) @ np.array(self.coefficients, dtype=np.float64)
        return [
            max(0.0, float(f)) if r.booths > 0 else self.profile.predict_one(r)
            for r, f in zip(rows, fitted, strict=True)
        ]


def _robust_fit(x: FloatArray, y: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted least absolute deviations by iteratively reweighted least squares."""
    w: FloatArray = weights.copy()
    beta: FloatArray = np.zeros(x.shape[1], dtype=np.float64)
    for _ in range(IRLS_ROUNDS):
        root = np.sqrt(w)
        beta = np.asarray(
            np.linalg.lstsq(x * root[:, None], y * root, rcond=None)[0], dtype=np.float64
        )
        w = np.asarray(weights / np.maximum(np.abs(y - x @ beta), 1.0), dtype=np.float64)
    return beta
