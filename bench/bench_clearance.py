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
_INDEXES: dict[int, Any] = {}  # entries → the synthetic screening index, built once per run


def _settings(tmp: Path, url: str) -> Any:
    from guomen.config import Settings

    return Settings(
        environment="test",
        var_dir=tmp,
        database_url=url,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )


_MOVEMENT_INDEXES = (
    "ix_movements_person_id",
    "ix_movements_person_time",
    "ix_movements_port_time",
    "ix_movements_document_time",
    "ix_movements_permitted_until",
)


def _bulk_history(container: Any, m: int, seed: int = 5) -> float:
    """M synthetic past movements of the demo people. The movement indexes are dropped during
    the load and built once afterwards (much faster than keeping them up to date row by row);
    SQLite: one transaction of big executemany batches with ``synchronous=OFF`` during the load
    only; PostgreSQL: COPY. Returns seconds."""
    from guomen.adapters.db.tables import movements

    with container.uow() as uow:
        pairs = uow.conn.execute(text("SELECT id, person_id FROM travel_documents")).all()
        ports = [r[0] for r in uow.conn.execute(text("SELECT code FROM ports"))]
    rng = random.Random(seed)
    start = datetime(2025, 11, 1, tzinfo=UTC)
    span = 360 * 86400
    cols = [c.name for c in movements.columns][:11]
    indexes = [i for i in movements.indexes if i.name in _MOVEMENT_INDEXES]
    prefix = uuid.UUID(int=rng.getrandbits(128)).hex[:16]
    postgres = container.engine.dialect.name == "postgresql"
    stamps = [start + timedelta(seconds=s) for s in range(0, span, 60)]  # minute resolution
    if not postgres:
        stamps_text = [t.isoformat(sep=" ") for t in stamps]
    t0 = time.perf_counter()
    batch = 100_000
    n_pairs, n_ports, n_stamps = len(pairs), len(ports), len(stamps)
    randrange = rng.randrange

    def rows(first: int, n: int) -> list[tuple[Any, ...]]:
        out = []
        when = stamps if postgres else stamps_text
        for i in range(first, first + n):
            doc, person = pairs[randrange(n_pairs)]
            out.append(
                (
                    f"{prefix}{i:016x}",
                    person,
                    doc,
                    ports[randrange(n_ports)],
                    "entry" if i & 1 else "exit",
                    "egate",
                    when[randrange(n_stamps)],
                    "clear",
                    '["ALL_CHECKS_PASSED"]',
                    "bench",
                    "mainland",
                )
            )
        return out

    with container.engine.begin() as conn:
        for index in indexes:
            conn.exec_driver_sql(f"DROP INDEX {index.name}")
    done = 0
    raw = container.engine.raw_connection()
    try:
        cur = raw.cursor()
        if postgres:
            with cur.copy(f"COPY movements ({', '.join(cols)}) FROM STDIN") as copy:
                while done < m:
                    n = min(batch, m - done)
                    for row in rows(done, n):
                        copy.write_row(row)
                    done += n
            raw.commit()
        else:
            sql = f"INSERT INTO movements ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            cur.execute("PRAGMA synchronous=OFF")  # the load only; the bench runs as configured
            cur.execute("BEGIN")  # the engine's connections autocommit each statement
            while done < m:
                n = min(batch, m - done)
                cur.executemany(sql, rows(done, n))
                done += n
            cur.execute("COMMIT")
            cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        raw.close()
    with container.engine.begin() as conn:
        for index in indexes:
            index.create(conn)
        conn.exec_driver_sql("ANALYZE movements" if postgres else "ANALYZE")
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


# Where the time of a decision goes: cumulative time of these functions (by qualified name
# fragment) as a share of ``clear_traveller``'s. They nest: "sql" counts every statement,
# also those of the audit append; "audit" is the hash-chained append with its statements.
_SHARES = {
    "screening": ("clearance_runtime.py", "screen"),
    "entitlement": ("clearance_entitlement.py", "assess"),
    "mrz": ("identity.py", "from_mrz"),
    "audit": ("clearance_repos.py", "_flush_audit"),
    "sql": ("sqlalchemy/engine/base.py", "_execute_context"),
    "commit": ("sqlalchemy/engine/base.py", "commit"),
}


def _profile(engine: Any, decide: Any, n: int, out: str = "") -> dict[str, Any]:
    """cProfile over ``n`` decisions and the SQL statements they send: what bounds it."""
    import cProfile
    import pstats

    from sqlalchemy import event

    if n <= 0:
        return {}
    statements: list[str] = []
    texts: dict[str, int] = {}

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement.split(None, 1)[0].upper())
        short = " ".join(statement.split())[:90]
        texts[short] = texts.get(short, 0) + 1

    event.listen(engine, "before_cursor_execute", count)
    prof = cProfile.Profile()
    try:
        prof.enable()
        for i in range(n):
            decide(i)
        prof.disable()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    if out:
        prof.dump_stats(out)
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    cumulative: dict[str, float] = {}
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items():
        if name == "clear_traveller" and filename.endswith("clearance/services.py"):
            total = ct
        for share, (file_part, func) in _SHARES.items():
            if name == func and filename.endswith(file_part):
                cumulative[share] = cumulative.get(share, 0.0) + ct
    kinds: dict[str, int] = {}
    for s in statements:
        kinds[s] = kinds.get(s, 0) + 1
    return {
        "profiled_decisions": n,
        "ms_per_decision_profiled": round(total / n * 1000, 2),
        "share_of_decision": {k: round(v / total, 3) for k, v in sorted(cumulative.items())}
        if total
        else {},
        "sql_statements_per_decision": round(len(statements) / n, 2),
        "sql_by_kind_per_decision": {k: round(v / n, 2) for k, v in sorted(kinds.items())},
        "sql_most_sent_per_decision": {
            t: round(c / n, 2) for t, c in sorted(texts.items(), key=lambda x: -x[1])[:14]
        },
    }


def _plans(engine: Any, decide: Any) -> dict[str, str]:
    """The query plan of every SELECT one decision sends, against the loaded history (which
    index each lookup uses: a "SCAN movements" or "Seq Scan" here is a bug)."""
    from sqlalchemy import event

    sent: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        decide()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    postgres = engine.dialect.name == "postgresql"
    plans: dict[str, str] = {}
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for statement, parameters in sent:
            short = " ".join(statement.split())
            where = short.find(" WHERE ")
            label = short[:40] + (short[where : where + 80] if where > 0 else "")
            if label in plans:
                continue
            cur.execute(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement, parameters)
            rows = cur.fetchall()
            plan = [r[0] if postgres else r[-1] for r in rows]
            plans[label] = " | ".join(str(p).strip() for p in plan)[:200]
        raw.rollback()
    finally:
        raw.close()
    return plans


def run_backend(url: str, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    from zoneinfo import ZoneInfo

    from fastapi.testclient import TestClient

    from bench_screening_speed import synthetic
    from clearance_helpers import permit_holders
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

    t_setup = time.perf_counter()
    migrate.upgrade(url)
    container = build_container(_settings(tmp, url))
    with container.uow() as uow:
        load_reference(uow, container.clock)
    t0 = time.perf_counter()
    load_people(container.uow, container.clock, DemoSize(people=args.people, months=2, seed=3))
    people_s = time.perf_counter() - t0
    history_s = _bulk_history(container, args.movements)
    t0 = time.perf_counter()
    if args.entries not in _INDEXES:  # the same in-memory index serves both backends
        _INDEXES[args.entries] = IndexHolder(build_from(synthetic(args.entries)))
    holder = _INDEXES[args.entries]
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
    travellers = permit_holders(container)[: args.travellers]  # read once, not per traveller
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

    setup_s = time.perf_counter() - t_setup
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
    # After the timed runs, so that they decide on the same history as without profiling.
    plans = _plans(
        container.engine,
        lambda: services.clear_traveller(runtime, gate, command(1, "plans")),  # an exit
    )
    profile = _profile(
        container.engine,
        lambda i: services.clear_traveller(runtime, gate, command(i, f"prof-{i}")),
        args.profile_decisions,
        f"{args.profile_out}.{container.engine.dialect.name}" if args.profile_out else "",
    )
    with container.uow() as uow:
        total = uow.conn.execute(text("SELECT count(*) FROM movements")).scalar_one()
    container.close()
    return {
        "service": service,
        "http": http,
        "bounded_by": profile,
        "query_plans": plans,
        "setup_s": {
            "people": round(people_s, 1),
            "history_insert": round(history_s, 1),
            "index_build": round(index_s, 1),
            "total": round(setup_s, 1),
        },
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
    parser.add_argument("--profile-decisions", type=int, default=200)
    parser.add_argument("--profile-out", default="", help="write the cProfile stats here")
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
        "one decision at a time (one lane per process). Per decision: two short transactions "
        "(the registry read; then the write: the 1:1 face check reads and audits on its own "
        "connection between them), about 20 SQL statements (all by index: see query_plans), "
        "of which the audit trail is three (one head lock, one multi-row insert of the "
        "decision's entries, one head update) and one commit; the rest is screening (grows "
        "with namesakes in the index, not its size) and SQLAlchemy's per-statement overhead. "
        "Shares measured by cProfile: <backend>.bounded_by.share_of_decision (they nest: sql "
        "includes audit's and commit's statements)."
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
