"""The audit trail in SQL: appends lock the head row so the chain stays linear."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from guomen.adapters.db.tables import audit_head, audit_log
from guomen.audit.model import GENESIS_HASH, AuditEntry, AuditEvent, chain
from guomen.audit.ports import AuditFilter
from guomen.shared.clock import as_utc


def row_to_entry(row: Any) -> AuditEntry:
    event = AuditEvent(
        actor=row.actor,
        role=row.role,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        purpose=row.purpose,
        client=row.client,
        outcome=row.outcome,
        detail=json.loads(row.detail),
    )
    return AuditEntry(row.seq, as_utc(row.at), event, row.prev_hash, row.entry_hash)


def entry_to_row(entry: AuditEntry) -> dict[str, Any]:
    e = entry.event
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": e.actor[:160],
        "role": e.role[:32],
        "action": e.action[:64],
        "object_type": e.object_type[:32],
        "object_id": e.object_id[:64],
        "purpose": e.purpose,
        "client": e.client[:128],
        "outcome": e.outcome[:32],
        "detail": json.dumps(e.detail, sort_keys=True, ensure_ascii=False),
        "prev_hash": entry.prev_hash,
        "entry_hash": entry.entry_hash,
    }


def _fit(event: AuditEvent) -> AuditEvent:
    """Truncate to column sizes before hashing, so the stored entry verifies."""
    return AuditEvent(
        actor=event.actor[:160],
        role=event.role[:32],
        action=event.action[:64],
        object_type=event.object_type[:32],
        object_id=event.object_id[:64],
        purpose=event.purpose[:2000],
        client=event.client[:128],
        outcome=event.outcome[:32],
        detail=event.detail,
    )


class SqlAuditLog:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(self, event: AuditEvent, at: datetime) -> AuditEntry:
        return self.append_many([(event, at)])[0]

    def append_many(self, events: Sequence[tuple[AuditEvent, datetime]]) -> list[AuditEntry]:
        """Chain several entries in order under one lock of the head: one multi-row insert
        and one head update, however many entries."""
        if not events:
            return []
        head = self._conn.execute(
            select(audit_head.c.seq, audit_head.c.entry_hash)
            .where(audit_head.c.id == 1)
            .with_for_update()
        ).one()
        seq, prev = head.seq, head.entry_hash
        entries: list[AuditEntry] = []
        for event, at in events:
            seq += 1
            entry = chain(seq, at, _fit(event), prev)
            entries.append(entry)
            prev = entry.entry_hash
        self._conn.execute(audit_log.insert(), [entry_to_row(e) for e in entries])
        self._conn.execute(
            update(audit_head).where(audit_head.c.id == 1).values(seq=seq, entry_hash=prev)
        )
        return entries

    def iterate(self) -> Iterator[AuditEntry]:
        result = self._conn.execution_options(stream_results=True, yield_per=5000).execute(
            select(audit_log).order_by(audit_log.c.seq)
        )
        try:
            for row in result:
                yield row_to_entry(row)
        finally:
            result.close()  # a reader that stops early must not leave a server cursor open

    def head(self) -> tuple[int, str] | None:
        row = self._conn.execute(
            select(audit_head.c.seq, audit_head.c.entry_hash).where(audit_head.c.id == 1)
        ).one_or_none()
        if row is None:
            return None
        return (row.seq, row.entry_hash) if row.seq else (0, GENESIS_HASH)

    def search(self, flt: AuditFilter) -> list[AuditEntry]:
        q = select(audit_log)
        if flt.actor:
            q = q.where(audit_log.c.actor.contains(flt.actor, autoescape=True))
        if flt.action:
            q = q.where(audit_log.c.action.startswith(flt.action, autoescape=True))
        if flt.object_id:
            q = q.where(audit_log.c.object_id == flt.object_id)
        if flt.since:
            q = q.where(audit_log.c.at >= flt.since)
        if flt.until:
            q = q.where(audit_log.c.at < flt.until)
        q = q.order_by(audit_log.c.seq.desc()).limit(flt.limit).offset(flt.offset)
        return [row_to_entry(r) for r in self._conn.execute(q)]
