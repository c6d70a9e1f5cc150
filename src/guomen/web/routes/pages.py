"""Home page and reference-data pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.reference import services as reference
from guomen.web.auth import authenticate, container_of
from guomen.web.render import navigation_for, render

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(authenticate)]


@router.get("/")
def home(request: Request, principal: Caller) -> Response:
    authorize(principal, Action.VIEW_DASHBOARD)
    cards = [item for item in navigation_for(principal) if item.path != "/"]
    return render(request, "home.html", {"cards": cards}, principal=principal)


@router.get("/reference/ports")
def ports_page(request: Request, principal: Caller) -> Response:
    with container_of(request).uow() as uow:
        ports = reference.list_ports(uow, principal)
        stations = {s.code: s for s in reference.list_stations(uow, principal)}
    return render(
        request, "ports.html", {"ports": ports, "stations": stations}, principal=principal
    )


@router.get("/reference/offices")
def offices_page(request: Request, principal: Caller) -> Response:
    with container_of(request).uow() as uow:
        offices = reference.list_offices(uow, principal)
    return render(request, "offices.html", {"offices": offices}, principal=principal)


@router.get("/reference/countries")
def countries_page(request: Request, principal: Caller) -> Response:
    with container_of(request).uow() as uow:
        countries = reference.list_countries(uow, principal)
    return render(request, "countries.html", {"countries": countries}, principal=principal)
