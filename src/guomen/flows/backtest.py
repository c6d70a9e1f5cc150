"""Rolling-origin back-tests of the daily forecasters (horizons 1, 7 and 28 days)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from guomen.flows.holiday_calendar import calendar_features
from guomen.flows.metrics import mase, peak_day_error, seasonal_scale, smape
from guomen.flows.model import DailyFlow
from guomen.flows.ports import Forecaster
from guomen.flows.series import build_series
from guomen.shared.errors import ValidationFailed

HORIZONS = (1, 7, 28)
WINDOWS = ("spring_festival", "golden_week", "other_cn_holiday", "hk_holiday")
"""Holiday windows scored separately: a day counts in every window it falls in."""


@dataclass(frozen=True, slots=True)
class Score:
    sid: str
    model: str
    horizon: int
    mase: float
    smape: float
    peak_error: float | None
    holiday_mase: float | None = None
    window_mase: tuple[tuple[str, float], ...] = ()  # MASE per holiday window (see WINDOWS)


def rolling_origins(test_start: date, test_end: date, step_days: int, longest: int) -> list[date]:
    """Training end dates: the first is the day before `test_start`; every window of `longest`
    days ends by `test_end`."""
    if step_days <= 0 or test_end < test_start:
        raise ValidationFailed("the test period is empty or the step is not positive")
    origins: list[date] = []
    origin = test_start - timedelta(days=1)
    while origin + timedelta(days=longest) <= test_end:
        origins.append(origin)
        origin += timedelta(days=step_days)
    if not origins:
        raise ValidationFailed(f"the test period is shorter than {longest} days")
    return origins


def backtest(
    rows: Sequence[DailyFlow],
    test_start: date,
    test_end: date,
    *,
    step_days: int = 28,
    horizons: Sequence[int] = HORIZONS,
    models: Mapping[str, Forecaster],
) -> list[Score]:
    """Scores per series, model and horizon, averaged over the rolling origins. Closed series
    (no traffic in the training tail) are left out."""
    longest = max(horizons)
    actual = {(r.series_id, r.day): float(r.total) for r in rows}
    errors: dict[tuple[str, str, int], list[tuple[float, float, float | None]]] = {}
    holiday: dict[tuple[str, str], list[float]] = {}
    by_window: dict[tuple[str, str], dict[str, list[float]]] = {}
    for origin in rolling_origins(test_start, test_end, step_days, longest):
        series_list, _ = build_series(rows, origin)
        window = [origin + timedelta(days=i) for i in range(1, longest + 1)]
        is_holiday = _holiday_mask(window)
        windows = holiday_windows(window)
        for series in series_list:
            truth = [actual.get((series.sid, d)) for d in window]
            scale = seasonal_scale(series.values)
            if series.closed or scale <= 0 or any(t is None for t in truth):
                continue
            observed = [t for t in truth if t is not None]
            for name, forecaster in models.items():
                predicted = list(forecaster(series, longest).mean)
                for h in horizons:
                    a, f = observed[:h], predicted[:h]
                    item = (mase(a, f, scale), smape(a, f), peak_day_error(a, f))
                    errors.setdefault((series.sid, name, h), []).append(item)
                hol = [
                    abs(a - f) / scale
                    for a, f, m in zip(observed, predicted, is_holiday, strict=True)
                    if m
                ]
                holiday.setdefault((series.sid, name), []).extend(hol)
                slots = by_window.setdefault((series.sid, name), {})
                for truth_d, pred_d, names in zip(observed, predicted, windows, strict=True):
                    for w in names:
                        slots.setdefault(w, []).append(abs(truth_d - pred_d) / scale)
    return [
        _score(key, items, holiday.get(key[:2], []), by_window.get(key[:2], {}))
        for key, items in sorted(errors.items())
    ]


def holiday_windows(days: list[date]) -> list[tuple[str, ...]]:
    """The holiday windows (names from WINDOWS) each day falls in."""
    cols = calendar_features(days).columns
    out: list[tuple[str, ...]] = []
    for i in range(len(days)):
        names = []
        if cols["spring_festival"][i]:
            names.append("spring_festival")
        elif cols["golden_week"][i]:
            names.append("golden_week")
        elif cols["cn_holiday"][i]:
            names.append("other_cn_holiday")
        if cols["hk_holiday"][i]:
            names.append("hk_holiday")
        out.append(tuple(names))
    return out


def _holiday_mask(days: list[date]) -> list[bool]:
    cols = calendar_features(days).columns
    return [bool(c or h) for c, h in zip(cols["cn_holiday"], cols["hk_holiday"], strict=True)]


def _score(
    key: tuple[str, str, int],
    items: list[tuple[float, float, float | None]],
    holiday_errors: list[float],
    window_errors: dict[str, list[float]],
) -> Score:
    peaks = [p for _, _, p in items if p is not None]
    return Score(
        key[0],
        key[1],
        key[2],
        fmean(m for m, _, _ in items),
        fmean(s for _, s, _ in items),
        fmean(peaks) if peaks else None,
        fmean(holiday_errors) if holiday_errors else None,
        tuple((w, fmean(window_errors[w])) for w in WINDOWS if window_errors.get(w)),
    )


def overall(scores: Sequence[Score]) -> dict[str, dict[int, float]]:
    """Mean MASE over series, per model and horizon."""
    table: dict[str, dict[int, list[float]]] = {}
    for s in scores:
        table.setdefault(s.model, {}).setdefault(s.horizon, []).append(s.mase)
    return {m: {h: fmean(v) for h, v in hs.items()} for m, hs in table.items()}
