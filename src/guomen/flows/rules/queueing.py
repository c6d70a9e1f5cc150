"""Erlang C (M/M/c) waits with carry-over of unserved queues between periods.

A day is a sequence of periods (clock hours, or quarter hours when an hour has a within-hour
peak). Within a period the stationary Erlang C wait is used while the lanes keep up; when
arrivals outrun the lanes, the excess is carried as a fluid backlog into the next period, and
every traveller arriving meanwhile also waits for that backlog to clear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from guomen.shared.errors import ValidationFailed

RHO_CAP = 0.97  # beyond this the stationary formula is meaningless; the backlog term takes over
QUARTERS = 4


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival must queue (Erlang C) for `offered_load` = λ/μ erlangs."""
    if servers <= 0:
        raise ValidationFailed("the number of lanes must be positive")
    if offered_load <= 0:
        return 0.0
    if offered_load >= servers:
        return 1.0
    term, total = 1.0, 1.0  # Erlang B by the stable recursion, then convert to Erlang C
    for k in range(1, servers + 1):
        term = offered_load * term / (k + offered_load * term)
        total = term
    rho = offered_load / servers
    return total / (1.0 - rho + rho * total)


def erlang_c_wait_hours(arrivals_per_hour: float, rate_per_lane: float, lanes: int) -> float:
    """Mean queueing time (hours) in a stationary M/M/c queue; infinite when overloaded."""
    if arrivals_per_hour <= 0:
        return 0.0
    if lanes <= 0 or rate_per_lane <= 0:
        return math.inf
    capacity = lanes * rate_per_lane
    if arrivals_per_hour >= capacity:
        return math.inf
    load = arrivals_per_hour / rate_per_lane
    return erlang_c(lanes, load) / (capacity - arrivals_per_hour)


@dataclass(frozen=True, slots=True)
class Period:
    """Arrivals and open lanes over `hours` (1.0 for a clock hour, 0.25 for a quarter)."""

    arrivals: float
    lanes: int
    hours: float = 1.0


@dataclass(frozen=True, slots=True)
class PeriodWait:
    wait_minutes: float
    backlog_in: float
    backlog_out: float
    utilisation: float


def period_wait(period: Period, rate_per_lane: float, backlog_in: float) -> PeriodWait:
    """Mean wait of travellers arriving in one period, and the backlog left at its end."""
    capacity = period.lanes * rate_per_lane  # travellers per hour
    rate = period.arrivals / period.hours
    if capacity <= 0:
        backlog_out = backlog_in + period.arrivals
        return PeriodWait(math.inf if backlog_out > 0 else 0.0, backlog_in, backlog_out, math.inf)
    rho = rate / capacity
    stationary = erlang_c_wait_hours(min(rate, RHO_CAP * capacity), rate_per_lane, period.lanes)
    drift = rate - capacity
    backlog_out = max(0.0, backlog_in + drift * period.hours)
    mean_backlog, busy = _fluid(backlog_in, backlog_out, drift, period.hours)
    # While a fluid backlog stands the random queue is part of it: count the stationary wait
    # only for the share of the period with no backlog.
    wait_hours = stationary * (1.0 - busy) + mean_backlog / capacity
    return PeriodWait(wait_hours * 60.0, backlog_in, backlog_out, rho)


def _fluid(
    backlog_in: float, backlog_out: float, drift: float, hours: float
) -> tuple[float, float]:
    """Mean fluid backlog over the period and the share of the period it is non-zero."""
    if drift >= 0:
        busy = 1.0 if backlog_out > 0 else 0.0
        return (backlog_in + backlog_out) / 2, busy
    drain_hours = backlog_in / -drift
    if drain_hours >= hours:
        return (backlog_in + backlog_out) / 2, 1.0
    return backlog_in * drain_hours / (2 * hours), drain_hours / hours


def day_waits(
    periods: Sequence[Period], rate_per_lane: float, backlog: float = 0.0
) -> list[PeriodWait]:
    """Waits period by period, carrying the unserved queue forward."""
    out: list[PeriodWait] = []
    for p in periods:
        result = period_wait(p, rate_per_lane, backlog)
        backlog = result.backlog_out
        out.append(result)
    return out


def peak_quarters(arrivals: float, lanes: int, peak_factor: float) -> list[Period]:
    """Split an hour into four quarters: the first at `peak_factor` × the hourly mean rate, the
    other three sharing the rest. A factor of 1 means arrivals are even over the hour."""
    if not 1.0 <= peak_factor <= QUARTERS:
        raise ValidationFailed(f"the within-hour peak factor must be in 1..4, not {peak_factor}")
    peak = arrivals * peak_factor / QUARTERS
    rest = (arrivals - peak) / (QUARTERS - 1)
    return [Period(peak, lanes, 0.25)] + [Period(rest, lanes, 0.25) for _ in range(3)]


def hour_wait(
    arrivals: float, lanes: int, rate_per_lane: float, peak_factor: float, backlog: float
) -> tuple[float, float]:
    """Mean wait (minutes) of one clock hour's arrivals and the backlog left at its end."""
    if arrivals < 0 or lanes < 0:
        raise ValidationFailed("arrivals and lanes cannot be negative")
    periods = peak_quarters(arrivals, lanes, peak_factor)
    results = day_waits(periods, rate_per_lane, backlog)
    pairs = [(r, p) for r, p in zip(results, periods, strict=True) if p.arrivals > 0]
    total = sum(p.arrivals for _, p in pairs)
    wait = sum(r.wait_minutes * p.arrivals for r, p in pairs) / total if total > 0 else 0.0
    return wait, results[-1].backlog_out


def hourly_waits(
    arrivals: Sequence[float],
    lanes: Sequence[int],
    rate_per_lane: float,
    peak_factor: float = 1.0,
    backlog: float = 0.0,
) -> list[float]:
    """Mean wait (minutes) per clock hour, with within-hour peaks and carry-over."""
    if len(arrivals) != len(lanes):
        raise ValidationFailed("arrivals and lanes must cover the same hours")
    waits: list[float] = []
    for a, c in zip(arrivals, lanes, strict=True):
        wait, backlog = hour_wait(a, c, rate_per_lane, peak_factor, backlog)
        waits.append(wait)
    return waits
