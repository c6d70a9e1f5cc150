"""Roster entities: skills, shift patterns, officers, rules, the problem and the result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from guomen.shared.errors import ValidationFailed


class Skill(StrEnum):
    COUNTER = "counter"
    EGATE = "egate"  # e-gate supervision
    SECONDARY = "secondary"  # secondary inspection


@dataclass(frozen=True, slots=True)
class ShiftPattern:
    code: str
    start_hour: int
    hours: int = 8

    @property
    def end_hour(self) -> int:
        """Hours after midnight of the shift's own day (30 = 06:00 the next day)."""
        return self.start_hour + self.hours

    @property
    def is_night(self) -> bool:
        return self.end_hour > 24 or self.start_hour < 6

    def covers(self, hour_of_horizon: int, day_index: int) -> bool:
        start = day_index * 24 + self.start_hour
        return start <= hour_of_horizon < start + self.hours


SHIFT_PATTERNS = (
    ShiftPattern("early", 6),
    ShiftPattern("day", 10),
    ShiftPattern("late", 14),
    ShiftPattern("night", 22),
)


@dataclass(frozen=True, slots=True)
class Officer:
    code: str
    skills: frozenset[Skill]
    leave: frozenset[date] = frozenset()
    contract_shifts: int = 5  # per week; fewer for part-time or light duty

    def __post_init__(self) -> None:
        if not self.skills:
            raise ValidationFailed(f"officer {self.code} has no skill")


@dataclass(frozen=True, slots=True)
class RosterRules:
    min_rest_hours: int = 11
    max_shifts_per_week: int = 5
    shortfall_weight: int = 1000  # per officer-hour missing
    overtime_weight: int = 50  # per shift beyond the contract
    fairness_weight: int = 10  # per shift of spread (total and nights)


@dataclass(frozen=True, slots=True)
class RosterProblem:
    start: date
    days: int
    officers: tuple[Officer, ...]
    need: Mapping[Skill, Sequence[int]]  # officers needed per hour of the horizon (days × 24)
    patterns: tuple[ShiftPattern, ...] = SHIFT_PATTERNS
    rules: RosterRules = field(default_factory=RosterRules)

    def __post_init__(self) -> None:
        if not 1 <= self.days <= 8 * 7:
            raise ValidationFailed(f"a roster covers 1 to 56 days, not {self.days}")
        if not self.officers:
            raise ValidationFailed("a roster needs at least one officer")
        if len({o.code for o in self.officers}) != len(self.officers):
            raise ValidationFailed("officer codes must be unique")
        for skill, hours in self.need.items():
            if len(hours) != self.days * 24:
                raise ValidationFailed(f"need for {skill} must give {self.days * 24} hours")
            if any(n < 0 for n in hours):
                raise ValidationFailed(f"need for {skill} cannot be negative")


@dataclass(frozen=True, slots=True)
class Assignment:
    officer: str
    day: date
    shift: str
    skill: Skill


@dataclass(frozen=True, slots=True)
class Shortfall:
    day: date
    hour: int
    skill: Skill
    needed: int
    rostered: int
    reason: str

    @property
    def missing(self) -> int:
        return self.needed - self.rostered


@dataclass(frozen=True, slots=True)
class Roster:
    start: date
    days: int
    status: str  # optimal | feasible | infeasible | unknown
    assignments: tuple[Assignment, ...]
    shortfalls: tuple[Shortfall, ...]
    overtime_shifts: int
    shift_spread: int
    night_spread: int
    solve_seconds: float
    objective: float

    def on_duty(self, skill: Skill | None = None) -> list[int]:
        """Officers on duty per hour of the horizon (in `skill`, or in any)."""
        counts = [0] * (self.days * 24)
        patterns = {p.code: p for p in SHIFT_PATTERNS}
        for a in self.assignments:
            if skill is not None and a.skill is not skill:
                continue
            p = patterns[a.shift]
            first = (a.day - self.start).days * 24 + p.start_hour
            for h in range(first, min(first + p.hours, len(counts))):
                counts[h] += 1
        return counts
