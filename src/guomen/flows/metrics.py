"""Forecast error measures (pure): MASE, sMAPE and the error on the peak day."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean


def seasonal_scale(history: Sequence[float], season: int = 7) -> float:
    """Mean absolute seasonal difference of the training data: the MASE denominator."""
    diffs = [abs(history[i] - history[i - season]) for i in range(season, len(history))]
    return fmean(diffs) if diffs else 0.0


def mase(actual: Sequence[float], forecast: Sequence[float], scale: float) -> float:
    if scale <= 0:
        raise ValueError("the MASE scale must be positive")
    return fmean(abs(a - f) for a, f in zip(actual, forecast, strict=True)) / scale


def smape(actual: Sequence[float], forecast: Sequence[float]) -> float:
    """Symmetric MAPE in percent (0–200); days where both are zero count as exact."""
    terms = [
        0.0 if a == f == 0 else 200.0 * abs(a - f) / (abs(a) + abs(f))
        for a, f in zip(actual, forecast, strict=True)
    ]
    return fmean(terms)


def peak_day_error(actual: Sequence[float], forecast: Sequence[float]) -> float | None:
    """Relative error (0.1 = 10 %) of the forecast on the day with the most travellers."""
    peak = max(range(len(actual)), key=lambda i: actual[i])
    if actual[peak] <= 0:
        return None
    return abs(forecast[peak] - actual[peak]) / actual[peak]
