"""What reading people's records needs from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from guomen.audit.ports import AuditLog
from guomen.clearance.model import Movement
from guomen.documents.model import TravelDocument
from guomen.people.model import Person


class PersonRepository(Protocol):
    def get(self, person_id: str) -> Person | None: ...


class DocumentRepository(Protocol):
    def find(self, issuing_state: str, number: str) -> TravelDocument | None: ...
    def for_person(self, person_id: str) -> list[TravelDocument]: ...


class MovementRepository(Protocol):
    def at_port(
        self, port_code: str, since: datetime, until: datetime, limit: int
    ) -> list[Movement]: ...
    def for_person(self, person_id: str, limit: int = 50) -> list[Movement]: ...


class RecordsUnitOfWork(Protocol):
    @property
    def people(self) -> PersonRepository: ...

    @property
    def documents(self) -> DocumentRepository: ...

    @property
    def movements(self) -> MovementRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    def commit(self) -> None: ...
