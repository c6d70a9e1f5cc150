"""Officer rosters with OR-Tools CP-SAT (a solver library, not a framework).

Hard rules: one shift a day, at least `min_rest_hours` between the end of one shift and the start
of the next, at most `max_shifts_per_week` shifts in each 7-day block from the start, no shift on
a day of leave, an officer works only in a skill they hold. Soft goals, in order of weight:
shortfall against the officers needed per hour and skill, overtime (shifts beyond an officer's
contracted weekly shifts) and unfairness (spread of shifts and of night shifts across full-time
officers). Any shortfall left is explained hour by hour (headcount, leave, rest rules, or the
time limit when an officer was still free; see `roster_explain`).
"""

from __future__ import annotations

from datetime import timedelta

from ortools.sat.python import cp_model

from guomen.flows.roster_explain import explain, first_covered, with_explanations
from guomen.flows.roster_greedy import greedy_roster
from guomen.flows.roster_model import (
    SHIFT_PATTERNS,
    Assignment,
    Officer,
    Roster,
    RosterProblem,
    RosterRules,
    ShiftPattern,
    Shortfall,
    Skill,
)
from guomen.shared.errors import ValidationFailed

__all__ = [
    "SHIFT_PATTERNS",
    "Assignment",
    "Officer",
    "Roster",
    "RosterProblem",
    "RosterRules",
    "ShiftPattern",
    "Shortfall",
    "Skill",
    "explain",
    "solve_roster",
]


def solve_roster(problem: RosterProblem, *, time_limit_s: float = 10.0, seed: int = 7) -> Roster:
    """Solve with one search worker and a deterministic time budget (`time_limit_s`
    deterministic seconds; wall time is capped at three times that), so the same problem and
    seed give the same roster. A greedy roster (completed by a quick solve with its shifts
    fixed) is the fallback, so even a short budget returns a sensible roster; the full search
    replaces it when it finds a better one."""
    if not 0 < time_limit_s <= 600:
        raise ValidationFailed("the time limit must be between 0 and 600 seconds")
    built = _Model(problem)
    built.hint(greedy_roster(problem))
    fallback = built.solve_hinted(seed, time_limit_s)
    built.model.clear_hints()  # type: ignore[no-untyped-call]
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = time_limit_s
    solver.parameters.max_time_in_seconds = time_limit_s * 3
    status = solver.solve(built.model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if fallback is not None and (not found or fallback.objective_value < solver.objective_value):
        return built.read(fallback, "feasible")
    name = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
    }.get(status, "unknown")
    if not found:
        return Roster(problem.start, problem.days, name, (), (), 0, 0, 0, solver.wall_time, 0.0)
    return built.read(solver, name)


class _Model:
    def __init__(self, problem: RosterProblem) -> None:
        self.p = problem
        self.model = cp_model.CpModel()
        self.work: dict[tuple[int, int, int, Skill], cp_model.IntVar] = {}
        self.on: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self._variables()
        self._rest_and_week()
        self.short = self._coverage()
        self.overtime = self._overtime()
        self.spreads = self._fairness()
        r = problem.rules
        self.model.minimize(
            r.shortfall_weight * sum(self.short.values())
            + r.overtime_weight * sum(self.overtime)
            + r.fairness_weight * sum(self.spreads)
        )

    def solve_hinted(self, seed: int, time_limit_s: float) -> cp_model.CpSolver | None:
        """The greedy roster with its shifts fixed, completed by the solver (fast: only counts
        and spreads are left): kept when the full search finds nothing better in its time."""
        first = cp_model.CpSolver()
        first.parameters.random_seed = seed
        first.parameters.num_workers = 1
        first.parameters.fix_variables_to_their_hinted_value = True
        first.parameters.max_deterministic_time = time_limit_s
        if first.solve(self.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return first

    def hint(self, chosen: list[tuple[int, int, int, Skill]]) -> None:
        on = {(i, d, s) for i, d, s, _ in chosen}
        work = {(i, d, s, k) for i, d, s, k in chosen}
        for key, x in self.on.items():
            self.model.add_hint(x, key in on)
        for wkey, y in self.work.items():
            self.model.add_hint(y, wkey in work)

    def _days(self) -> range:
        return range(self.p.days)

    def _variables(self) -> None:
        m = self.model
        for i, o in enumerate(self.p.officers):
            for d in self._days():
                on_leave = self.p.start + timedelta(days=d) in o.leave
                for s, _ in enumerate(self.p.patterns):
                    x = m.new_bool_var(f"on_{i}_{d}_{s}")
                    self.on[(i, d, s)] = x
                    ks = sorted(o.skills)
                    parts = []
                    for k in ks:
                        y = m.new_bool_var(f"w_{i}_{d}_{s}_{k}")
                        self.work[(i, d, s, k)] = y
                        parts.append(y)
                    m.add(sum(parts) == x)
                    if on_leave:
                        m.add(x == 0)
                m.add_at_most_one(self.on[(i, d, s)] for s in range(len(self.p.patterns)))

    def _rest_and_week(self) -> None:
        m, rules, pats = self.model, self.p.rules, self.p.patterns
        clash = [
            (a, b)
            for a, pa in enumerate(pats)
            for b, pb in enumerate(pats)
            if 24 + pb.start_hour - pa.end_hour < rules.min_rest_hours
        ]
        for i, _ in enumerate(self.p.officers):
            for d in range(self.p.days - 1):
                for a, b in clash:
                    m.add_bool_or([self.on[(i, d, a)].Not(), self.on[(i, d + 1, b)].Not()])
            for w0 in range(0, self.p.days, 7):
                week = [
                    self.on[(i, d, s)]
                    for d in range(w0, min(w0 + 7, self.p.days))
                    for s in range(len(pats))
                ]
                m.add(sum(week) <= rules.max_shifts_per_week)

    def _coverage(self) -> dict[tuple[int, Skill], cp_model.IntVar]:
        """Officers per (day, shift, skill) are summed once; each hour then adds the few shift
        counts that cover it (far fewer terms than summing officers hour by hour)."""
        m = self.model
        covering: dict[int, list[tuple[int, int]]] = {}
        for d in self._days():
            for s, pat in enumerate(self.p.patterns):
                for h in range(d * 24 + pat.start_hour, d * 24 + pat.end_hour):
                    covering.setdefault(h, []).append((d, s))
        staff: dict[tuple[int, int, Skill], cp_model.IntVar] = {}
        n = len(self.p.officers)
        for skill in self.p.need:
            for d in self._days():
                for s, _ in enumerate(self.p.patterns):
                    count = m.new_int_var(0, n, f"n_{d}_{s}_{skill}")
                    m.add(
                        count
                        == sum(
                            self.work[(i, d, s, skill)]
                            for i in range(n)
                            if (i, d, s, skill) in self.work
                        )
                    )
                    staff[(d, s, skill)] = count
        short: dict[tuple[int, Skill], cp_model.IntVar] = {}
        for skill, hours in self.p.need.items():
            for h, needed in enumerate(hours):
                if needed <= 0 or h < first_covered(self.p.patterns):
                    continue
                gap = m.new_int_var(0, needed, f"short_{h}_{skill}")
                m.add(sum(staff[(d, s, skill)] for d, s in covering.get(h, [])) + gap >= needed)
                short[(h, skill)] = gap
        return short

    def _weeks(self) -> list[range]:
        return [range(w0, min(w0 + 7, self.p.days)) for w0 in range(0, self.p.days, 7)]

    def _shifts_of(self, i: int, days: range) -> list[cp_model.IntVar]:
        return [self.on[(i, d, s)] for d in days for s in range(len(self.p.patterns))]

    def _overtime(self) -> list[cp_model.IntVar]:
        out = []
        for i, o in enumerate(self.p.officers):
            for wk in self._weeks():
                extra = self.model.new_int_var(0, 7, f"ot_{i}_{wk.start}")
                self.model.add(extra >= sum(self._shifts_of(i, wk)) - o.contract_shifts)
                out.append(extra)
        return out

    def _fairness(self) -> list[cp_model.IntVar]:
        m = self.model
        full = [i for i, o in enumerate(self.p.officers) if o.contract_shifts >= 5 and not o.leave]
        if len(full) < 2:
            return []
        nights = [s for s, p in enumerate(self.p.patterns) if p.is_night]
        spreads = []
        for label, which in (("shifts", range(len(self.p.patterns))), ("nights", nights)):
            totals = []
            for i in full:
                t = m.new_int_var(0, self.p.days, f"{label}_{i}")
                m.add(t == sum(self.on[(i, d, s)] for d in self._days() for s in which))
                totals.append(t)
            hi = m.new_int_var(0, self.p.days, f"{label}_max")
            lo = m.new_int_var(0, self.p.days, f"{label}_min")
            m.add_max_equality(hi, totals)
            m.add_min_equality(lo, totals)
            spread = m.new_int_var(0, self.p.days, f"{label}_spread")
            m.add(spread == hi - lo)
            spreads.append(spread)
        return spreads

    def read(self, solver: cp_model.CpSolver, status: str) -> Roster:
        p = self.p
        assignments = tuple(
            Assignment(p.officers[i].code, p.start + timedelta(days=d), p.patterns[s].code, k)
            for (i, d, s, k), y in sorted(self.work.items(), key=lambda kv: kv[0])
            if solver.value(y)
        )
        spreads = [int(solver.value(v)) for v in self.spreads] + [0, 0]
        draft = Roster(
            p.start,
            p.days,
            status,
            assignments,
            (),
            sum(int(solver.value(v)) for v in self.overtime),
            spreads[0],
            spreads[1],
            solver.wall_time,
            solver.objective_value,
        )
        return with_explanations(draft, p)
