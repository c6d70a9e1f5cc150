"""Benchmark of MRZ reading from photos: prints ONE JSON line of figures.

Reads every image of ``../shared/testdata/mrz/images`` (36 scans and photos of specimen and
sample documents; the file name's leading number is PassportEye's reference quality score) with
the production reader and reports how many read to a valid MRZ, the success rate overall and
among images with a reference score >= 50, and the mean and 90th-percentile seconds per image.

Run: ``.venv/bin/python bench/bench_ocr.py [--engine tesserocr|cli]`` (about 20 seconds).
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from guomen.adapters.ocr import TesseractMrzReader, find_engine
from guomen.documents.photo import read_mrz_from_photo
from guomen.shared.errors import ServiceUnavailable, ValidationFailed

IMAGES = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "mrz" / "images"
TODAY = date(2025, 6, 1)
GOOD_SCORE = 50


def _reference_score(row: dict[str, str]) -> int:
    return int(row["reference_valid_score"].split()[0])


def _read(reader: TesseractMrzReader, path: Path) -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        valid = read_mrz_from_photo(reader, path.read_bytes(), today=TODAY).valid
    except ValidationFailed:
        valid = False
    return valid, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["tesserocr", "cli"], default="tesserocr")
    engine_name = parser.parse_args().engine
    if not (IMAGES / "manifest.csv").exists():
        sys.exit(f"MRZ photos not found at {IMAGES}")
    try:
        engine = find_engine(prefer=engine_name)
    except ServiceUnavailable as exc:
        sys.exit(exc.message)
    reader = TesseractMrzReader(engine)
    with (IMAGES / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    outcomes = [(_reference_score(row), *_read(reader, IMAGES / row["file"])) for row in rows]
    seconds = sorted(elapsed for _, _, elapsed in outcomes)
    good = [valid for score, valid, _ in outcomes if score >= GOOD_SCORE]
    valid_count = sum(valid for _, valid, _ in outcomes)
    figures = {
        "benchmark": "ocr",
        "engine": engine.name,
        "images": len(outcomes),
        "valid": valid_count,
        "success_rate": round(valid_count / len(outcomes), 3),
        "mean_s": round(statistics.fmean(seconds), 3),
        "p90_s": round(seconds[min(len(seconds) - 1, int(0.9 * len(seconds)))], 3),
        "good_images": len(good),
        "success_rate_score_ge_50": round(sum(good) / len(good), 3),
        "python": platform.python_version(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
