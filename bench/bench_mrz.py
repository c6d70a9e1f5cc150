"""Benchmark of the MRZ engine: prints ONE JSON line of figures.

* ``mrz_checks_per_s``: parse + validate of a mix of valid and invalid TD1/TD2/TD3 MRZs;
* ``ocr_repairs_per_s``: ``repair_ocr`` on OCR-corrupted lines (O/0, I/1, B/8, S/5, Z/2, G/6,
  K for <, lower case), the share that reads valid afterwards and the share restored exactly.
  Confusions no check digit can see (K and <, G and 6, two flips that cancel out) limit the
  exact share; they are reported as corrections or left as read, never hidden.

Run: ``.venv/bin/python bench/bench_mrz.py`` (about 10 seconds).
"""

from __future__ import annotations

import json
import platform
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from guomen.documents.mrz import MrzFields, generate_mrz, parse_mrz, repair_ocr

TODAY = date(2025, 6, 1)
SEED = 9303
SECONDS_PER_FIGURE = 4.0
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = LETTERS + "0123456789"
CONFUSIONS = {"0": "O", "O": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S", "S": "5"}
CONFUSIONS |= {"2": "Z", "Z": "2", "6": "G", "G": "6", "<": "K"}
CODES = {"TD1": "I", "TD2": "I", "TD3": "P"}


def _word(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(low, high)))


def _fields(rng: random.Random, fmt: str) -> MrzFields:
    state = rng.choice(["CHN", "HKG", "MAC", "USA", "D", "FRA", "UTO", "GBR", "JPN"])
    return MrzFields(
        document_code=CODES[fmt],
        issuing_state=state,
        surname=_word(rng, 2, 9),
        given_names=" ".join(_word(rng, 2, 7) for _ in range(rng.randint(0, 2))),
        document_number="".join(rng.choice(ALNUM) for _ in range(9)),
        nationality=state,
        birth_date=TODAY - timedelta(days=rng.randint(1, 36000)),
        sex=rng.choice(["M", "F", ""]),
        expiry_date=TODAY + timedelta(days=rng.randint(-3000, 3650)),
        optional_data="".join(rng.choice(ALNUM) for _ in range(rng.randint(0, 6))),
    )


def _corrupt(rng: random.Random, lines: tuple[str, ...], changes: int) -> list[str]:
    rows = [list(line) for line in lines]
    for _ in range(changes):
        row = rng.randrange(len(rows))
        candidates = [i for i, char in enumerate(rows[row]) if char in CONFUSIONS]
        if candidates:
            column = rng.choice(candidates)
            rows[row][column] = CONFUSIONS[rows[row][column]]
    if rng.random() < 0.2:
        rows[0] = list("".join(rows[0]).lower())
    return ["".join(row) for row in rows]


def _rate(call: Callable[[list[str]], object], inputs: list[list[str]]) -> float:
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < SECONDS_PER_FIGURE:
        for lines in inputs:
            call(lines)
        done += len(inputs)
    return done / (time.perf_counter() - started)


def main() -> None:
    rng = random.Random(SEED)
    clean = [generate_mrz(_fields(rng, fmt), fmt).lines for fmt in ["TD1", "TD2", "TD3"] * 300]
    mixed = [list(lines) if rng.random() < 0.5 else _corrupt(rng, lines, 1) for lines in clean]
    noisy = [(lines, _corrupt(rng, lines, rng.randint(1, 4))) for lines in clean[:600]]
    valid_share = sum(parse_mrz(lines, today=TODAY).valid for lines in mixed) / len(mixed)
    results = [(good, repair_ocr(bad, today=TODAY)) for good, bad in noisy]
    repaired = sum(tuple(result.lines) == good for good, result in results)
    repaired_valid = sum(result.valid for _, result in results)
    figures = {
        "benchmark": "mrz",
        "mrz_checks_per_s": round(_rate(lambda x: parse_mrz(x, today=TODAY), mixed)),
        "mrz_mix_valid_share": round(valid_share, 3),
        "ocr_repairs_per_s": round(
            _rate(lambda x: repair_ocr(x, today=TODAY), [bad for _, bad in noisy])
        ),
        "ocr_valid_share": round(repaired_valid / len(noisy), 3),
        "ocr_repaired_to_original_share": round(repaired / len(noisy), 3),
        "mrz_samples": len(mixed),
        "ocr_samples": len(noisy),
        "python": platform.python_version(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
