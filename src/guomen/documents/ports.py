"""What the document registry needs from storage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from guomen.audit.ports import AuditLog
from guomen.documents.model import TravelDocument
from guomen.documents.registry import DocumentAlert, DocumentEvent
from guomen.people.model import Person


class RegistryDocuments(Protocol):
    def find(self, issuing_state: str, number: str) -> TravelDocument | None: ...
    def find_confusable(self, issuing_state: str, number: str) -> list[TravelDocument]: ...
    def set_status(self, document: TravelDocument) -> None: ...


class DocumentEventRepository(Protocol):
    def add(self, event: DocumentEvent) -> None: ...
    def for_document(self, document_id: str) -> list[DocumentEvent]: ...


class AlertRepository(Protocol):
    def add_batch(
        self,
        batch_id: str,
        source: str,
        actor: str,
        alerts: Sequence[DocumentAlert],
        at: datetime,
    ) -> None: ...
    def find_confusable(self, issuing_state: str, number: str) -> list[DocumentAlert]: ...


class Holders(Protocol):
    def get(self, person_id: str) -> Person | None: ...


class RegistryUnitOfWork(Protocol):
    @property
    def documents(self) -> RegistryDocuments: ...

    @property
    def document_events(self) -> DocumentEventRepository: ...

    @property
    def alerts(self) -> AlertRepository: ...

    @property
    def people(self) -> Holders: ...

    @property
    def audit(self) -> AuditLog: ...

    def commit(self) -> None: ...
