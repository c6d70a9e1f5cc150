"""Audit verification speed: build a hash-chained trail of N entries in SQLite (default
1,000,000), then time `verify_chain` over the stored rows. Prints one JSON line."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from guomen.adapters.db import migrate
from guomen.adapters.db.audit_log import entry_to_row
from guomen.adapters.db.tables import audit_head, audit_log
from guomen.audit.model import GENESIS_HASH, AuditEvent, chain, verify_chain
from guomen.bootstrap import build_container
from guomen.config import Settings


def build_trail(container, n: int, batch: int = 20_000) -> float:
    started = time.perf_counter()
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    prev, seq = GENESIS_HASH, 0
    while seq < n:
        rows = []
        for _ in range(min(batch, n - seq)):
            seq += 1
            event = AuditEvent(
                f"user:officer{seq % 500}",
                "inspection_officer",
                "person.read",
                "person",
                f"{seq:032x}",
                purpose="counter inspection",
                client="10.1.2.3 gate-client",
            )
            entry = chain(seq, t0 + timedelta(milliseconds=seq * 37), event, prev)
            prev = entry.entry_hash
            rows.append(entry_to_row(entry))
        with container.engine.begin() as conn:
            conn.execute(audit_log.insert(), rows)
            conn.execute(update(audit_head).values(seq=seq, entry_hash=prev))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'audit.sqlite3'}"
        migrate.upgrade(url)
        container = build_container(
            Settings(environment="test", var_dir=Path(tmp), database_url=url)
        )
        build_seconds = build_trail(container, args.entries)
        started = time.perf_counter()
        with container.uow() as uow:
            report = verify_chain(uow.audit.iterate(), uow.audit.head())
        seconds = time.perf_counter() - started
        container.close()
    assert report.ok and report.checked == args.entries, report
    print(
        json.dumps(
            {
                "benchmark": "audit_verify",
                "database": "sqlite",
                "entries": args.entries,
                "verify_seconds": round(seconds, 2),
                "entries_per_second": round(args.entries / seconds),
                "build_seconds": round(build_seconds, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
