"""Entitlement tables: a read-only page and the JSON view (reference data for everyone)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from guomen.entitlement import services
from guomen.entitlement.export import tables_dict
from guomen.identity.model import Principal
from guomen.shared.errors import ValidationFailed
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter()
Caller = Annotated[Principal, Depends(authenticate)]
OnDay = Annotated[str | None, Query(max_length=10)]


def _on(request: Request, value: str | None) -> date:
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationFailed("on must be a date like 2026-12-31") from None
    container = container_of(request)
    now: datetime = container.clock.now()
    return now.astimezone(ZoneInfo(container.settings.timezone)).date()


@router.get("/entitlement", include_in_schema=False)
def entitlement_page(request: Request, principal: Caller, on: OnDay = None) -> Response:
    container = container_of(request)
    tables = services.read_tables(container.entitlement_tables, principal)
    day = _on(request, on)
    data: dict[str, Any] = tables_dict(tables, day)
    return render(
        request,
        "entitlement.html",
        {"t": data, "on": day, "source_titles": {s["id"]: s["title"] for s in data["sources"]}},
        principal=principal,
    )


@router.get("/api/v1/entitlement/tables", tags=["api"])
def entitlement_tables(request: Request, principal: Caller, on: OnDay = None) -> dict[str, Any]:
    """The entitlement tables with their sources; with ``on``, only the rows in force that day."""
    tables = services.read_tables(container_of(request).entitlement_tables, principal)
    day = _on(request, on) if on else None
    return tables_dict(tables, day)
