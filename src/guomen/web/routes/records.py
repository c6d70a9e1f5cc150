"""Pages over personal records: document lookup, person record, movements at a port."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize, needs_purpose
from guomen.people import services as records
from guomen.reference.model import Port
from guomen.shared.errors import GuomenError
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(authenticate)]
Text = Annotated[str, Query(max_length=200)]


@router.get("/records/documents")
def document_lookup(
    request: Request, principal: Caller, state: Text = "", number: Text = "", purpose: Text = ""
) -> Response:
    authorize(principal, Action.LOOKUP_DOCUMENT, purpose="(form)")
    context: dict[str, object] = {
        "state": state,
        "number": number,
        "purpose": purpose,
        "needs_purpose": needs_purpose(principal),
        "hit": None,
        "error": "",
    }
    if number:
        c = container_of(request)
        try:
            with c.uow() as uow:
                context["hit"] = records.lookup_document(
                    uow, c.clock, principal, state or "CHN", number, purpose
                )
        except GuomenError as exc:
            if exc.status >= 500:
                raise
            context["error"] = exc.message
    return render(request, "document_lookup.html", context, principal=principal)


@router.get("/records/persons/{person_id}")
def person_page(
    request: Request, person_id: str, principal: Caller, purpose: Text = ""
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        record = records.read_person(uow, c.clock, principal, person_id[:64], purpose)
    ports = {p.code: p for p in _ports(request)}
    return render(
        request,
        "person.html",
        {"record": record, "ports": ports, "purpose": purpose},
        principal=principal,
    )


def _ports(request: Request) -> list[Port]:
    with container_of(request).uow() as uow:
        return uow.reference.ports()


@router.get("/records/movements")
def movements_page(
    request: Request,
    principal: Caller,
    port: Text = "",
    day: date | None = None,
    purpose: Text = "",
) -> Response:
    authorize(principal, Action.READ_MOVEMENTS, purpose="(form)")
    c = container_of(request)
    geography = c.geography()
    visible = [p for p in _ports(request) if geography.covers(principal.scope, p.code)]
    context: dict[str, object] = {
        "ports": visible,
        "port": port,
        "day": day or c.clock.now().date(),
        "purpose": purpose,
        "needs_purpose": needs_purpose(principal),
        "movements": None,
        "error": "",
    }
    if port:
        try:
            with c.uow() as uow:
                context["movements"] = records.list_port_movements(
                    uow,
                    c.clock,
                    geography,
                    principal,
                    port,
                    day or c.clock.now().date(),
                    c.settings.timezone,
                    purpose,
                )
        except GuomenError as exc:
            if exc.status >= 500:
                raise
            context["error"] = exc.message
    return render(request, "movements.html", context, principal=principal)
