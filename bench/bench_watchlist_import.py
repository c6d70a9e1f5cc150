"""Watchlist import speed: the real UN consolidated list (XML) and OFAC SDN list (CSV) from
../shared/testdata, imported as versions (read + diff + sealed store), approved (diff applied),
imported again unchanged (diff against the stored, decrypted entries), and loaded back as the
screening index would. Optionally a synthetic Guomen CSV of N entries (--synthetic N).
Runs on SQLite, and on PostgreSQL when GUOMEN_TEST_POSTGRES_URL is set. Prints one JSON line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from guomen.adapters.db import migrate
from guomen.bootstrap import build_container
from guomen.config import Settings
from guomen.screening import queries
from guomen.screening import services as lists
from guomen.screening.importers import GUOMEN_CSV_HEADER, ImportFormat, import_watchlist
from guomen.screening.model import ListType, Watchlist

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support import PostgresDatabase

OFAC_UN = Path(__file__).resolve().parents[2] / "shared/testdata/namematch/watchlists/ofac_un"
SOURCES = [
    ("UN-SC", ImportFormat.UN_XML, OFAC_UN / "UN_consolidated.xml"),
    ("OFAC-SDN", ImportFormat.OFAC_SDN, OFAC_UN / "sdn.csv"),
]


def synthetic_csv(folder: Path, n: int) -> Path:
    path = folder / "synthetic.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(GUOMEN_CSV_HEADER) + "\n")
        for i in range(n):
            out.write(
                f"S{i:07d},watch,SURNAME{i % 9973} Given{i % 7919},Alias{i},"
                f"{1940 + i % 60}-{1 + i % 12:02d}-{1 + i % 28:02d},M,CHN,"
                f"passport:E{i:08d}:CHN,note {i}\n"
            )
    return path


def timed(step: str, figures: dict[str, float], func, *args, **kw):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = func(*args, **kw)
    figures[step] = round(figures.get(step, 0.0) + time.perf_counter() - started, 3)
    return result


def one_list(c, list_id: str, fmt: ImportFormat, path: Path, figures: dict[str, float]) -> int:  # type: ignore[no-untyped-def]
    kind = ListType.WATCH
    with c.uow() as uow:
        lists.create_watchlist(
            uow, c.clock, "bench", Watchlist(list_id, list_id, kind, "-", "-", "-")
        )
    read = import_watchlist(fmt, path, list_id=list_id, list_type=kind)
    timed("parse_only_s", figures, read.collect)
    for attempt in ("import_s", "reimport_unchanged_s"):
        run = import_watchlist(fmt, path, list_id=list_id, list_type=kind)
        with c.uow() as uow:
            outcome = timed(attempt, figures, lists.import_list_version, uow, c.clock, "bench",
                            list_id, run)  # fmt: skip
        if outcome.version is not None:
            with c.uow() as uow:
                timed("approve_s", figures, lists.approve_list_version, uow, c.clock, "bench2",
                      outcome.version.id)  # fmt: skip
    return outcome.entries


def bench(url: str, sources: list[tuple[str, ImportFormat, Path]], tmp: Path) -> dict[str, object]:
    migrate.upgrade(url)
    c = build_container(Settings(environment="test", var_dir=tmp, database_url=url))
    figures: dict[str, float] = {}
    entries = sum(one_list(c, *source, figures) for source in sources)
    with c.uow() as uow:
        started = time.perf_counter()
        loaded = sum(1 for _ in queries.active_entries(uow, c.clock, date.today()))
        figures["load_active_s"] = round(time.perf_counter() - started, 3)
    c.close()
    return {"entries": entries, "loaded": loaded, **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=0, help="also a CSV of N entries")
    args = parser.parse_args()
    sources = [s for s in SOURCES if s[2].exists()]
    result: dict[str, object] = {"bench": "watchlist_import"}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if args.synthetic:
            sources.append(("SYNTHETIC", ImportFormat.CSV, synthetic_csv(tmp, args.synthetic)))
        if not sources:
            print(json.dumps({**result, "skipped": f"no test data at {OFAC_UN}"}))
            return
        result["lists"] = [s[0] for s in sources]
        result["sqlite"] = bench(f"sqlite:///{tmp / 'bench.sqlite3'}", sources, tmp)
        server = os.environ.get("GUOMEN_TEST_POSTGRES_URL")
        if server:
            with PostgresDatabase(server) as db:
                result["postgres"] = bench(db.url, sources, tmp)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
