"""Roster and command-centre benchmark: prints ONE JSON line of figures.

* ``roster``: CP-SAT solve of 200 officers × 4 weeks (the issue's benchmark) against the need of
  a busy land crossing (a daily cycle peaking at ~3,000 travellers an hour per direction, weekend
  and holiday uplift), with the solver's status, objective parts and wall time under the given
  deterministic time budget (one search worker, fixed seed);
* ``forecast_all_ports``: time to forecast 28 days for every port in the reference data, both
  directions, with the production model, on 120 days of synthetic daily counts per series
  (weekly rhythm and Chinese holidays from the demo generator's ``day_factor``);
* ``reinforcement``: time of the min-cost-flow plan for the 16 ports of one duty region.

Run: ``.venv/bin/python bench/bench_rosters.py --time-limit 60`` (a few minutes).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta

from guomen.demo.generator import day_factor
from guomen.flows.forecast_engine import MODEL_NAME, forecast_ours
from guomen.flows.hourly import PRIOR
from guomen.flows.model import Direction
from guomen.flows.reinforcement import PortDay, plan_reinforcement
from guomen.flows.roster import Officer, RosterProblem, Skill, solve_roster
from guomen.flows.series import DailySeries
from guomen.flows.staffing import establishment, officers_needed
from guomen.reference.seed import load_ports

START = date(2026, 9, 28)  # four weeks over Golden Week 2026
PEAK_PER_HOUR = 3000.0


def busy_need(days: int) -> dict[Skill, list[int]]:
    shares = [p / sum(PRIOR) for p in PRIOR]
    need: dict[Skill, list[int]] = {k: [] for k in Skill}
    for i in range(days):
        daily = PEAK_PER_HOUR / max(shares) * day_factor(START + timedelta(days=i)) / 2.2
        hours = [[daily * s for s in shares]] * 2
        for n in officers_needed(hours, [0.75, 0.75]):
            for k in Skill:
                need[k].append(n.officers[k])
    return need


def roster_figures(officers: int, time_limit: float, seed: int) -> dict[str, object]:
    days = 28
    team: tuple[Officer, ...] = establishment("LUOHU", START, days, officers)
    need = busy_need(days)
    started = time.perf_counter()
    roster = solve_roster(
        RosterProblem(START, days, team, need), time_limit_s=time_limit, seed=seed
    )
    wall = time.perf_counter() - started
    needed_hours = sum(sum(v) for v in need.values())
    missing = sum(s.missing for s in roster.shortfalls)
    reasons: dict[str, int] = {}
    for s in roster.shortfalls:
        key = s.reason.split(":")[0]
        reasons[key] = reasons.get(key, 0) + s.missing
    return {
        "officers": officers,
        "days": days,
        "deterministic_time_limit": time_limit,
        "status": roster.status,
        "wall_seconds_including_model_build": round(wall, 1),
        "solver_wall_seconds": round(roster.solve_seconds, 1),
        "shifts_assigned": len(roster.assignments),
        "officer_hours_needed": needed_hours,
        "officer_hours_short": missing,
        "short_by_reason": reasons,
        "overtime_shifts": roster.overtime_shifts,
        "shift_spread": roster.shift_spread,
        "night_spread": roster.night_spread,
    }


def forecast_all_ports() -> dict[str, object]:
    ports = load_ports()
    rng = random.Random(11)
    end = date(2026, 11, 20)
    first = end - timedelta(days=119)
    series = []
    for p in ports:
        base = rng.uniform(500, 60000)
        for d in Direction:
            values = tuple(
                max(0.0, base * day_factor(first + timedelta(days=i)) * rng.gauss(1, 0.05))
                for i in range(120)
            )
            series.append(DailySeries(f"{p.code}|{d.value}", first, values))
    started = time.perf_counter()
    for s in series:
        forecast_ours(s, 28)
    seconds = time.perf_counter() - started
    return {
        "model": MODEL_NAME,
        "ports": len(ports),
        "series": len(series),
        "horizon_days": 28,
        "seconds": round(seconds, 2),
        "ms_per_series": round(1000 * seconds / len(series), 1),
    }


def reinforcement_figures() -> dict[str, object]:
    region = [p.code for p in load_ports() if p.duty_region == "粤港澳大湾区"]
    rng = random.Random(5)
    days = []
    for code in region:
        need = rng.randint(4, 30)
        duty = need + rng.randint(-8, 8)
        per = max(0, duty) // 2
        days.append(PortDay(code, (need,) * 24, (max(0, duty),) * 24, dict.fromkeys(
            ("early", "day", "late", "night"), per)))  # fmt: skip
    started = time.perf_counter()
    plan = plan_reinforcement(days)
    return {
        "ports": len(region),
        "moves": len(plan.moves),
        "officers_moved": sum(m.officers for m in plan.moves),
        "gaps": len(plan.gaps),
        "ms": round(1000 * (time.perf_counter() - started), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=60.0, help="deterministic seconds")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-forecast", action="store_true")
    args = parser.parse_args()
    figures: dict[str, object] = {"bench": "rosters"}
    figures["reinforcement"] = reinforcement_figures()
    if not args.skip_forecast:
        figures["forecast_all_ports"] = forecast_all_ports()
    figures["roster"] = roster_figures(args.officers, args.time_limit, args.seed)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
