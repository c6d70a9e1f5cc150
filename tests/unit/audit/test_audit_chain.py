from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from guomen.audit.model import GENESIS_HASH, AuditEntry, AuditEvent, chain, verify_chain

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def trail(n: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS_HASH
    for i in range(1, n + 1):
        event = AuditEvent(
            f"user:officer{i % 3}",
            "inspection_officer",
            "person.read",
            "person",
            f"p{i}",
            purpose="counter inspection",
        )
        entry = chain(i, T0 + timedelta(seconds=i), event, prev)
        entries.append(entry)
        prev = entry.entry_hash
    return entries


def head(entries: list[AuditEntry]) -> tuple[int, str]:
    return (entries[-1].seq, entries[-1].entry_hash)


def test_an_intact_trail_verifies() -> None:
    entries = trail(50)
    report = verify_chain(entries, head(entries))
    assert report.ok and report.checked == 50


def test_an_altered_entry_is_found() -> None:
    entries = trail(20)
    original = head(entries)
    entries[7] = replace(entries[7], event=replace(entries[7].event, object_id="someone-else"))
    report = verify_chain(entries, original)
    assert not report.ok and report.broken_at == 8 and "altered" in report.problem


def test_an_altered_timestamp_is_found() -> None:
    entries = trail(5)
    entries[2] = replace(entries[2], at=entries[2].at + timedelta(microseconds=1))
    assert verify_chain(entries, head(entries)).broken_at == 3


def test_a_removed_entry_is_found() -> None:
    entries = trail(20)
    original = head(entries)
    del entries[10]
    report = verify_chain(entries, original)
    assert not report.ok and report.broken_at == 12


def test_reordered_entries_are_found() -> None:
    entries = trail(20)
    original = head(entries)
    entries[4], entries[5] = entries[5], entries[4]
    assert verify_chain(entries, original).broken_at == 6


def test_a_rewritten_and_rehashed_tail_is_caught_by_the_recorded_head() -> None:
    entries = trail(10)
    original = head(entries)
    assert not verify_chain(entries[:-2], original).ok


def test_an_empty_trail_verifies_against_the_genesis_head() -> None:
    assert verify_chain([], (0, GENESIS_HASH)).ok
