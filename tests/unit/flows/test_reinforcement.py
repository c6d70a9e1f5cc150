"""Reinforcement in a duty region: lenders keep their own targets, the nearest spare officers go
first, and nothing is proposed when nobody can be spared."""

from __future__ import annotations

import pytest

from guomen.flows.reinforcement import PortDay, plan_reinforcement
from guomen.flows.travel import travel_minutes
from guomen.shared.errors import ValidationFailed

SHIFTS = ("early", "day", "late", "night")


def port(code: str, need: int, duty: int, per_shift: int) -> PortDay:
    return PortDay(code, (need,) * 24, (duty,) * 24, dict.fromkeys(SHIFTS, per_shift))


def test_lenders_never_fall_below_their_own_need() -> None:
    ports = [port("LUOHU", 12, 4, 2), port("FUTIAN", 5, 8, 4), port("HUANGGANG", 7, 8, 4)]
    plan = plan_reinforcement(ports)
    assert plan.moves
    lent: dict[tuple[str, str], int] = {}
    for m in plan.moves:
        assert m.to_port == "LUOHU"
        lent[(m.from_port, m.shift)] = lent.get((m.from_port, m.shift), 0) + m.officers
    # FUTIAN has 3 spare in every hour, HUANGGANG 1: across overlapping shifts, never more.
    for lender, spare in (("FUTIAN", 3), ("HUANGGANG", 1)):
        assert sum(n for (p, _), n in lent.items() if p == lender) <= spare * len(SHIFTS)
        assert all(n <= spare for (p, _), n in lent.items() if p == lender)


def test_the_nearest_spare_officers_are_chosen() -> None:
    # LUOHU needs 2 more on each shift; FUTIAN (~30 min) and GONGBEI (~2 h) could both lend 2.
    ports = [port("LUOHU", 6, 4, 2), port("FUTIAN", 2, 4, 2), port("GONGBEI", 2, 4, 2)]
    assert travel_minutes("FUTIAN", "LUOHU") < travel_minutes("GONGBEI", "LUOHU")  # type: ignore[operator]
    plan = plan_reinforcement(ports)
    early = [m for m in plan.moves if m.shift == "early"]
    assert [(m.from_port, m.officers) for m in early] == [("FUTIAN", 2)]
    assert "FUTIAN has 2 spare" in early[0].reason
    assert plan.gaps == () or all(g.port_code == "LUOHU" for g in plan.gaps)


def test_no_proposal_when_nobody_has_spare_capacity() -> None:
    ports = [port("LUOHU", 12, 4, 2), port("FUTIAN", 8, 8, 4), port("HUANGGANG", 9, 8, 4)]
    plan = plan_reinforcement(ports)
    assert plan.moves == ()
    assert {g.shift for g in plan.gaps} == set(SHIFTS)
    short = {(g.port_code, g.officers) for g in plan.gaps}
    assert short == {("LUOHU", 8), ("HUANGGANG", 1)}  # HUANGGANG is itself one short
    assert "no port in the region has officers to spare" in plan.gaps[0].reason


def test_lenders_out_of_reach_are_not_asked() -> None:
    ports = [port("LUOHU", 6, 4, 2), port("URC", 1, 8, 4)]  # Urumqi: thousands of km away
    plan = plan_reinforcement(ports)
    assert plan.moves == ()
    assert "within 180 minutes" in plan.gaps[0].reason


def test_no_moves_when_every_port_is_covered() -> None:
    plan = plan_reinforcement([port("LUOHU", 4, 4, 2), port("FUTIAN", 2, 4, 2)])
    assert plan.moves == () and plan.gaps == ()


def test_a_port_day_must_give_24_hours() -> None:
    with pytest.raises(ValidationFailed, match="24 hours"):
        PortDay("LUOHU", (1,) * 23, (1,) * 24, {})


def test_travel_times_are_estimated_from_coordinates() -> None:
    near = travel_minutes("LUOHU", "FUTIAN")
    assert near is not None and 20 < near < 40
    assert travel_minutes("LUOHU", "LUOHU") == 0
    assert travel_minutes("LUOHU", "NOWHERE") is None
