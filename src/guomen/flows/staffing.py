"""Officers needed per hour and skill, from arrivals per hour (rules/lanes) and the port's
establishment (who is on the books, with which skills).

Officers are not yet held in the database, so a port's establishment is a documented synthetic
one (`establishment`): a headcount per port (`HEADCOUNT`, default `DEFAULT_HEADCOUNT`), skills in
fixed proportions and a deterministic leave pattern. A caller may give another headcount (the CLI's
`--officers`, the API's `officers`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from guomen.flows.model import E_GATE, MANUAL_COUNTER, ServiceTarget
from guomen.flows.roster import Officer, Skill
from guomen.flows.rules.lanes import lanes_needed

EGATES_PER_SUPERVISOR = 6
REFERRAL_RATE = 0.01  # share of travellers sent to secondary inspection
SECONDARY_MINUTES = 20.0  # officer time per referral
HEADCOUNT = {
    "LUOHU": 48,
    "FUTIAN": 40,
    "HUANGGANG": 40,
    "SZBAY": 40,
    "GONGBEI": 48,
    "HZMB": 30,
    "WESTKOWLOON": 30,
    "CAN": 40,
    "SZX": 36,
}
DEFAULT_HEADCOUNT = 30
LEAVE_SHARE = 0.04  # share of officer-days on annual leave in the synthetic establishment


@dataclass(frozen=True, slots=True)
class HourNeed:
    hour: int
    arrivals: float
    counter_lanes: int
    egate_lanes: int
    officers: dict[Skill, int]
    wait_minutes: float

    @property
    def total(self) -> int:
        return sum(self.officers.values())


def officers_needed(
    arrivals_by_direction: Sequence[Sequence[float]],
    egate_shares: Sequence[float],
    target: ServiceTarget = ServiceTarget(),
) -> list[HourNeed]:
    """Per hour: counter lanes and e-gates for each direction (queue carried over), officers at
    the counters, e-gate supervisors (one per `EGATES_PER_SUPERVISOR` open e-gates, per hall) and
    secondary inspectors for the expected referrals."""
    n = len(arrivals_by_direction[0]) if arrivals_by_direction else 0
    counters = [0] * n
    egates = [0] * n
    supervisors = [0] * n
    waits = [0.0] * n
    total = [0.0] * n
    for arrivals, share in zip(arrivals_by_direction, egate_shares, strict=True):
        manual = lanes_needed([a * (1 - share) for a in arrivals], MANUAL_COUNTER, target)
        gates = lanes_needed([a * share for a in arrivals], E_GATE, target)
        for h in range(n):
            counters[h] += manual[h].lanes
            egates[h] += gates[h].lanes
            supervisors[h] += math.ceil(gates[h].lanes / EGATES_PER_SUPERVISOR)
            waits[h] = max(waits[h], manual[h].wait_minutes, gates[h].wait_minutes)
            total[h] += arrivals[h]
    out = []
    for h in range(n):
        referrals = total[h] * REFERRAL_RATE
        secondary = math.ceil(referrals * SECONDARY_MINUTES / 60 - 1e-9) if total[h] > 0 else 0
        out.append(
            HourNeed(
                h,
                total[h],
                counters[h],
                egates[h],
                {
                    Skill.COUNTER: counters[h],
                    Skill.EGATE: supervisors[h],
                    Skill.SECONDARY: max(secondary, 1 if total[h] >= 1 else 0),
                },
                waits[h],
            )
        )
    return out


def establishment(
    port_code: str, start: date, days: int, headcount: int | None = None
) -> tuple[Officer, ...]:
    """The synthetic establishment of a port: 60 % counter officers, 20 % e-gate supervisors,
    10 % secondary inspectors, 10 % both counter and e-gate; a seeded leave pattern."""
    n = HEADCOUNT.get(port_code, DEFAULT_HEADCOUNT) if headcount is None else headcount
    rng = random.Random(f"{port_code}:{start.isoformat()}")
    out = []
    for i in range(n):
        r = i % 10
        if r < 6:
            skills = {Skill.COUNTER}
        elif r < 8:
            skills = {Skill.EGATE}
        elif r < 9:
            skills = {Skill.SECONDARY}
        else:
            skills = {Skill.COUNTER, Skill.EGATE}
        leave = frozenset(
            start + timedelta(days=d) for d in range(days) if rng.random() < LEAVE_SHARE
        )
        out.append(Officer(f"{port_code}-{i + 1:03d}", frozenset(skills), leave))
    return tuple(out)
