"""The analytic queue model agrees with a SimPy discrete-event simulation."""

from __future__ import annotations

from statistics import fmean

import pytest

from guomen.flows.rules.queueing import hourly_waits
from guomen.flows.simulation import simulate_hours
from guomen.shared.errors import ValidationFailed

SERVICE = 45.0
RATE = 3600.0 / SERVICE


def _simulated(arrivals: list[float], lanes: list[int], peak: float, runs: int) -> list[float]:
    results = [
        simulate_hours(arrivals, lanes, SERVICE, peak_factor=peak, seed=s) for s in range(runs)
    ]
    return [fmean(r[i] for r in results) for i in range(len(arrivals))]


def test_stationary_hours_match_erlang_c() -> None:
    arrivals, lanes = [200.0] * 6, [3] * 6  # ρ = 0.83
    analytic = hourly_waits(arrivals, lanes, RATE)
    simulated = _simulated(arrivals, lanes, 1.0, runs=12)
    assert fmean(simulated[1:]) == pytest.approx(fmean(analytic[1:]), rel=0.3)


def test_overload_and_recovery_match_the_carry_over_model() -> None:
    arrivals, lanes = [300.0, 300.0, 100.0], [3, 3, 3]
    analytic = hourly_waits(arrivals, lanes, RATE, peak_factor=1.5)
    simulated = _simulated(arrivals, lanes, 1.5, runs=12)
    for a, s in zip(analytic, simulated, strict=True):
        assert s == pytest.approx(a, rel=0.25, abs=2.0)
    assert simulated[1] > simulated[0]  # the queue grows through the second busy hour


def test_closing_lanes_lengthens_the_queue() -> None:
    open_all = fmean(simulate_hours([200.0, 200.0], [4, 4], SERVICE, seed=1))
    closing = fmean(simulate_hours([200.0, 200.0], [4, 2], SERVICE, seed=1))
    assert closing > open_all * 3


def test_mismatched_input_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        simulate_hours([100.0], [1, 2], SERVICE)
