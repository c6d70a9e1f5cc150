"""Command centre: the dashboard page (charts drawn in the browser by
/static/flows_dashboard.js) and the JSON it reads: a port's day and week, rosters, and
reinforcement proposals in a duty region."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from guomen.flows import command_centre as cc
from guomen.flows.model import ServiceTarget
from guomen.flows.ports import Forecaster, StoredRoster
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize, can
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter(tags=["flows"])
Caller = Annotated[Principal, Depends(authenticate)]
PortCode = Annotated[str, Query(min_length=1, max_length=32)]
SHORTFALLS_SHOWN = 60


def _forecaster() -> Forecaster:
    from guomen.flows.forecast_engine import forecast_ours

    return forecast_ours


class RosterRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: date | None = None
    weeks: int = Field(default=1, ge=1, le=cc.MAX_WEEKS)
    officers: int | None = Field(default=None, ge=1, le=cc.MAX_OFFICERS)
    time_limit_s: float = Field(default=5.0, gt=0, le=60)


@router.get("/flows", include_in_schema=False)
def dashboard(request: Request, principal: Caller, port: str = "") -> Response:
    authorize(principal, Action.READ_FLOWS)
    c = container_of(request)
    geography = c.geography()
    with c.uow() as uow:
        ports = [p for p in uow.reference.ports() if geography.covers(principal.scope, p.code)]
    chosen = next((p for p in ports if p.code == port), ports[0] if ports else None)
    return render(
        request,
        "flows_dashboard.html",
        {
            "ports": ports,
            "chosen": chosen,
            "can_plan": can(principal, Action.PLAN_ROSTERS),
            "target": ServiceTarget(),
        },
        principal=principal,
    )


def _port_json(p: Any) -> dict[str, Any]:
    return {
        "code": p.code,
        "name_zh": p.name_zh,
        "name_en": p.name_en,
        "station": p.station,
        "duty_region": p.duty_region,
    }


def _roster_json(stored: StoredRoster, day: date | None = None) -> dict[str, Any]:
    r = stored.roster
    shown = [a for a in r.assignments if day is None or a.day == day]
    return {
        "id": stored.id,
        "port": stored.port_code,
        "created_at": stored.created_at.isoformat(),
        "created_by": stored.created_by,
        "officers": stored.officers,
        "status": r.status,
        "start": r.start.isoformat(),
        "days": r.days,
        "assignments_total": len(r.assignments),
        "overtime_shifts": r.overtime_shifts,
        "shift_spread": r.shift_spread,
        "night_spread": r.night_spread,
        "solve_seconds": round(r.solve_seconds, 2),
        "shortfall_hours": len(r.shortfalls),
        "assignments": [
            {"officer": a.officer, "day": a.day.isoformat(), "shift": a.shift, "skill": a.skill}
            for a in shown
        ],
        "shortfalls": [
            {
                "day": s.day.isoformat(),
                "hour": s.hour,
                "skill": s.skill.value,
                "needed": s.needed,
                "rostered": s.rostered,
                "missing": s.missing,
                "reason": s.reason,
            }
            for s in r.shortfalls
            if day is None or s.day == day
        ][:SHORTFALLS_SHOWN],
    }


@router.get("/api/v1/flows/ports/{port_code}/today")
def port_today(request: Request, port_code: str, principal: Caller) -> dict[str, Any]:
    """Today per local hour: forecast with 90 % band, actual movements, officers needed and on
    duty; the current wait estimate with its status; the roster in force."""
    c = container_of(request)
    with c.uow() as uow:
        view = cc.port_today(
            uow, c.clock, c.geography(), principal, port_code.upper(), c.settings.timezone,
            _forecaster(),
        )  # fmt: skip
    t = ServiceTarget()
    return {
        "port": _port_json(view.port),
        "day": view.day.isoformat(),
        "now_hour": view.now_hour,
        "history_days": view.history_days,
        "thresholds": {
            "open_lanes": t.open_lanes_at,
            "emergency": t.emergency_at,
            "pledge": t.pledge_minutes,
        },
        "wait": {
            "minutes": view.wait.minutes,
            "status": view.wait.status,
            "arrivals_last_hour": view.wait.arrivals_last_hour,
            "open_counters": view.wait.open_counters,
            "open_egates": view.wait.open_egates,
            "reason": view.wait.reason,
        },
        "hours": [
            {
                "hour": h.hour,
                "forecast": h.forecast,
                "lo": h.lo,
                "hi": h.hi,
                "actual": h.actual,
                "need": h.need,
                "on_duty": h.on_duty,
            }
            for h in view.hours
        ],
        "roster": None if view.roster is None else _roster_json(view.roster, view.day),
    }


@router.get("/api/v1/flows/ports/{port_code}/week")
def port_week(request: Request, port_code: str, principal: Caller) -> dict[str, Any]:
    """The next 7 days by hour: forecast travellers and officers needed (the heat map)."""
    c = container_of(request)
    with c.uow() as uow:
        view = cc.port_week(
            uow, c.clock, c.geography(), principal, port_code.upper(), c.settings.timezone,
            _forecaster(),
        )  # fmt: skip
    return {
        "port": _port_json(view.port),
        "days": [d.isoformat() for d in view.days],
        "arrivals": [list(row) for row in view.arrivals],
        "officers": [list(row) for row in view.officers],
    }


@router.post("/api/v1/flows/ports/{port_code}/roster", status_code=201)
def plan_roster(
    request: Request, port_code: str, principal: Caller, body: RosterRequest
) -> JSONResponse:
    """Solve a roster (CP-SAT) against the forecast need, store it and return it with the
    shortfall explained hour by hour (duty commanders)."""
    c = container_of(request)
    with c.uow() as uow:
        stored = cc.plan_port_roster(
            uow,
            c.clock,
            c.geography(),
            principal,
            port_code.upper(),
            body.start or cc.local_today(c.clock, c.settings.timezone),
            body.weeks,
            c.settings.timezone,
            _forecaster(),
            officers=body.officers,
            time_limit_s=body.time_limit_s,
        )
    return JSONResponse(_roster_json(stored), status_code=201)


@router.get("/api/v1/flows/regions/{region}/reinforcement")
def reinforcement(
    request: Request, region: str, principal: Caller, day: date | None = None
) -> dict[str, Any]:
    """Proposed moves of officers between the region's ports in your scope (nearest spare
    officers first) and the deficits no lender can cover."""
    c = container_of(request)
    tz = c.settings.timezone
    with c.uow() as uow:
        view = cc.region_reinforcement(
            uow, c.clock, c.geography(), principal, region, day or cc.local_today(c.clock, tz),
            tz, _forecaster(),
        )  # fmt: skip
    return {
        "region": view.region,
        "day": view.day.isoformat(),
        "ports": list(view.ports),
        "sources": view.sources,
        "moves": [
            {
                "from_port": m.from_port,
                "to_port": m.to_port,
                "shift": m.shift,
                "officers": m.officers,
                "travel_minutes": m.travel_minutes,
                "reason": m.reason,
            }
            for m in view.plan.moves
        ],
        "gaps": [
            {"port": g.port_code, "shift": g.shift, "officers": g.officers, "reason": g.reason}
            for g in view.plan.gaps
        ],
    }
