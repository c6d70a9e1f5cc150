"""Command-centre use cases: a port's day (actual vs forecast, current wait, staffing, roster),
its week ahead, rosters and reinforcement in a duty region. Aggregates only: no personal data."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from guomen.audit.services import event_for
from guomen.flows.demand import HISTORY_DAYS, port_demand
from guomen.flows.hourly import HourCount
from guomen.flows.model import E_GATE, MANUAL_COUNTER, Direction, ServiceTarget
from guomen.flows.ports import FlowsUnitOfWork, Forecaster, StoredRoster
from guomen.flows.reinforcement import PortDay, ReinforcementPlan, plan_reinforcement
from guomen.flows.roster import SHIFT_PATTERNS, Roster, RosterProblem, Skill, solve_roster
from guomen.flows.rules.queueing import hour_wait
from guomen.flows.staffing import LEAVE_SHARE, HourNeed, establishment, officers_needed
from guomen.identity.model import Principal, ScopeLevel
from guomen.identity.policy import Action, Geography, authorize
from guomen.reference.model import Port
from guomen.shared.clock import Clock
from guomen.shared.errors import NotFound, PermissionDenied, ValidationFailed

MAX_WEEKS = 4
MAX_OFFICERS = 400
ROSTER_LEAD_DAYS = 28  # a roster may start at most this far ahead
TARGET = ServiceTarget()


@dataclass(frozen=True, slots=True)
class HourRow:
    hour: int
    forecast: float
    lo: float
    hi: float
    actual: int | None  # None for hours still to come
    need: dict[str, int]
    on_duty: dict[str, int] | None  # None without a stored roster


@dataclass(frozen=True, slots=True)
class WaitNow:
    minutes: float
    status: str  # ok | open-lanes | emergency-plan | pledge-broken
    arrivals_last_hour: int
    open_counters: int
    open_egates: int
    reason: str


@dataclass(frozen=True, slots=True)
class PortToday:
    port: Port
    day: date
    now_hour: int
    hours: tuple[HourRow, ...]
    wait: WaitNow
    roster: StoredRoster | None
    history_days: int


@dataclass(frozen=True, slots=True)
class PortWeek:
    port: Port
    days: tuple[date, ...]
    arrivals: tuple[tuple[float, ...], ...]  # [day][hour]
    officers: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class RegionPlan:
    region: str
    day: date
    ports: tuple[str, ...]
    plan: ReinforcementPlan
    sources: dict[str, str]  # port → "roster" or "establishment"


def _port(uow: FlowsUnitOfWork, code: str) -> Port:
    for p in uow.reference.ports():
        if p.code == code:
            return p
    raise NotFound(f"unknown port {code!r}")


def _local_now(clock: Clock, tz: str) -> datetime:
    return clock.now().astimezone(ZoneInfo(tz))


def local_today(clock: Clock, tz: str) -> date:
    return _local_now(clock, tz).date()


def _window(
    uow: FlowsUnitOfWork, codes: list[str], today: date, now: datetime, tz: str
) -> list[HourCount]:
    since = datetime.combine(
        today - timedelta(days=HISTORY_DAYS), datetime.min.time(), ZoneInfo(tz)
    )
    return uow.flow_counts.hour_counts(codes, since, now, tz)


def _needs(demand_hours: list[list[float]], shares: list[float]) -> list[HourNeed]:
    return officers_needed(demand_hours, shares, TARGET)


def port_today(
    uow: FlowsUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    port_code: str,
    tz: str,
    forecaster: Forecaster,
) -> PortToday:
    port = _port(uow, port_code)
    authorize(principal, Action.READ_FLOWS, port_code=port.code, geography=geography)
    now = _local_now(clock, tz)
    today = now.date()
    counts = _window(uow, [port.code], today, now, tz)
    demand = port_demand(port.code, counts, today - timedelta(days=1), 1, forecaster)
    actual = [[0] * 24 for _ in Direction]
    for c in counts:
        if c.local_hour.date() == today:
            actual[0 if c.direction == "entry" else 1][c.local_hour.hour] += c.count
    recent = uow.flow_counts.recent(port.code, clock.now() - timedelta(hours=1))
    planned: list[list[float]] = []
    for i, d in enumerate(Direction):
        row = demand.hourly(today, d)
        row = [max(f, float(a)) for f, a in zip(row, actual[i], strict=True)]
        key = "entry" if d is Direction.ARRIVAL else "exit"
        rate = sum(v for (dd, _), v in recent.items() if dd == key)
        row[now.hour] = max(row[now.hour], float(rate))
        planned.append(row)
    shares = [demand.profiles[d].egate_share for d in Direction]
    need = _needs(planned, shares)
    stored = uow.rosters.covering(port.code, today)
    duty = _duty_today(stored, today)
    lo = [sum(x) for x in zip(*(demand.hourly(today, d, "lo") for d in Direction), strict=True)]
    hi = [sum(x) for x in zip(*(demand.hourly(today, d, "hi") for d in Direction), strict=True)]
    mean = [sum(x) for x in zip(*(demand.hourly(today, d) for d in Direction), strict=True)]
    rows = tuple(
        HourRow(
            h,
            round(mean[h], 1),
            round(lo[h], 1),
            round(hi[h], 1),
            actual[0][h] + actual[1][h] if h <= now.hour else None,
            {k.value: v for k, v in need[h].officers.items()},
            None if duty is None else {k.value: duty[k][h] for k in Skill},
        )
        for h in range(24)
    )
    wait = _wait_now(recent, need[now.hour], duty, now.hour, shares)
    return PortToday(port, today, now.hour, rows, wait, stored, demand.history_days)


def _duty_today(stored: StoredRoster | None, day: date) -> dict[Skill, list[int]] | None:
    if stored is None:
        return None
    offset = (day - stored.roster.start).days * 24
    return {k: stored.roster.on_duty(k)[offset : offset + 24] for k in Skill}


def _wait_now(
    recent: dict[tuple[str, str], int],
    need: HourNeed,
    duty: dict[Skill, list[int]] | None,
    hour: int,
    shares: list[float],
) -> WaitNow:
    """The mean wait of travellers arriving now if the last hour's rate goes on, with the
    counters the roster has on duty (or the plan's, without a roster); e-gates as planned."""
    counters = need.counter_lanes if duty is None else duty[Skill.COUNTER][hour]
    egates = need.egate_lanes
    by_lane = {
        lane: sum(v for (_, ln), v in recent.items() if ln == lane) for lane in ("counter", "egate")
    }
    arrivals = sum(by_lane.values())
    w_counter, _ = hour_wait(
        float(by_lane["counter"]), counters, MANUAL_COUNTER.rate_per_hour, 1.0, 0.0
    )
    w_gate, _ = hour_wait(float(by_lane["egate"]), egates, E_GATE.rate_per_hour, 1.0, 0.0)
    minutes = max(w_counter, w_gate)
    if minutes == float("inf"):
        minutes = 999.0
    source = "the roster" if duty is not None else "the staffing plan"
    reason = (
        f"{by_lane['counter']} counter and {by_lane['egate']} e-gate travellers in the last hour; "
        f"{counters} counters ({source}) and {egates} e-gates open"
    )
    return WaitNow(round(minutes, 1), TARGET.status(minutes), arrivals, counters, egates, reason)


def port_week(
    uow: FlowsUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    port_code: str,
    tz: str,
    forecaster: Forecaster,
) -> PortWeek:
    port = _port(uow, port_code)
    authorize(principal, Action.READ_FLOWS, port_code=port.code, geography=geography)
    now = _local_now(clock, tz)
    today = now.date()
    counts = _window(uow, [port.code], today, now, tz)
    demand = port_demand(port.code, counts, today - timedelta(days=1), 7, forecaster)
    days = tuple(today + timedelta(days=i) for i in range(7))
    shares = [demand.profiles[d].egate_share for d in Direction]
    arrivals, officers = [], []
    for day in days:
        per_dir = [demand.hourly(day, d) for d in Direction]
        need = _needs(per_dir, shares)
        arrivals.append(tuple(round(a + b, 1) for a, b in zip(*per_dir, strict=True)))
        officers.append(tuple(n.total for n in need))
    return PortWeek(port, days, tuple(arrivals), tuple(officers))


def plan_port_roster(
    uow: FlowsUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    port_code: str,
    start: date,
    weeks: int,
    tz: str,
    forecaster: Forecaster,
    *,
    officers: int | None = None,
    time_limit_s: float = 10.0,
    seed: int = 7,
) -> StoredRoster:
    """Forecast the need, solve the roster, store it and record who asked."""
    port = _port(uow, port_code)
    authorize(principal, Action.PLAN_ROSTERS, port_code=port.code, geography=geography)
    roster, count = build_roster(
        uow, clock, port.code, start, weeks, tz, forecaster,
        officers=officers, time_limit_s=time_limit_s, seed=seed,
    )  # fmt: skip
    stored = StoredRoster(
        secrets.token_hex(16), port.code, clock.now(), principal.name, count, roster
    )
    uow.rosters.save(stored)
    uow.audit.append(
        event_for(
            principal,
            "flows.roster",
            object_type="port",
            object_id=port.code,
            outcome=roster.status,
            detail={
                "start": start.isoformat(),
                "days": str(roster.days),
                "officers": str(count),
                "shortfall_hours": str(len(roster.shortfalls)),
            },
        ),
        clock.now(),
    )
    uow.commit()
    return stored


def build_roster(
    uow: FlowsUnitOfWork,
    clock: Clock,
    port_code: str,
    start: date,
    weeks: int,
    tz: str,
    forecaster: Forecaster,
    *,
    officers: int | None = None,
    time_limit_s: float = 10.0,
    seed: int = 7,
) -> tuple[Roster, int]:
    """The roster without storing it (the CLI writes it to a file)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationFailed(f"a roster covers 1 to {MAX_WEEKS} weeks, not {weeks}")
    if officers is not None and not 1 <= officers <= MAX_OFFICERS:
        raise ValidationFailed(f"the headcount must be 1 to {MAX_OFFICERS}, not {officers}")
    now = _local_now(clock, tz)
    today = now.date()
    if not today - timedelta(days=7) <= start <= today + timedelta(days=ROSTER_LEAD_DAYS):
        raise ValidationFailed(
            f"a roster may start from a week ago up to {ROSTER_LEAD_DAYS} days ahead, not {start}"
        )
    days = weeks * 7
    counts = _window(uow, [port_code], today, now, tz)
    train_end = min(today - timedelta(days=1), start - timedelta(days=1))
    horizon = (start - train_end).days + days - 1
    demand = port_demand(port_code, counts, train_end, horizon, forecaster)
    shares = [demand.profiles[d].egate_share for d in Direction]
    need: dict[Skill, list[int]] = {k: [] for k in Skill}
    for i in range(days):
        day = start + timedelta(days=i)
        for n in _needs([demand.hourly(day, d) for d in Direction], shares):
            for k in Skill:
                need[k].append(n.officers[k])
    team = establishment(port_code, start, days, officers)
    problem = RosterProblem(start, days, team, need)
    return solve_roster(problem, time_limit_s=time_limit_s, seed=seed), len(team)


def region_reinforcement(
    uow: FlowsUnitOfWork,
    clock: Clock,
    geography: Geography,
    principal: Principal,
    region: str,
    day: date,
    tz: str,
    forecaster: Forecaster,
) -> RegionPlan:
    """Moves within the region, among the ports the principal's scope covers."""
    authorize(principal, Action.READ_FLOWS)
    in_region = [p for p in uow.reference.ports() if p.duty_region == region]
    if not in_region:
        raise NotFound(f"unknown duty region {region!r}")
    mine = [p.code for p in in_region if geography.covers(principal.scope, p.code)]
    if not mine:
        raise PermissionDenied(f"no port of {region} is inside your data scope ({principal.scope})")
    now = _local_now(clock, tz)
    today = now.date()
    if not today - timedelta(days=7) <= day <= today + timedelta(days=ROSTER_LEAD_DAYS):
        raise ValidationFailed(
            f"reinforcement is planned from a week ago up to 28 days ahead, not {day}"
        )
    counts = _window(uow, mine, today, now, tz)
    recent_hour = now.hour if day == today else None
    ports, sources = [], {}
    for code in sorted(mine):
        pd, source = _port_day(uow, clock, code, counts, day, today, recent_hour, forecaster)
        ports.append(pd)
        sources[code] = source
    plan = plan_reinforcement(ports)
    return RegionPlan(region, day, tuple(sorted(mine)), plan, sources)


def _port_day(
    uow: FlowsUnitOfWork,
    clock: Clock,
    code: str,
    counts: list[HourCount],
    day: date,
    today: date,
    now_hour: int | None,
    forecaster: Forecaster,
) -> tuple[PortDay, str]:
    train_end = min(today, day) - timedelta(days=1)
    demand = port_demand(code, counts, train_end, (day - train_end).days, forecaster)
    planned = []
    for d in Direction:
        row = demand.hourly(day, d)
        key = "entry" if d is Direction.ARRIVAL else "exit"
        seen = [0.0] * 24
        for c in counts:
            if c.port_code == code and c.direction == key and c.local_hour.date() == day:
                seen[c.local_hour.hour] += c.count
        row = [max(f, a) for f, a in zip(row, seen, strict=True)]
        if now_hour is not None:
            rate = sum(
                v
                for (dd, _), v in uow.flow_counts.recent(
                    code, clock.now() - timedelta(hours=1)
                ).items()
                if dd == key
            )
            row[now_hour] = max(row[now_hour], float(rate))
        planned.append(row)
    need = [n.total for n in _needs(planned, [demand.profiles[d].egate_share for d in Direction])]
    stored = uow.rosters.covering(code, day)
    if stored is not None:
        duty = _duty_today(stored, day) or {}
        on_duty = [sum(duty[k][h] for k in Skill) for h in range(24)]
        per_shift: dict[str, int] = {}
        for a in stored.roster.assignments:
            if a.day == day:
                per_shift[a.shift] = per_shift.get(a.shift, 0) + 1
        return PortDay(code, tuple(need), tuple(on_duty), per_shift), "roster"
    return _nominal(code, tuple(need), day), "establishment"


def _nominal(code: str, need: tuple[int, ...], day: date) -> PortDay:
    """Without a stored roster: the establishment's officers present that day (5 shifts in 7,
    less leave), spread over the shift patterns in proportion to the busiest hour of each."""
    present = round(len(establishment(code, day, 1)) * 5 / 7 * (1 - LEAVE_SHARE))
    weights = [
        max(need[h] for h in range(p.start_hour, min(p.end_hour, 24))) or 1 for p in SHIFT_PATTERNS
    ]
    total = sum(weights)
    per_shift = {p.code: present * w // total for p, w in zip(SHIFT_PATTERNS, weights, strict=True)}
    rest = present - sum(per_shift.values())
    for p in sorted(SHIFT_PATTERNS, key=lambda p: -weights[SHIFT_PATTERNS.index(p)])[:rest]:
        per_shift[p.code] += 1
    on_duty = [0] * 24
    for p in SHIFT_PATTERNS:
        for h in range(p.start_hour, min(p.end_hour, 24)):
            on_duty[h] += per_shift[p.code]
    for h in range(0, min(p.start_hour for p in SHIFT_PATTERNS)):  # the night shift from before
        on_duty[h] += per_shift["night"]
    return PortDay(code, need, tuple(on_duty), per_shift)


def national(principal: Principal) -> bool:
    return principal.scope.level is ScopeLevel.NATIONAL
