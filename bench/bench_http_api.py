"""Requests per second and p50/p99 latency of an authenticated JSON endpoint that reads from the
database and appends an audit entry: an e-gate's document lookup, GET
/api/v1/documents/{state}/{number} with a device token. uvicorn (one worker) serves on loopback;
the load comes from a second process with a fixed number of requests and a fixed concurrency.
Runs on SQLite, and on PostgreSQL when GUOMEN_TEST_POSTGRES_URL is set. Prints one JSON line."""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BENCH = Path(__file__).resolve()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def guomen(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "guomen.cli.main", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return out.stdout


def sample_documents(url: str, env: dict[str, str], n: int) -> list[tuple[str, str]]:
    """Decrypt a sample of document numbers through the platform's own repository."""
    code = (
        "import json,sys\n"
        "from guomen.bootstrap import build_container\n"
        "c = build_container()\n"
        "with c.uow() as uow:\n"
        "    ids = [r[0] for r in uow.conn.exec_driver_sql("
        f"'SELECT person_id FROM travel_documents ORDER BY id LIMIT {n}')]\n"
        "    docs = [d for i in ids for d in uow.documents.for_person(i)]\n"
        "print(json.dumps([[d.issuing_state, d.number] for d in docs]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return [tuple(x) for x in json.loads(out.stdout)]


def run_server_and_load(database_url: str, tmp: Path, requests: int, concurrency: int) -> dict:
    env = {
        **os.environ,
        "GUOMEN_VAR_DIR": str(tmp),
        "GUOMEN_DATABASE_URL": database_url,
        "GUOMEN_ENVIRONMENT": "test",
    }
    guomen(env, "db", "upgrade")
    guomen(env, "demo", "load", "--people", "5000", "--months", "2")
    token = guomen(
        env, "users", "issue-token", "bench gate", "--role", "egate_device", "--port", "LUOHU"
    ).strip()
    docs = sample_documents(database_url, env, 300)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "guomen.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        job = json.dumps(
            {
                "base": base,
                "token": token,
                "docs": docs,
                "requests": requests,
                "concurrency": concurrency,
            }
        )
        out = subprocess.run(
            [sys.executable, str(BENCH), "--loadgen"],
            input=job,
            text=True,
            capture_output=True,
            check=True,
            timeout=600,
        )
        return json.loads(out.stdout)
    finally:
        server.terminate()
        server.wait(timeout=30)


def loadgen() -> None:
    """The second process: a fixed number of requests from a fixed number of threads."""
    from concurrent.futures import ThreadPoolExecutor

    job = json.loads(sys.stdin.read())
    docs, headers = job["docs"], {"Authorization": f"Bearer {job['token']}"}
    rng = random.Random(1)
    paths = [
        f"/api/v1/documents/{s}/{n}" for s, n in (rng.choice(docs) for _ in range(job["requests"]))
    ]
    latencies: list[float] = []
    errors = 0

    def worker(chunk: list[str]) -> tuple[list[float], int]:
        lat, bad = [], 0
        with httpx.Client(base_url=job["base"], headers=headers, timeout=30) as client:
            for path in chunk:
                t = time.perf_counter()
                status = client.get(path).status_code
                lat.append(time.perf_counter() - t)
                bad += status != 200
        return lat, bad

    n = job["concurrency"]
    chunks = [paths[i::n] for i in range(n)]
    started = time.perf_counter()
    with ThreadPoolExecutor(n) as pool:
        for lat, bad in pool.map(worker, chunks):
            latencies += lat
            errors += bad
    elapsed = time.perf_counter() - started
    latencies.sort()
    print(
        json.dumps(
            {
                "requests": len(latencies),
                "errors": errors,
                "concurrency": n,
                "rps": round(len(latencies) / elapsed, 1),
                "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
                "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loadgen", action="store_true")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    if args.loadgen:
        loadgen()
        return
    result: dict[str, object] = {
        "benchmark": "http_document_lookup",
        "endpoint": "GET /api/v1/documents/{state}/{number}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        result["sqlite"] = run_server_and_load(url, Path(tmp), args.requests, args.concurrency)
    server = os.environ.get("GUOMEN_TEST_POSTGRES_URL")
    if server:
        name = f"guomen_bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(
            make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            with tempfile.TemporaryDirectory() as tmp:
                url = make_url(server).set(database=name).render_as_string(hide_password=False)
                result["postgres"] = run_server_and_load(
                    url, Path(tmp), args.requests, args.concurrency
                )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
