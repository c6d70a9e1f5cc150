"""Expected arrivals per hour at a port: daily forecasts from its own movements, spread over
the day with its hourly profile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from guomen.flows.hourly import HourCount, HourlyProfile, daily_flows, hourly_profile
from guomen.flows.model import DailyFlow, Direction
from guomen.flows.ports import Forecaster
from guomen.flows.series import DailySeries

HISTORY_DAYS = 70
PROFILE_DAYS = 56


@dataclass(frozen=True, slots=True)
class DayForecast:
    day: date
    direction: Direction
    mean: float
    lo: float
    hi: float


@dataclass(frozen=True, slots=True)
class PortDemand:
    """Forecast travellers per day and direction from `first` on, and the hourly profiles."""

    port_code: str
    days: tuple[DayForecast, ...]
    profiles: dict[Direction, HourlyProfile]
    history_days: int

    def hourly(self, day: date, direction: Direction, field: str = "mean") -> list[float]:
        for d in self.days:
            if d.day == day and d.direction is direction:
                return self.profiles[direction].spread(float(getattr(d, field)))
        return [0.0] * 24


def port_demand(
    port_code: str,
    counts: Sequence[HourCount],
    train_end: date,
    horizon: int,
    forecaster: Forecaster,
) -> PortDemand:
    """Train on the port's daily totals up to `train_end` (days without movements count as 0)
    and forecast `horizon` days after it, per direction."""
    mine = [c for c in counts if c.port_code == port_code and c.local_hour.date() <= train_end]
    rows = daily_flows(mine)
    since = train_end - timedelta(days=PROFILE_DAYS)
    profiles = {
        d: hourly_profile(port_code, d, [c for c in mine if c.local_hour.date() > since])
        for d in Direction
    }
    out: list[DayForecast] = []
    first_day = min((r.day for r in rows), default=train_end)
    for direction in Direction:
        series = _series(port_code, direction, rows, first_day, train_end)
        result = forecaster(series, horizon)
        out.extend(
            DayForecast(d, direction, m, lo, hi)
            for d, m, lo, hi in zip(result.days, result.mean, result.lo, result.hi, strict=True)
        )
    return PortDemand(port_code, tuple(out), profiles, (train_end - first_day).days + 1)


def _series(
    port: str, direction: Direction, rows: Sequence[DailyFlow], first: date, last: date
) -> DailySeries:
    totals = {r.day: float(r.total) for r in rows if r.direction is direction}
    n = (last - first).days + 1
    values = tuple(totals.get(first + timedelta(days=i), 0.0) for i in range(n))
    return DailySeries(f"{port}|{direction.value}", first, values)
