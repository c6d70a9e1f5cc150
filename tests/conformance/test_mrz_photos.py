"""Conformance: reading MRZs from real photos and scans (../shared/testdata/mrz/images).

The 36 images come from PassportEye's test data (specimen and sample documents; the file name's
leading number is PassportEye's reference quality score). With Tesseract 5 through ``tesserocr``
24 of them read to a valid MRZ (see bench/bench_ocr.py); this suite fails if fewer than
``MEASURED_VALID - MARGIN`` do, if any result claims validity its check digits do not give, or if
a valid result has a document number other than the one printed on the image (read by eye,
``PRINTED_NUMBERS``). It takes ~15-20 s on two cores.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from guomen.adapters.ocr import TesseractMrzReader, find_engine
from guomen.documents.mrz import MrzResult, parse_mrz
from guomen.documents.photo import PHOTO_NO_MRZ_FOUND, read_mrz_from_photo
from guomen.shared.errors import ServiceUnavailable, ValidationFailed

REPO_ROOT = Path(__file__).resolve().parents[2]
IMAGES = REPO_ROOT.parent / "shared" / "testdata" / "mrz" / "images"
TODAY = date(2025, 6, 1)
MEASURED_VALID = 24  # Tesseract 5.5 (tesserocr 2.13) on 2025-era Debian, 36 images
MARGIN = 2

# Document numbers as printed on the images (read by eye from the MRZ crops).
PRINTED_NUMBERS = {
    "100_id-si.jpg": "099991001",
    "100_id-usa.jpg": "000000003",
    "100_pass-bdr.jpg": "CA000000",
    "100_pass-chn.jpg": "000000000",
    "100_pass-cze.jpg": "99003853",
    "100_pass-cze2.jpg": "99009054",
    "100_pass-fin.png": "XP8271602",
    "100_pass-hrv.jpg": "007007007",
    "100_pass-isl.png": "A0000000",
    "100_pass-ltu.jpg": "00000000",
    "100_pass-lux.jpg": "S998527",
    "100_pass-polx.jpg": "AA0000000",
    "100_pass-uto.jpg": "L898902C3",
    "100_pass2-uto.jpg": "D23145890",
    "100_visa-polx.jpg": "PL0000000",
    "100_visa-usa.jpg": "555123ABC",
    "24_pass-egy.jpg": "A00051376",
    "43_pass-fra.jpg": "08CD50338",
    "43_pass-twn.jpg": "M00000426",
    "53_id-d.jpg": "T22000129",
    "62_pass-aus.png": "PA0940409",
    "62_pass-pol.png": "ZS0000177",
    "79_pass-can.jpg": "ZE000509",
    "79_pass-hun.png": "BD0002028",
    "98_pass-nld.jpg": "XA0000014",
    "passport-td2.png": "D23145890",
    "passport-td3.png": "L898902C3",
}

Outcome = MrzResult | str  # the result, or the error code of a refused photo


def _image_names() -> list[str]:
    with (IMAGES / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return [row["file"] for row in csv.DictReader(handle)]


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    if not (IMAGES / "manifest.csv").exists():
        pytest.skip(f"MRZ photos not found at {IMAGES} (../shared/testdata is optional)")
    try:
        reader = TesseractMrzReader(find_engine())
    except ServiceUnavailable as exc:
        pytest.skip(f"Tesseract is not installed: {exc.message}")
    found: dict[str, Outcome] = {}
    for name in _image_names():
        try:
            found[name] = read_mrz_from_photo(reader, (IMAGES / name).read_bytes(), today=TODAY)
        except ValidationFailed as exc:
            found[name] = exc.code
    return found


def _valid(outcomes: dict[str, Outcome]) -> dict[str, MrzResult]:
    return {n: r for n, r in outcomes.items() if isinstance(r, MrzResult) and r.valid}


def test_every_photo_gives_a_result_or_no_mrz_found(outcomes: dict[str, Outcome]) -> None:
    assert len(outcomes) == 36
    refused = {name: o for name, o in outcomes.items() if isinstance(o, str)}
    assert set(refused.values()) <= {PHOTO_NO_MRZ_FOUND}


def test_as_many_photos_read_valid_as_measured(outcomes: dict[str, Outcome]) -> None:
    valid = _valid(outcomes)
    assert len(valid) >= MEASURED_VALID - MARGIN, sorted(valid)


def test_validity_is_always_that_of_the_check_digits(outcomes: dict[str, Outcome]) -> None:
    for name, outcome in outcomes.items():
        if not isinstance(outcome, MrzResult):
            continue
        strict = parse_mrz(list(outcome.lines), today=TODAY)
        assert strict.valid == outcome.valid, name
        checks_pass = all(check.ok for check in outcome.checks) and not outcome.errors
        assert outcome.valid == checks_pass, name
        if outcome.valid:
            assert strict.fields == outcome.fields, name


def test_valid_readings_carry_the_printed_document_number(
    outcomes: dict[str, Outcome],
) -> None:
    for name, result in _valid(outcomes).items():
        assert result.fields is not None
        if name in PRINTED_NUMBERS:
            assert result.fields.document_number == PRINTED_NUMBERS[name], name
