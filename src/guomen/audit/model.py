"""Audit entries and their hash chain.

Each entry stores the SHA-256 of its predecessor (``prev_hash``) and its own hash over a
canonical encoding of its fields plus ``prev_hash``. Altering, removing or reordering any entry
breaks a link that :func:`verify_chain` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """What happened; the trail adds sequence number, time and hashes."""

    actor: str
    role: str
    action: str
    object_type: str = ""
    object_id: str = ""
    purpose: str = ""
    client: str = ""
    outcome: str = "ok"
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    event: AuditEvent
    prev_hash: str
    entry_hash: str


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_digest(seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> str:
    body = {
        "seq": seq,
        "at": canonical_time(at),
        "actor": event.actor,
        "role": event.role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "purpose": event.purpose,
        "client": event.client,
        "outcome": event.outcome,
        "detail": event.detail,
        "prev": prev_hash,
    }
    encoded = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def chain(seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> AuditEntry:
    # Microseconds are the storage precision of both databases.
    at = at.astimezone(UTC)
    return AuditEntry(seq, at, event, prev_hash, entry_digest(seq, at, event, prev_hash))


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at: int | None = None  # sequence number of the first entry that does not fit
    problem: str = ""


def verify_chain(entries: Iterable[AuditEntry], head: tuple[int, str] | None = None) -> ChainReport:
    """Walk entries in sequence order; ``head`` is the recorded (last seq, last hash)."""
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(False, checked, entry.seq, f"expected entry {expected_seq} here")
        if entry.prev_hash != prev_hash:
            return ChainReport(False, checked, entry.seq, "link to the previous entry is broken")
        if entry_digest(entry.seq, entry.at, entry.event, entry.prev_hash) != entry.entry_hash:
            return ChainReport(False, checked, entry.seq, "entry content was altered")
        prev_hash, expected_seq, checked = entry.entry_hash, expected_seq + 1, checked + 1
    if head is not None and head != (expected_seq - 1, prev_hash):
        return ChainReport(
            False, checked, expected_seq, "entries at the end of the trail are missing"
        )
    return ChainReport(True, checked)
