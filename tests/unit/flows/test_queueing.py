"""Erlang C, carry-over between hours, within-hour peaks and lanes needed per hour."""

from __future__ import annotations

import math

import pytest

from guomen.flows.model import E_GATE, MANUAL_COUNTER, ServiceTarget
from guomen.flows.rules.lanes import lanes_needed
from guomen.flows.rules.queueing import (
    Period,
    day_waits,
    erlang_c,
    erlang_c_wait_hours,
    hourly_waits,
    peak_quarters,
)
from guomen.shared.errors import ValidationFailed


def test_erlang_c_matches_textbook_values() -> None:
    assert erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: P(wait) = ρ
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(3, 0.0) == 0.0
    assert erlang_c(3, 3.5) == 1.0


def test_mm1_wait_is_rho_over_mu_minus_lambda() -> None:
    lam, mu = 60.0, 80.0
    assert erlang_c_wait_hours(lam, mu, 1) == pytest.approx((lam / mu) / (mu - lam))
    assert math.isinf(erlang_c_wait_hours(200.0, 80.0, 2))


def test_overloaded_hour_carries_its_queue_into_the_next() -> None:
    # 3 counters serve 240 an hour; 400 arrive, so about 160 are still queueing at the end.
    busy, after = day_waits([Period(400, 3), Period(100, 3)], MANUAL_COUNTER.rate_per_hour)
    assert busy.backlog_out == pytest.approx(160)
    quiet_alone = day_waits([Period(100, 3)], MANUAL_COUNTER.rate_per_hour)[0]
    assert after.wait_minutes > quiet_alone.wait_minutes + 10
    assert after.backlog_out == pytest.approx(20)  # 160 + 100 - 240


def test_within_hour_peak_raises_the_wait() -> None:
    even = hourly_waits([200], [3], MANUAL_COUNTER.rate_per_hour, peak_factor=1.0)[0]
    peaked = hourly_waits([200], [3], MANUAL_COUNTER.rate_per_hour, peak_factor=2.5)[0]
    assert peaked > even * 2


def test_peak_quarters_keep_the_hour_total() -> None:
    quarters = peak_quarters(400, 4, 2.0)
    assert sum(q.arrivals for q in quarters) == pytest.approx(400)
    assert quarters[0].arrivals == pytest.approx(200)
    with pytest.raises(ValidationFailed):
        peak_quarters(400, 4, 5.0)


def test_negative_arrivals_are_refused() -> None:
    with pytest.raises(ValidationFailed):
        hourly_waits([-1], [2], 80.0)


def test_lanes_needed_meet_the_goal_every_hour() -> None:
    arrivals = [300.0, 1200.0, 2400.0, 600.0, 0.0]
    plan = lanes_needed(arrivals, MANUAL_COUNTER, peak_factor=1.5)
    assert [p.hour for p in plan] == [0, 1, 2, 3, 4]
    assert all(p.wait_minutes <= 15 for p in plan)
    assert plan[2].lanes > plan[1].lanes > plan[0].lanes
    assert plan[-1].lanes == 0
    alone = lanes_needed([2400.0], MANUAL_COUNTER, peak_factor=1.5)[0].lanes
    fewer = hourly_waits([2400.0], [alone - 1], MANUAL_COUNTER.rate_per_hour, 1.5)[0]
    assert fewer > 15  # the plan is the fewest: one lane fewer would break the goal


def test_e_gates_need_fewer_lanes_than_counters() -> None:
    counters = lanes_needed([1500.0], MANUAL_COUNTER)[0].lanes
    gates = lanes_needed([1500.0], E_GATE)[0].lanes
    assert gates < counters / 3


def test_an_impossible_hour_says_so() -> None:
    plan = lanes_needed([5000.0], MANUAL_COUNTER, max_lanes=5)[0]
    assert plan.lanes == 5
    assert plan.status == "pledge-broken"
    assert "even 5 counter lanes" in plan.reason


def test_pledge_thresholds() -> None:
    target = ServiceTarget()
    assert [target.status(w) for w in (5, 15, 24.9, 25, 30, 31)] == [
        "ok",
        "open-lanes",
        "open-lanes",
        "emergency-plan",
        "emergency-plan",
        "pledge-broken",
    ]
