"""A greedy first roster, given to CP-SAT as a hint so that large problems (200 officers × 4
weeks) start from a sensible solution instead of an empty one.

Day by day and skill by skill (scarcest first), one officer at a time goes to the shift that
covers the most hours still short, choosing among those who may work it (present, under the
weekly cap, rested) the one who has worked least so far.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guomen.flows.roster_model import RosterProblem, Skill

Hint = list[tuple[int, int, int, "Skill"]]  # (officer index, day index, pattern index, skill)


def greedy_roster(problem: RosterProblem) -> Hint:
    p = problem
    cover: dict[Skill, list[int]] = {k: [0] * (p.days * 24) for k in p.need}
    worked: dict[int, dict[int, int]] = {i: {} for i in range(len(p.officers))}
    totals = [0] * len(p.officers)
    out: Hint = []
    scarce = sorted(p.need, key=lambda k: sum(1 for o in p.officers if k in o.skills))
    for d in range(p.days):
        for skill in scarce:
            while True:
                gains = [(_gain(p, cover, skill, d, s), s) for s in range(len(p.patterns))]
                gain, s = max(gains)
                if gain <= 0:
                    break
                pick = _best(p, worked, totals, skill, d, s)
                if pick is None:
                    # nobody can work this pattern today; try the others before giving up
                    others = [g for g in gains if g[1] != s and g[0] > 0]
                    placed = False
                    for _, alt in sorted(others, reverse=True):
                        pick = _best(p, worked, totals, skill, d, alt)
                        if pick is not None:
                            s, placed = alt, True
                            break
                    if not placed:
                        break
                assert pick is not None
                worked[pick][d] = s
                totals[pick] += 1
                out.append((pick, d, s, skill))
                for h in _hours(p, d, s):
                    cover[skill][h] += 1
    return out


def _hours(p: RosterProblem, d: int, s: int) -> range:
    pat = p.patterns[s]
    return range(d * 24 + pat.start_hour, min(d * 24 + pat.end_hour, p.days * 24))


def _gain(p: RosterProblem, cover: dict[Skill, list[int]], skill: Skill, d: int, s: int) -> int:
    """Hours of the shift still short of officers in `skill`: what one more officer adds."""
    need = p.need[skill]
    return sum(1 for h in _hours(p, d, s) if need[h] > cover[skill][h])


def _best(
    p: RosterProblem,
    worked: dict[int, dict[int, int]],
    totals: list[int],
    skill: Skill,
    d: int,
    s: int,
) -> int | None:
    day = p.start + timedelta(days=d)
    pat = p.patterns[s]
    rest = p.rules.min_rest_hours
    best: int | None = None
    for i, o in enumerate(p.officers):
        mine = worked[i]
        if skill not in o.skills or d in mine or day in o.leave:
            continue
        # paced: by day k of a week at most ceil(k × 5 / 7) shifts, so weekends are not left bare
        pace = -(-((d % 7) + 1) * p.rules.max_shifts_per_week // 7)
        if sum(1 for x in mine if x // 7 == d // 7) >= pace:
            continue
        before = mine.get(d - 1)
        if before is not None and 24 + pat.start_hour - p.patterns[before].end_hour < rest:
            continue
        # fewest shifts first; among equals, officers with fewer skills (keep the versatile)
        if best is None or (totals[i], len(o.skills)) < (
            totals[best],
            len(p.officers[best].skills),
        ):
            best = i
    return best
