"""Daily series prepared for forecasting: gap filling, reopening after closures, staleness."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from guomen.flows.model import DailyFlow, Direction, split_series_id

CLOSED_RUN_DAYS = 28  # a run of zero days this long marks a closure; training restarts after it
MAX_TRAIN_DAYS = 3 * 365
MIN_TRAIN_DAYS = 56


@dataclass(frozen=True, slots=True)
class DailySeries:
    sid: str
    start: date
    values: tuple[float, ...]

    @property
    def control_point(self) -> str:
        return split_series_id(self.sid)[0]

    @property
    def direction(self) -> Direction:
        return split_series_id(self.sid)[1]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=len(self.values) - 1)

    @property
    def closed(self) -> bool:
        return len(self.values) >= CLOSED_RUN_DAYS and not any(self.values[-CLOSED_RUN_DAYS:])

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(len(self.values))]


@dataclass(frozen=True, slots=True)
class SeriesForecast:
    sid: str
    days: tuple[date, ...]
    mean: tuple[float, ...]
    lo: tuple[float, ...]
    hi: tuple[float, ...]


def build_series(rows: Sequence[DailyFlow], train_end: date) -> tuple[list[DailySeries], list[str]]:
    """One series per control point and direction, up to `train_end`, with notes on what was
    filled or cut."""
    by_sid: dict[str, dict[date, float]] = {}
    for r in rows:
        if r.day <= train_end:
            by_sid.setdefault(r.series_id, {})[r.day] = float(r.total)
    out: list[DailySeries] = []
    notes: list[str] = []
    for sid in sorted(by_sid):
        series, note = _one(sid, by_sid[sid], train_end)
        out.append(series)
        notes.extend(note)
    return out, notes


def _one(sid: str, points: dict[date, float], train_end: date) -> tuple[DailySeries, list[str]]:
    notes: list[str] = []
    first = max(min(points), train_end - timedelta(days=MAX_TRAIN_DAYS - 1))
    n = (train_end - first).days + 1
    values: list[float] = []
    filled = 0
    for i in range(n):
        day = first + timedelta(days=i)
        if day in points:
            values.append(points[day])
            continue
        filled += 1
        values.append(values[i - 7] if i >= 7 else (values[-1] if values else 0.0))
    last = max(points)
    if last < train_end:
        notes.append(f"{sid}: no data after {last}; the last weeks are repeated up to {train_end}")
    elif filled:
        notes.append(f"{sid}: {filled} missing days filled with the value a week earlier")
    start = _reopened_at(values)
    return DailySeries(sid, first + timedelta(days=start), tuple(values[start:])), notes


def _reopened_at(values: Sequence[float]) -> int:
    """Index after the last closure (a zero run of CLOSED_RUN_DAYS or more) that is followed by
    traffic; 0 when there was none."""
    run, start = 0, 0
    for i, v in enumerate(values):
        if v == 0:
            run += 1
            continue
        if run >= CLOSED_RUN_DAYS:
            start = i
        run = 0
    return start
