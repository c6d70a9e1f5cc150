"""Lanes needed per hour so that the mean wait stays within a service target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from guomen.flows.model import LaneType, ServiceTarget
from guomen.flows.rules.queueing import hour_wait
from guomen.shared.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class HourPlan:
    hour: int
    arrivals: float
    lanes: int
    wait_minutes: float
    status: str
    reason: str


def lanes_needed(
    arrivals: Sequence[float],
    lane: LaneType,
    target: ServiceTarget = ServiceTarget(),
    *,
    wait_goal: float | None = None,
    peak_factor: float = 1.0,
    max_lanes: int = 200,
    first_hour: int = 0,
) -> list[HourPlan]:
    """Fewest lanes per hour keeping the mean wait under `wait_goal` minutes (default: the
    "open lanes" threshold, so the plan leaves headroom before the pledge), hour by hour with the
    queue carried over. Hours that cannot be met even with `max_lanes` say so."""
    goal = target.open_lanes_at if wait_goal is None else wait_goal
    if goal <= 0 or max_lanes <= 0:
        raise ValidationFailed("the wait goal and the lane limit must be positive")
    plans: list[HourPlan] = []
    backlog = 0.0
    for offset, a in enumerate(arrivals):
        if a < 0:
            raise ValidationFailed(f"arrivals cannot be negative (hour {first_hour + offset})")
        lanes, wait, backlog_out = _fewest_lanes(a, lane, goal, peak_factor, max_lanes, backlog)
        reason = (
            f"{lanes} {lane.name} lanes at {lane.service_seconds:g} s/traveller keep the mean "
            f"wait at {wait:.1f} min (goal {goal:g})"
            if wait <= goal
            else f"even {max_lanes} {lane.name} lanes leave a {wait:.1f} min wait"
        )
        plans.append(HourPlan(first_hour + offset, a, lanes, wait, target.status(wait), reason))
        backlog = backlog_out
    return plans


def _fewest_lanes(
    arrivals: float,
    lane: LaneType,
    goal: float,
    peak_factor: float,
    max_lanes: int,
    backlog: float,
) -> tuple[int, float, float]:
    if arrivals <= 0 and backlog <= 0:
        return 0, 0.0, 0.0
    wait, out = 0.0, 0.0
    for lanes in range(1, max_lanes + 1):
        wait, out = hour_wait(arrivals, lanes, lane.rate_per_hour, peak_factor, backlog)
        if wait <= goal:
            return lanes, wait, out
    return max_lanes, wait, out
