"""Discrete-event simulation (SimPy) of an inspection hall, to check the analytic queue model.

Travellers arrive as a Poisson stream whose rate follows the same within-hour peak profile as
the analytic model; lanes open and close at the top of each hour (an officer finishes the
traveller in front of them before closing). Waits are reported per hour of arrival.
"""

from __future__ import annotations

import random
from collections.abc import Generator, Sequence
from statistics import fmean
from typing import Any

import simpy

from guomen.flows.rules.queueing import peak_quarters
from guomen.shared.errors import ValidationFailed

TRAVELLER, CLOSED_LANE = 1, 0  # PriorityResource: lower number is served first
DRAIN_HOURS = 72.0

Process = Generator[Any, Any, None]


def simulate_hours(
    arrivals: Sequence[float],
    lanes: Sequence[int],
    service_seconds: float,
    *,
    peak_factor: float = 1.0,
    seed: int = 0,
    exponential: bool = True,
) -> list[float]:
    """Mean wait in minutes of the travellers arriving in each hour (0 for an empty hour)."""
    if len(arrivals) != len(lanes) or not lanes:
        raise ValidationFailed("arrivals and lanes must cover the same, non-empty, hours")
    if min(lanes) < 0 or service_seconds <= 0:
        raise ValidationFailed("lanes cannot be negative and service time must be positive")
    env = simpy.Environment()
    top = max(max(lanes), 1)
    hall = simpy.PriorityResource(env, capacity=top)
    rng = random.Random(seed)
    waits: list[list[float]] = [[] for _ in arrivals]
    end = len(lanes) + DRAIN_HOURS
    for hour, open_lanes in enumerate(lanes):
        until = hour + 1.0 if hour + 1 < len(lanes) else end
        for _ in range(top - open_lanes):
            env.process(_closed_lane(env, hall, float(hour), until))
    service_hours = service_seconds / 3600.0
    times = _arrival_times(arrivals, lanes, peak_factor, rng)
    env.process(_arrive(env, hall, times, waits, service_hours, exponential, rng))
    env.run(until=end)
    return [fmean(w) * 60.0 if w else 0.0 for w in waits]


def _arrival_times(
    arrivals: Sequence[float], lanes: Sequence[int], peak_factor: float, rng: random.Random
) -> list[float]:
    times: list[float] = []
    for hour, (count, open_lanes) in enumerate(zip(arrivals, lanes, strict=True)):
        for q, period in enumerate(peak_quarters(count, open_lanes, peak_factor)):
            start = hour + q * period.hours
            rate = period.arrivals / period.hours
            t = start
            while rate > 0:
                t += rng.expovariate(rate)
                if t >= start + period.hours:
                    break
                times.append(t)
    return times


def _closed_lane(
    env: simpy.Environment, hall: simpy.PriorityResource, start: float, until: float
) -> Process:
    yield env.timeout(start)
    with hall.request(priority=CLOSED_LANE) as lane:
        result = yield lane | env.timeout(until - env.now)
        if lane in result:
            yield env.timeout(max(0.0, until - env.now))


def _arrive(
    env: simpy.Environment,
    hall: simpy.PriorityResource,
    times: list[float],
    waits: list[list[float]],
    service_hours: float,
    exponential: bool,
    rng: random.Random,
) -> Process:
    for t in times:
        yield env.timeout(t - env.now)
        duration = rng.expovariate(1.0 / service_hours) if exponential else service_hours
        env.process(_traveller(env, hall, waits[int(t)], duration))


def _traveller(
    env: simpy.Environment, hall: simpy.PriorityResource, bucket: list[float], duration: float
) -> Process:
    arrived = env.now
    with hall.request(priority=TRAVELLER) as desk:
        yield desk
        bucket.append(env.now - arrived)
        yield env.timeout(duration)
