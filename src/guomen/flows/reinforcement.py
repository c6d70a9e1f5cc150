"""Reinforcement in a duty region: lend officers from ports with spare capacity to a port whose
need exceeds its roster, nearest first, as a min-cost flow (OR-Tools), shift by shift.

For each shift pattern in turn: a borrower's deficit is the largest gap (officers needed minus
officers on duty) over the shift's hours that day; a lender's spare is the smallest surplus over
the same hours, capped by how many of its officers work that shift, so that moving them never
takes the lender below its own need in any hour. Arcs cost the estimated travel minutes
(`guomen.flows.travel`); lenders further than `MAX_TRAVEL_MINUTES` are not asked. Moves found
for one shift update the hours on duty before the next shift is planned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from guomen.flows.roster import SHIFT_PATTERNS, ShiftPattern
from guomen.flows.travel import travel_minutes
from guomen.shared.errors import ValidationFailed

MAX_TRAVEL_MINUTES = 180.0


@dataclass(frozen=True, slots=True)
class PortDay:
    """One port on one day: officers needed and on duty per local hour (0–23), and how many
    officers work each shift pattern."""

    port_code: str
    need: tuple[int, ...]
    on_duty: tuple[int, ...]
    per_shift: dict[str, int]

    def __post_init__(self) -> None:
        if len(self.need) != 24 or len(self.on_duty) != 24:
            raise ValidationFailed(f"{self.port_code}: need and on-duty must give 24 hours")


@dataclass(frozen=True, slots=True)
class Move:
    from_port: str
    to_port: str
    shift: str
    officers: int
    travel_minutes: float
    reason: str


@dataclass(frozen=True, slots=True)
class Gap:
    port_code: str
    shift: str
    officers: int
    reason: str


@dataclass(frozen=True, slots=True)
class ReinforcementPlan:
    moves: tuple[Move, ...]
    gaps: tuple[Gap, ...]  # deficits no lender could cover


def _hours(p: ShiftPattern) -> range:
    return range(p.start_hour, min(p.end_hour, 24))


def plan_reinforcement(
    ports: Sequence[PortDay],
    patterns: Sequence[ShiftPattern] = SHIFT_PATTERNS,
    travel: Callable[[str, str], float | None] = travel_minutes,
    max_travel: float = MAX_TRAVEL_MINUTES,
) -> ReinforcementPlan:
    duty = {p.port_code: list(p.on_duty) for p in ports}
    need = {p.port_code: p.need for p in ports}
    left = {p.port_code: dict(p.per_shift) for p in ports}
    moves: list[Move] = []
    gaps: list[Gap] = []
    for pat in patterns:
        hours = _hours(pat)
        deficit = {c: max(max(need[c][h] - duty[c][h] for h in hours), 0) for c in sorted(duty)}
        spare = {
            c: max(min(min(duty[c][h] - need[c][h] for h in hours), left[c].get(pat.code, 0)), 0)
            for c in sorted(duty)
        }
        borrowers = [c for c in sorted(duty) if deficit[c] > 0]
        lenders = [c for c in sorted(duty) if spare[c] > 0 and deficit[c] == 0]
        flows = _solve(borrowers, lenders, deficit, spare, travel, max_travel)
        got: dict[str, int] = {}
        for lender, borrower, n, minutes in flows:
            for h in hours:
                duty[lender][h] -= n
                duty[borrower][h] += n
            left[lender][pat.code] = left[lender].get(pat.code, 0) - n
            got[borrower] = got.get(borrower, 0) + n
            moves.append(
                Move(
                    lender,
                    borrower,
                    pat.code,
                    n,
                    round(minutes),
                    f"{borrower} is {deficit[borrower]} short on the {pat.code} shift; "
                    f"{lender} has {spare[lender]} spare and is {round(minutes)} min away",
                )
            )
        for b in borrowers:
            missing = deficit[b] - got.get(b, 0)
            if missing > 0:
                gaps.append(Gap(b, pat.code, missing, _why(b, lenders, spare, travel, max_travel)))
    return ReinforcementPlan(tuple(moves), tuple(gaps))


def _why(
    borrower: str,
    lenders: list[str],
    spare: dict[str, int],
    travel: Callable[[str, str], float | None],
    max_travel: float,
) -> str:
    reachable = [
        lender
        for lender in lenders
        if (t := travel(lender, borrower)) is not None and t <= max_travel
    ]
    if not lenders:
        return "no port in the region has officers to spare on this shift"
    if not reachable:
        return f"no port with spare officers is within {max_travel:g} minutes"
    return f"all {sum(spare[r] for r in reachable)} spare officers within reach are proposed"


def _solve(
    borrowers: list[str],
    lenders: list[str],
    deficit: dict[str, int],
    spare: dict[str, int],
    travel: Callable[[str, str], float | None],
    max_travel: float,
) -> list[tuple[str, str, int, float]]:
    if not borrowers or not lenders:
        return []
    graph = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    node = {c: 2 + i for i, c in enumerate(lenders + borrowers)}
    arcs: dict[int, tuple[str, str, float]] = {}
    for lender in lenders:
        graph.add_arc_with_capacity_and_unit_cost(source, node[lender], spare[lender], 0)
        for borrower in borrowers:
            minutes = travel(lender, borrower)
            if minutes is None or minutes > max_travel:
                continue
            arc = graph.add_arc_with_capacity_and_unit_cost(
                node[lender], node[borrower], spare[lender], round(minutes)
            )
            arcs[arc] = (lender, borrower, minutes)
    for borrower in borrowers:
        graph.add_arc_with_capacity_and_unit_cost(node[borrower], sink, deficit[borrower], 0)
    graph.set_node_supply(source, sum(spare[lender] for lender in lenders))
    graph.set_node_supply(sink, -sum(deficit[b] for b in borrowers))
    if graph.solve_max_flow_with_min_cost() != graph.OPTIMAL:
        return []
    return [
        (lender, borrower, int(graph.flow(arc)), minutes)
        for arc, (lender, borrower, minutes) in sorted(arcs.items())
        if graph.flow(arc) > 0
    ]
