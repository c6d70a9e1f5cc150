"""Auditor pages: filter, export and verify the trail."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from guomen.audit import services as trail
from guomen.audit.model import canonical_time
from guomen.audit.ports import AuditFilter
from guomen.identity.model import Principal
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(authenticate)]
Text = Annotated[str, Query(max_length=160)]


def build_filter(
    tz: str,
    actor: str,
    action: str,
    object_id: str,
    since: date | None,
    until: date | None,
    limit: int,
    offset: int = 0,
) -> AuditFilter:
    zone = ZoneInfo(tz)

    def start(d: date | None, extra: int = 0) -> datetime | None:
        return None if d is None else datetime.combine(d + timedelta(days=extra), time(0), zone)

    return AuditFilter(
        actor or None,
        action or None,
        object_id or None,
        start(since),
        start(until, 1),
        limit,
        offset,
    )


@router.get("/audit")
def audit_page(
    request: Request,
    principal: Caller,
    actor: Text = "",
    action: Text = "",
    object_id: Text = "",
    since: date | None = None,
    until: date | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    c = container_of(request)
    flt = build_filter(
        c.settings.timezone, actor, action, object_id, since, until, 100, (page - 1) * 100
    )
    with c.uow() as uow:
        entries = trail.search_trail(uow, c.clock, principal, flt, export=False)
    return render(
        request,
        "audit.html",
        {
            "entries": entries,
            "actor": actor,
            "action": action,
            "object_id": object_id,
            "since": since,
            "until": until,
            "page": page,
            "report": None,
        },
        principal=principal,
    )


@router.get("/audit/export.csv")
def audit_export(
    request: Request,
    principal: Caller,
    actor: Text = "",
    action: Text = "",
    object_id: Text = "",
    since: date | None = None,
    until: date | None = None,
) -> Response:
    c = container_of(request)
    flt = build_filter(c.settings.timezone, actor, action, object_id, since, until, 100_000)
    with c.uow() as uow:
        entries = trail.search_trail(uow, c.clock, principal, flt, export=True)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "seq",
            "at_utc",
            "actor",
            "role",
            "action",
            "object_type",
            "object_id",
            "purpose",
            "client",
            "outcome",
            "prev_hash",
            "entry_hash",
        ]
    )
    for e in entries:
        ev = e.event
        writer.writerow(
            [
                e.seq,
                canonical_time(e.at),
                ev.actor,
                ev.role,
                ev.action,
                ev.object_type,
                ev.object_id,
                ev.purpose,
                ev.client,
                ev.outcome,
                e.prev_hash,
                e.entry_hash,
            ]
        )
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": 'attachment; filename="guomen-audit.csv"',
            "cache-control": "no-store",
        },
    )


@router.post("/audit/verify")
def audit_verify(request: Request, principal: Caller) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        report = trail.verify_trail(uow, c.clock, principal)
    return render(
        request,
        "audit.html",
        {
            "entries": [],
            "actor": "",
            "action": "",
            "object_id": "",
            "since": None,
            "until": None,
            "page": 1,
            "report": report,
        },
        principal=principal,
    )
