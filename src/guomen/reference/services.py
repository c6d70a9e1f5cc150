"""Reading reference data (not personal data: authorised, not audited)."""

from __future__ import annotations

from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.reference.model import Country, Office, Port, Station
from guomen.reference.ports import ReferenceUnitOfWork


def list_ports(uow: ReferenceUnitOfWork, principal: Principal) -> list[Port]:
    authorize(principal, Action.READ_REFERENCE)
    return uow.reference.ports()


def list_stations(uow: ReferenceUnitOfWork, principal: Principal) -> list[Station]:
    authorize(principal, Action.READ_REFERENCE)
    return uow.reference.stations()


def list_offices(uow: ReferenceUnitOfWork, principal: Principal) -> list[Office]:
    authorize(principal, Action.READ_REFERENCE)
    return uow.reference.offices()


def list_countries(uow: ReferenceUnitOfWork, principal: Principal) -> list[Country]:
    authorize(principal, Action.READ_REFERENCE)
    return uow.reference.countries()
