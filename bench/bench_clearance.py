"""End-to-end clearance decisions: decisions per second and p50/p99 latency through the service
layer (``clear_traveller``) and through the HTTP API (``POST /api/v1/clearance/egate`` with a
device token, in-process TestClient), with N synthetic watchlist entries in the screening index
and M movements of history, on SQLite and (when GUOMEN_TEST_POSTGRES_URL is set) PostgreSQL in
a database of its own, dropped afterwards.

Each decision is the whole pipeline of an e-gate exit or entry: strict MRZ reading, registry
status (blind-index lookups), screening against the N-entry index, the real entitlement tables,
stay matching against the history, clone check, then one transaction writing the movement, the
idempotency key, the audit entries (hash-chained: every decision serialises on the audit head)
and, for a referral, the queue row. The 1:1 face comparison is a constant stub here (its cost is
bench_faces.py's). Decisions run one at a time (one e-gate lane per process).

    python bench/bench_clearance.py                                     # 1,000,000 / 10,000,000
    python bench/bench_clearance.py --entries 20000 --movements 200000 --decisions 300  # quick
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

GOAL = {"decisions_per_s": 300, "p99_ms": 50}


def _settings(tmp: Path, url: str) -> Any:
    from guomen.config import Settings

    return Settings(
        environment="test",
        var_dir=tmp,
        database_url=url,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )


def _bulk_history(container: Any, m: int, seed: int = 5) -> float:
    """M synthetic past movements of the demo people (SQLite: executemany in big batches;
    PostgreSQL: COPY). Returns seconds."""
    from guomen.adapters.db.tables import movements

    with container.uow() as uow:
        pairs = uow.conn.execute(text("SELECT id, person_id FROM travel_documents")).all()
        ports = [r[0] for r in uow.conn.execute(text("SELECT code FROM ports"))]
    rng = random.Random(seed)
    start = datetime(2025, 11, 1, tzinfo=UTC)
    span = 360 * 86400
    cols = [c.name for c in movements.columns][:11]
    t0 = time.perf_counter()
    batch = 200_000

    def rows(n: int) -> list[tuple[Any, ...]]:
        out = []
        for _ in range(n):
            doc, person = rng.choice(pairs)
            out.append(
                (
                    uuid.UUID(int=rng.getrandbits(128)).hex,
                    person,
                    doc,
                    rng.choice(ports),
                    "entry" if rng.random() < 0.5 else "exit",
                    "egate",
                    start + timedelta(seconds=rng.randrange(span)),
                    "clear",
                    '["ALL_CHECKS_PASSED"]',
                    "bench",
                    "mainland",
                )
            )
        return out

    done = 0
    if container.engine.dialect.name == "postgresql":
        raw = container.engine.raw_connection()
        try:
            cur = raw.cursor()
            with cur.copy(f"COPY movements ({', '.join(cols)}) FROM STDIN") as copy:
                while done < m:
                    for row in rows(min(batch, m - done)):
                        copy.write_row(row)
                    done += min(batch, m - done)
            raw.commit()
            cur.execute("ANALYZE movements")
            raw.commit()
        finally:
            raw.close()
    else:
        sql = f"INSERT INTO movements ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        raw = container.engine.raw_connection()
        try:
            while done < m:
                chunk = [
                    (*r[:6], r[6].isoformat(sep=" "), *r[7:]) for r in rows(min(batch, m - done))
                ]
                cur = raw.cursor()
                cur.execute("BEGIN")  # the engine's connections autocommit each statement
                cur.executemany(sql, chunk)
                cur.execute("COMMIT")
                done += len(chunk)
            raw.cursor().execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
    return time.perf_counter() - t0


class _Face:
    def verify(self, person_id: str, live_image: bytes) -> Any:
        from guomen.clearance.face_port import FaceCheckResult, FaceStatus

        return FaceCheckResult(FaceStatus.MATCH, 0.9, 0.5, "stub-face 0")


def _percentiles(lat: list[float], wall: float) -> dict[str, float]:
    lat = sorted(lat)
    return {
        "decisions": len(lat),
        "decisions_per_s": round(len(lat) / wall, 1),
        "p50_ms": round(statistics.median(lat) * 1000, 2),
        "p99_ms": round(lat[max(0, int(len(lat) * 0.99) - 1)] * 1000, 2),
        "max_ms": round(lat[-1] * 1000, 2),
    }


def run_backend(url: str, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    from zoneinfo import ZoneInfo

    from fastapi.testclient import TestClient

    from bench_screening_speed import synthetic
    from clearance_helpers import permit_holder
    from guomen.adapters.clearance_entitlement import TablesEntitlementCheck
    from guomen.adapters.clearance_journal import Journal
    from guomen.adapters.clearance_runtime import ClearanceRuntime, IndexScreeningCheck
    from guomen.adapters.db import migrate
    from guomen.bootstrap import build_container
    from guomen.clearance import services
    from guomen.clearance.model import Direction, Lane
    from guomen.clearance.pipeline import Ports
    from guomen.demo.load import DemoSize, load_people, load_reference
    from guomen.entitlement.model import Endorsement
    from guomen.entitlement.tables import load_tables
    from guomen.identity import services as identity
    from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
    from guomen.screening.index import IndexHolder, build_from
    from guomen.web.app import create_app

    migrate.upgrade(url)
    container = build_container(_settings(tmp, url))
    with container.uow() as uow:
        load_reference(uow, container.clock)
    load_people(container.uow, container.clock, DemoSize(people=args.people, months=2, seed=3))
    history_s = _bulk_history(container, args.movements)
    t0 = time.perf_counter()
    holder = IndexHolder(build_from(synthetic(args.entries)))
    index_s = time.perf_counter() - t0
    tables = load_tables()
    ports = Ports(
        IndexScreeningCheck(lambda: holder, container.clock, lambda: {}),
        TablesEntitlementCheck(lambda: tables),
        _Face(),
        ZoneInfo("Asia/Shanghai"),
    )
    runtime = ClearanceRuntime(
        container.uow,
        container.cipher,
        container.clock,
        container.geography,
        ports,
        Journal(tmp / "journal.sqlite3", container.cipher),
    )
    container._clearance = runtime
    travellers = []
    for i in range(args.travellers):
        try:
            travellers.append(permit_holder(container, skip=i))
        except IndexError:
            break
    gate = Principal(
        "token",
        "bench-gate",
        "bench gate",
        Role.EGATE_DEVICE,
        DataScope(ScopeLevel.NATIONAL),
        port_code="LUOHU",
    )
    face = b"jpeg"
    today = container.clock.now().date()
    endorsement = Endorsement(  # an individual-visit endorsement for Hong Kong, in force
        "HKG", "G", today - timedelta(days=30), today + timedelta(days=300), None, 7
    )

    def command(i: int, key: str) -> services.ClearTraveller:
        t = travellers[i % len(travellers)]
        direction = Direction.EXIT if (i // len(travellers)) % 2 == 0 else Direction.ENTRY
        return services.ClearTraveller(
            services.TravellerDocument(mrz_lines=t.mrz),
            direction,
            "LUOHU",
            Lane.EGATE,
            lane_id="E01",
            endorsement=endorsement if direction is Direction.EXIT else None,
            live_face=face,
            idempotency_key=key,
        )

    for i in range(min(20, args.decisions)):  # warm-up (caches, prepared statements)
        services.clear_traveller(runtime, gate, command(i, f"warm-{i}"))
    lat: list[float] = []
    decisions: dict[str, int] = {}
    t_all = time.perf_counter()
    referred: dict[str, int] = {}
    for i in range(args.decisions):
        t = time.perf_counter()
        r = services.clear_traveller(runtime, gate, command(i + 20, f"svc-{i}"))
        lat.append(time.perf_counter() - t)
        decisions[r.decision.value] = decisions.get(r.decision.value, 0) + 1
        if r.decision.value == "refer":
            for code in r.reason_codes[:1]:
                referred[code] = referred.get(code, 0) + 1
    service = {
        **_percentiles(lat, time.perf_counter() - t_all),
        "decided": decisions,
        "first_reason_of_referrals": referred,
    }

    with container.uow() as uow:
        _, raw = identity.issue_token(
            uow,
            container.digester,
            container.clock,
            None,
            identity.IssueToken(
                "bench gate", Role.EGATE_DEVICE, "LUOHU", DataScope(ScopeLevel.NATIONAL)
            ),
            frozenset(container.geography().station_of_port),
        )
    client = TestClient(create_app(container=container), base_url="https://testserver")
    headers = {"Authorization": f"Bearer {raw}"}
    lat = []
    n_http = args.http_decisions
    t_all = time.perf_counter()
    for i in range(n_http):
        t = travellers[(i + args.decisions + 20) % len(travellers)]
        body = {
            "mrz_lines": list(t.mrz),
            "direction": "exit" if i % 2 == 0 else "entry",
            "lane_id": "E02",
            "endorsement": {
                "destination": "HKG",
                "kind": "G",
                "valid_from": (today - timedelta(days=30)).isoformat(),
                "valid_until": (today + timedelta(days=300)).isoformat(),
                "stay_days": 7,
            },
            "face_image": base64.b64encode(face).decode(),
        }
        s = time.perf_counter()
        resp = client.post(
            "/api/v1/clearance/egate", json=body, headers={**headers, "Idempotency-Key": f"h-{i}"}
        )
        lat.append(time.perf_counter() - s)
        if resp.status_code != 200:
            raise RuntimeError(resp.text[:300])
    http = _percentiles(lat, time.perf_counter() - t_all)
    client.close()
    with container.uow() as uow:
        total = uow.conn.execute(text("SELECT count(*) FROM movements")).scalar_one()
    container.close()
    return {
        "service": service,
        "http": http,
        "setup_s": {"history_insert": round(history_s, 1), "index_build": round(index_s, 1)},
        "movements_in_db": int(total),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--movements", type=int, default=10_000_000)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--travellers", type=int, default=200)
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--http-decisions", type=int, default=1000)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    result: dict[str, Any] = {
        "bench": "clearance",
        "entries": args.entries,
        "movements": args.movements,
        "goal": GOAL,
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory() as tmp_text:
        tmp = Path(tmp_text)
        if "sqlite" in args.backends:
            (tmp / "sqlite").mkdir()
            result["sqlite"] = run_backend(
                f"sqlite:///{tmp / 'sqlite' / 'bench.sqlite3'}", tmp / "sqlite", args
            )
        server = os.environ.get("GUOMEN_TEST_POSTGRES_URL")
        if "postgres" in args.backends and server:
            name = f"guomen_bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(
                make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT"
            )
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                (tmp / "pg").mkdir()
                url = make_url(server).set(database=name).render_as_string(hide_password=False)
                result["postgres"] = run_backend(url, tmp / "pg", args)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        elif "postgres" in args.backends:
            result["postgres"] = "skipped: GUOMEN_TEST_POSTGRES_URL is not set"
    result["bounded_by"] = (
        "one decision at a time: two short transactions per decision (registry lookup, then "
        "the write) and the hash-chained audit append, which serialises every writer on the "
        "audit head; screening cost grows with namesakes in the index, not with its size"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
