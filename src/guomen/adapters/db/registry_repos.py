"""Document status events and external alert lists in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.people_repos import document_key, fuzzy_index
from guomen.adapters.db.tables import alert_batches, document_alerts, document_events
from guomen.documents.registry import AlertStatus, DocumentAlert, DocumentEvent, EventKind
from guomen.shared.clock import as_utc


class SqlDocumentEventRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, event: DocumentEvent) -> None:
        self._conn.execute(
            document_events.insert().values(
                id=event.id,
                document_id=event.document_id,
                kind=event.kind.value,
                recorded_at=event.recorded_at,
                recorded_by=event.recorded_by[:128],
                occurred_on=event.occurred_on,
                place=event.place,
                reason=event.reason,
                authority=event.authority,
                superseded_by=event.superseded_by,
            )
        )

    def for_document(self, document_id: str) -> list[DocumentEvent]:
        q = (
            select(document_events)
            .where(document_events.c.document_id == document_id)
            .order_by(document_events.c.recorded_at)
        )
        return [
            DocumentEvent(
                r.id,
                r.document_id,
                EventKind(r.kind),
                as_utc(r.recorded_at),
                r.recorded_by,
                r.occurred_on,
                r.place,
                r.reason,
                r.authority,
                r.superseded_by,
            )
            for r in self._conn.execute(q)
        ]


class SqlAlertRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def add_batch(
        self,
        batch_id: str,
        source: str,
        actor: str,
        alerts: Sequence[DocumentAlert],
        at: datetime,
    ) -> None:
        self._conn.execute(
            alert_batches.insert().values(
                id=batch_id,
                source=source,
                imported_at=at,
                imported_by=actor[:128],
                rows=len(alerts),
            )
        )
        rows = [self._row(a) for a in alerts]
        for start in range(0, len(rows), 5000):
            self._conn.execute(document_alerts.insert(), rows[start : start + 5000])

    def _row(self, a: DocumentAlert) -> dict[str, Any]:
        return {
            "id": a.id,
            "batch_id": a.batch_id,
            "source": a.source,
            "issuing_state": a.issuing_state,
            "number_enc": self._c.seal("document_alerts.number", a.number),
            "number_bidx": self._c.blind_index(
                "travel_documents.number", document_key(a.issuing_state, a.number)
            ),
            "number_fuzzy_bidx": fuzzy_index(self._c, a.issuing_state, a.number),
            "doc_type": a.doc_type,
            "status": a.status.value,
            "reported_on": a.reported_on,
        }

    def find_confusable(self, issuing_state: str, number: str) -> list[DocumentAlert]:
        q = select(document_alerts).where(
            document_alerts.c.number_fuzzy_bidx == fuzzy_index(self._c, issuing_state, number)
        )
        return [
            DocumentAlert(
                r.id,
                r.source,
                r.issuing_state,
                self._c.open("document_alerts.number", r.number_enc) or "",
                r.doc_type,
                AlertStatus(r.status),
                r.reported_on,
                r.batch_id,
            )
            for r in self._conn.execute(q.limit(20))
        ]
