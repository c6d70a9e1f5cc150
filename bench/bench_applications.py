"""Applications: submissions per second through the service layer and through the HTTP API
(the FastAPI app in-process via its ASGI test client, kiosk token, JSON body: routing,
authentication, validation, sealing, audit; no socket), and booking throughput under
contention: many threads booking the same slot at once (conditional UPDATE on the seat
counter). Runs on SQLite, and on PostgreSQL when GUOMEN_TEST_POSTGRES_URL is set.
Prints one JSON line.

    .venv/bin/python bench/bench_applications.py --submissions 200 --racers 50
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from guomen.adapters.db import migrate
from guomen.applications.appointments import book_slot
from guomen.applications.model import Slot
from guomen.applications.services import SubmitApplication, submit_application
from guomen.bootstrap import Container, build_container
from guomen.config import Settings
from guomen.demo.load import load_reference
from guomen.identity.model import DataScope, Role, ScopeLevel
from guomen.people.idcard import make_id_number
from guomen.shared.errors import Conflict
from guomen.shared.ids import new_id

OFFICE = "OF-BJ-01"


def _form(i: int, prefix: str) -> SubmitApplication:
    from datetime import date

    born = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
    return SubmitApplication(
        applicant_id=f"{prefix}-{i}",
        app_type="passport_first",
        office_code=OFFICE,
        surname="ZHANG",
        given_names="WEI",
        name_zh="张伟",
        id_number=make_id_number(f"{110101 + i // 1000:06d}", born, i % 1000, i % 2 == 0),
        phone="13800138000",
        address="北京市东城区安定门东大街2号",
    )


def _container(url: str, tmp: Path) -> Container:
    migrate.upgrade(url)
    c = build_container(Settings(environment="test", var_dir=tmp, database_url=url))
    with c.uow() as uow:
        load_reference(uow, c.clock)
    return c


def bench_service(c: Container, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        with c.uow() as uow:
            submit_application(uow, c.clock, None, _form(i, "svc"))
    return n / (time.perf_counter() - start)


def bench_http(c: Container, n: int) -> float:
    from fastapi.testclient import TestClient

    from guomen.web.app import create_app
    from webhelpers import issue

    token = issue(c, Role.KIOSK_DEVICE, scope=DataScope(ScopeLevel.OFFICE, OFFICE))
    headers = {"Authorization": f"Bearer {token}"}
    client = TestClient(create_app(container=c), base_url="https://testserver")
    bodies = []
    for i in range(n):
        f = _form(100_000 + i, "http")
        bodies.append(
            {
                "applicant_id": f.applicant_id,
                "app_type": f.app_type,
                "office_code": f.office_code,
                "surname": f.surname,
                "given_names": f.given_names,
                "name_zh": f.name_zh,
                "id_number": f.id_number,
                "phone": f.phone,
                "address": f.address,
            }
        )
    start = time.perf_counter()
    for body in bodies:
        response = client.post("/api/v1/applications", json=body, headers=headers)
        assert response.status_code == 201, response.text[:300]
    return n / (time.perf_counter() - start)


def bench_booking(c: Container, racers: int, capacity: int) -> dict[str, float | int]:
    apps = []
    for i in range(racers):
        with c.uow() as uow:
            apps.append(submit_application(uow, c.clock, None, _form(200_000 + i, "book")).id)
    begin = c.clock.now().replace(microsecond=0) + timedelta(days=3)
    slot = Slot(new_id(), OFFICE, begin, begin + timedelta(minutes=30), capacity)
    with c.uow() as uow:
        uow.apps.slots.add_many([slot])
        uow.commit()
    barrier = threading.Barrier(racers)
    won, full = [], []

    def race(i: int) -> None:
        barrier.wait()
        try:
            with c.uow() as uow:
                book_slot(uow, c.clock, None, apps[i], slot.id, applicant_id=f"book-{200_000 + i}")
            won.append(i)
        except Conflict:
            full.append(i)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(racers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    with c.uow() as uow:
        stored = uow.apps.slots.get(slot.id)
    assert stored is not None and stored.booked == len(won) == capacity, (stored, len(won))
    return {
        "racers": racers,
        "capacity": capacity,
        "booked": len(won),
        "refused_full": len(full),
        "attempts_per_s": round(racers / seconds, 1),
    }


def run(url: str, tmp: Path, submissions: int, racers: int, capacity: int) -> dict[str, object]:
    c = _container(url, tmp)
    try:
        return {
            "service_submissions_per_s": round(bench_service(c, submissions), 1),
            "http_submissions_per_s": round(bench_http(c, submissions), 1),
            "booking": bench_booking(c, racers, capacity),
        }
    finally:
        c.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--racers", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=5)
    args = parser.parse_args()
    result: dict[str, object] = {"bench": "applications", "submissions": args.submissions}
    with tempfile.TemporaryDirectory() as tmp:
        result["sqlite"] = run(
            f"sqlite:///{tmp}/bench.sqlite3",
            Path(tmp),
            args.submissions,
            args.racers,
            args.capacity,
        )
    server = os.environ.get("GUOMEN_TEST_POSTGRES_URL")
    if server:
        name = f"guomen_bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(
            make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                result["postgresql"] = run(
                    url, Path(tmp), args.submissions, args.racers, args.capacity
                )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
