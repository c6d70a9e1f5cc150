"""Why a roster leaves an hour short: headcount, leave, rest rules, or the time limit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from guomen.flows.roster_model import Officer, Roster, RosterProblem, ShiftPattern, Shortfall, Skill


def with_explanations(roster: Roster, problem: RosterProblem) -> Roster:
    shortfalls = []
    free = _FreeOfficers(problem, roster)
    for skill, hours in problem.need.items():
        duty = roster.on_duty(skill)
        for h, needed in enumerate(hours):
            if duty[h] >= needed or h < first_covered(problem.patterns):
                continue
            day = problem.start + timedelta(days=h // 24)
            spare = free.count(skill, h)
            reason = (
                f"time limit: {spare} {skill.value} officers could still have covered this hour; "
                "the solver stopped before the optimum (give it more time)"
                if spare
                else explain(problem, skill, day, needed)
            )
            shortfalls.append(Shortfall(day, h % 24, skill, needed, duty[h], reason))
    shortfalls.sort(key=lambda s: (s.day, s.hour, s.skill))
    return Roster(
        roster.start,
        roster.days,
        roster.status,
        roster.assignments,
        tuple(shortfalls),
        roster.overtime_shifts,
        roster.shift_spread,
        roster.night_spread,
        roster.solve_seconds,
        roster.objective,
    )


class _FreeOfficers:
    """Officers who could take one more shift covering a given hour without breaking a rule."""

    def __init__(self, problem: RosterProblem, roster: Roster) -> None:
        self.p = problem
        self.by_code = {o.code: o for o in problem.officers}
        self.shifts: dict[str, dict[int, ShiftPattern]] = {o.code: {} for o in problem.officers}
        patterns = {p.code: p for p in problem.patterns}
        for a in roster.assignments:
            self.shifts[a.officer][(a.day - problem.start).days] = patterns[a.shift]

    def count(self, skill: Skill, hour: int) -> int:
        return sum(
            1
            for o in self.p.officers
            if skill in o.skills and any(self._can(o, d, p, hour) for d, p in self._slots(hour))
        )

    def _slots(self, hour: int) -> list[tuple[int, ShiftPattern]]:
        return [
            (d, p)
            for p in self.p.patterns
            for d in (hour // 24 - 1, hour // 24)
            if 0 <= d < self.p.days and p.covers(hour, d)
        ]

    def _can(self, o: Officer, d: int, p: ShiftPattern, hour: int) -> bool:
        mine = self.shifts[o.code]
        if d in mine or self.p.start + timedelta(days=d) in o.leave:
            return False
        week = d // 7
        if sum(1 for x in mine if x // 7 == week) >= self.p.rules.max_shifts_per_week:
            return False
        rest = self.p.rules.min_rest_hours
        before, after = mine.get(d - 1), mine.get(d + 1)
        if before is not None and 24 + p.start_hour - before.end_hour < rest:
            return False
        return not (after is not None and 24 + after.start_hour - p.end_hour < rest)


def first_covered(patterns: Sequence[ShiftPattern]) -> int:
    """Hours of the first day before any shift starts are covered by the night shift of the
    previous roster, so they are left out of this one."""
    return min(p.start_hour for p in patterns)


def explain(problem: RosterProblem, skill: Skill, day: date, needed: int) -> str:
    """Why an hour is short: too few officers hold the skill (headcount), too many of them are
    on leave, or the rest rules and the 5-shift week leave none of the others free."""
    qualified = [o for o in problem.officers if skill in o.skills]
    present = [o for o in qualified if day not in o.leave]
    if len(qualified) < needed:
        return (
            f"headcount: only {len(qualified)} officers hold the {skill.value} skill, "
            f"{needed} are needed"
        )
    if len(present) < needed:
        return (
            f"leave: {len(qualified) - len(present)} of the {len(qualified)} {skill.value} "
            f"officers are on leave that day, {needed} are needed"
        )
    return (
        f"rest rules: the {len(present)} {skill.value} officers present are needed in other "
        f"hours or skills (≤ {problem.rules.max_shifts_per_week} shifts a week, "
        f"≥ {problem.rules.min_rest_hours} h rest between shifts)"
    )
