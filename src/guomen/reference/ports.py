"""What reading reference data needs from storage."""

from __future__ import annotations

from typing import Protocol

from guomen.reference.model import Country, GeneralStation, Office, Port, Station


class ReferenceRepository(Protocol):
    def ports(self) -> list[Port]: ...
    def stations(self) -> list[Station]: ...
    def general_stations(self) -> list[GeneralStation]: ...
    def offices(self) -> list[Office]: ...
    def countries(self) -> list[Country]: ...


class ReferenceUnitOfWork(Protocol):
    @property
    def reference(self) -> ReferenceRepository: ...
