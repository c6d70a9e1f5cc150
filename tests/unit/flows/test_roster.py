"""Rosters (CP-SAT): the hard rules always hold, shortfall is explained, same input same roster."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from guomen.flows.roster import (
    SHIFT_PATTERNS,
    Officer,
    RosterProblem,
    Skill,
    solve_roster,
)
from guomen.flows.staffing import establishment, officers_needed
from guomen.shared.errors import ValidationFailed

START = date(2026, 2, 9)  # a Monday
PATTERNS = {p.code: p for p in SHIFT_PATTERNS}


def team(
    counter: int, egate: int = 0, secondary: int = 0, **leave: set[date]
) -> tuple[Officer, ...]:
    out = []
    for prefix, n, skill in (("C", counter, Skill.COUNTER), ("E", egate, Skill.EGATE),
                             ("S", secondary, Skill.SECONDARY)):  # fmt: skip
        for i in range(n):
            code = f"{prefix}{i}"
            out.append(Officer(code, frozenset({skill}), frozenset(leave.get(code, set()))))
    return tuple(out)


def flat(days: int, per_hour: int, hours: range = range(24)) -> list[int]:
    return [per_hour if h % 24 in hours else 0 for h in range(days * 24)]


def absolute_start(day: date, shift: str) -> int:
    return (day - START).days * 24 + PATTERNS[shift].start_hour


def test_hard_rules_hold_when_demand_is_far_above_the_headcount() -> None:
    days = 14
    officers = team(6, 3, 1, C0={START + timedelta(days=3)}, E1={START, START + timedelta(days=9)})
    need = {
        Skill.COUNTER: flat(days, 5),
        Skill.EGATE: flat(days, 3),
        Skill.SECONDARY: flat(days, 1),
    }
    roster = solve_roster(RosterProblem(START, days, officers, need), time_limit_s=1)
    assert roster.status in ("optimal", "feasible")
    by_officer = defaultdict(list)
    for a in roster.assignments:
        by_officer[a.officer].append(a)
    skills = {o.code: o.skills for o in officers}
    leave = {o.code: o.leave for o in officers}
    for code, shifts in by_officer.items():
        shifts.sort(key=lambda a: absolute_start(a.day, a.shift))
        assert len({a.day for a in shifts}) == len(shifts), "two shifts on one day"
        for a in shifts:
            assert a.skill in skills[code]
            assert a.day not in leave[code]
        for prev, nxt in itertools.pairwise(shifts):
            rest = absolute_start(nxt.day, nxt.shift) - (
                absolute_start(prev.day, prev.shift) + PATTERNS[prev.shift].hours
            )
            assert rest >= 11, (code, prev, nxt)
        weeks = Counter((a.day - START).days // 7 for a in shifts)
        assert max(weeks.values()) <= 5
    # Demand this high leaves hours short, and each is explained.
    assert roster.shortfalls
    assert all(s.reason and s.missing > 0 for s in roster.shortfalls)


def test_a_small_headcount_is_named_as_the_reason() -> None:
    days = 7
    need = {Skill.COUNTER: flat(days, 3, range(10, 12))}
    roster = solve_roster(RosterProblem(START, days, team(2), need), time_limit_s=2)
    assert len(roster.shortfalls) == days * 2
    first = roster.shortfalls[0]
    assert (first.day, first.hour, first.skill, first.needed) == (START, 10, Skill.COUNTER, 3)
    assert first.rostered == 2
    assert first.reason.startswith("headcount: only 2 officers hold the counter skill")


def test_leave_is_respected_and_named_when_it_causes_the_gap() -> None:
    days = 3  # 3 officers × 3 days: the 5-shift week does not bind
    off = START + timedelta(days=2)
    need = {Skill.COUNTER: flat(days, 3, range(10, 12))}
    roster = solve_roster(RosterProblem(START, days, team(3, C1={off}), need), time_limit_s=2)
    assert not [a for a in roster.assignments if a.officer == "C1" and a.day == off]
    short = {(s.day, s.hour) for s in roster.shortfalls}
    assert short == {(off, 10), (off, 11)}
    assert roster.shortfalls[0].reason.startswith("leave: 1 of the 3 counter officers")


def test_the_weekly_cap_and_rest_rules_are_named_when_officers_are_worked_out() -> None:
    # 3 counter officers, 1 needed around the clock: 21 shifts a week, but 3 × 5 = 15 at most.
    days = 7
    roster = solve_roster(
        RosterProblem(START, days, team(3), {Skill.COUNTER: flat(days, 1)}), time_limit_s=1
    )
    assert roster.shortfalls
    assert all(s.reason.startswith("rest rules") for s in roster.shortfalls)
    assert len(roster.assignments) == 15


def test_same_problem_and_seed_give_the_same_roster() -> None:
    days = 7
    need = {Skill.COUNTER: flat(days, 2, range(6, 22)), Skill.EGATE: flat(days, 1, range(8, 20))}
    problem = RosterProblem(START, days, team(6, 3), need)
    a = solve_roster(problem, time_limit_s=2, seed=3)
    b = solve_roster(problem, time_limit_s=2, seed=3)
    assert a.assignments == b.assignments
    assert a.shortfalls == b.shortfalls == ()


def test_nights_are_shared_fairly() -> None:
    days = 14
    need = {Skill.COUNTER: flat(days, 2, range(22, 24))}
    roster = solve_roster(RosterProblem(START, days, team(8), need), time_limit_s=3)
    nights = Counter(a.officer for a in roster.assignments if a.shift == "night")
    assert sum(nights.values()) >= days * 2
    assert roster.night_spread <= 1
    assert max(nights.values()) - min(nights.get(f"C{i}", 0) for i in range(8)) <= 1


@pytest.mark.parametrize(
    ("officers", "need", "message"),
    [
        ((), {Skill.COUNTER: flat(1, 1)}, "at least one officer"),
        (team(1) + team(1), {Skill.COUNTER: flat(1, 1)}, "unique"),
        (team(1), {Skill.COUNTER: [1] * 23}, "must give 24 hours"),
        (team(1), {Skill.COUNTER: [-1] * 24}, "cannot be negative"),
    ],
)
def test_bad_problems_are_refused(officers, need, message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        RosterProblem(START, 1, officers, need)


def test_a_time_limit_out_of_range_is_refused() -> None:
    problem = RosterProblem(START, 1, team(1), {Skill.COUNTER: flat(1, 1)})
    with pytest.raises(ValidationFailed, match="time limit"):
        solve_roster(problem, time_limit_s=0)


def test_officers_needed_follow_the_arrivals_and_the_establishment_is_stable() -> None:
    quiet = officers_needed([[0.0] * 24, [0.0] * 24], [0.6, 0.6])
    assert all(n.total == 0 for n in quiet)
    busy = officers_needed([[2000.0] * 24, [0.0] * 24], [0.5, 0.5])
    # 1000 counter travellers/h at 45 s each = 12.5 lane-hours: once the first hour's queue is
    # carried over, at least 13 counters.
    assert busy[12].officers[Skill.COUNTER] >= 13
    assert busy[12].officers[Skill.EGATE] >= 1
    assert busy[12].officers[Skill.SECONDARY] >= 6  # 20 referrals × 20 min
    a = establishment("LUOHU", START, 28)
    assert a == establishment("LUOHU", START, 28)
    assert len(a) == 48 and len(establishment("LUOHU", START, 28, headcount=5)) == 5
