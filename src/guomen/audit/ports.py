"""What the audit trail needs from storage."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from guomen.audit.model import AuditEntry, AuditEvent


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 200
    offset: int = 0


class AuditLog(Protocol):
    def append(self, event: AuditEvent, at: datetime) -> AuditEntry:
        """Append in the caller's transaction, serialised against concurrent appends."""
        ...

    def iterate(self) -> Iterator[AuditEntry]:
        """All entries in sequence order, streamed."""
        ...

    def head(self) -> tuple[int, str] | None: ...

    def search(self, flt: AuditFilter) -> list[AuditEntry]: ...
