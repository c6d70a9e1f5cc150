"""Conformance: the MRZ engine against public MRZ test suites (../shared/testdata/mrz).

Every case must behave as its source library says, or be listed in ``mrz_expectations.yaml``
with the reason our Doc 9303 semantics differ and what we return instead. Cases whose source
asserts no validity are expected to parse valid unless listed there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from guomen.documents.mrz import (
    MrzFormat,
    MrzResult,
    compute_check_digit,
    generate_mrz,
    parse_mrz,
    repair_ocr,
    verify_check_digit,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = REPO_ROOT.parent / "shared" / "testdata" / "mrz" / "mrz_cases.json"
EXPECTATIONS_FILE = Path(__file__).with_name("mrz_expectations.yaml")
TODAY = date(2025, 6, 1)


def _load() -> dict[str, Any]:
    if not CASES_FILE.exists():
        pytest.skip(f"MRZ test data not found at {CASES_FILE} (../shared/testdata is optional)")
    data: dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return data


def _expectations() -> dict[str, dict[str, Any]]:
    loaded: dict[str, Any] = yaml.safe_load(EXPECTATIONS_FILE.read_text(encoding="utf-8"))
    cases: dict[str, dict[str, Any]] = loaded["cases"]
    return cases


def _case_params() -> list[Any]:
    if not CASES_FILE.exists():
        return [pytest.param(None, id="mrz-test-data-absent")]
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(case, id=f"{index:02d}-{case['id']}") for index, case in enumerate(cases)]


def _vector_params() -> list[Any]:
    if not CASES_FILE.exists():
        return [pytest.param(None, id="mrz-test-data-absent")]
    vectors = json.loads(CASES_FILE.read_text(encoding="utf-8"))["check_digit_vectors"]
    return [pytest.param(v, id=f"{i:02d}-{v['data']}") for i, v in enumerate(vectors)]


# --- source field names → our values -----------------------------------------------------------


def _check(result: MrzResult, field: str) -> str | None:
    return next((c.found for c in result.checks if c.field == field), None)


def _yymmdd(value: date | None) -> str | None:
    return f"{value.year % 100:02d}{value.month:02d}{value.day:02d}" if value else None


def _date_as_source(value: date | None, expected: str) -> str | None:
    """jmrtd/cheminfo give YYMMDD, dmrtd gives ISO dates."""
    if value is None:
        return None
    return value.isoformat() if "-" in expected else _yymmdd(value)


Getter = Callable[[MrzResult, Any], Any]
FIELDS: dict[str, Getter] = {
    "documentCode": lambda r, e: r.fields.document_code if r.fields else None,
    "issuingState": lambda r, e: r.fields.issuing_state if r.fields else None,
    "country": lambda r, e: r.fields.issuing_state if r.fields else None,
    "nationality": lambda r, e: r.fields.nationality if r.fields else None,
    "documentNumber": lambda r, e: r.fields.document_number if r.fields else None,
    "lastName": lambda r, e: r.fields.surname if r.fields else None,
    "primaryIdentifier": lambda r, e: r.fields.surname if r.fields else None,
    "firstName": lambda r, e: r.fields.given_names if r.fields else None,
    "secondaryIdentifier": lambda r, e: r.fields.given_names if r.fields else None,
    "secondaryIdentifierComponents": lambda r, e: (
        r.fields.given_names.split() if r.fields else None
    ),
    "birthDate": lambda r, e: _yymmdd(r.fields.birth_date) if r.fields else None,
    "dateOfBirth": lambda r, e: _date_as_source(r.fields.birth_date, e) if r.fields else None,
    "expirationDate": lambda r, e: _yymmdd(r.fields.expiry_date) if r.fields else None,
    "dateOfExpiry": lambda r, e: _date_as_source(r.fields.expiry_date, e) if r.fields else None,
    "sex": lambda r, e: r.fields.sex if r.fields else None,
    "gender": lambda r, e: r.fields.sex if r.fields else None,
    "optional1": lambda r, e: r.fields.optional_data if r.fields else None,
    "optional": lambda r, e: r.fields.optional_data if r.fields else None,
    "optionalData": lambda r, e: r.fields.optional_data if r.fields else None,
    "personalNumber": lambda r, e: r.fields.optional_data if r.fields else None,
    "optional2": lambda r, e: r.fields.optional_data_2 if r.fields else None,
    "optionalData2": lambda r, e: r.fields.optional_data_2 if r.fields else None,
    "documentNumberCheckDigit": lambda r, e: _check(r, "document_number"),
    "birthDateCheckDigit": lambda r, e: _check(r, "birth_date"),
    "expirationDateCheckDigit": lambda r, e: _check(r, "expiry_date"),
    "personalNumberCheckDigit": lambda r, e: _check(r, "optional_data"),
    "compositeCheckDigit": lambda r, e: _check(r, "composite"),
}


def _normalise(name: str, value: Any) -> Any:
    """Representation differences only (not semantics): sex words, padded state codes."""
    if name in ("sex", "gender") and isinstance(value, str):
        return {"male": "M", "female": "F"}.get(value.lower(), value[:1].upper())
    if name in ("issuingState", "nationality", "country") and isinstance(value, str):
        return value.rstrip("<")  # jmrtd keeps the fillers of "D<<"
    if name == "optionalData2" and value is None:
        return ""  # dmrtd: null where the format has no second optional field
    return value


# --- source error messages → our issue codes ---------------------------------------------------

EXCEPTION_CODES: dict[str, tuple[str, str | None]] = {
    "Document Number check digit mismatch": ("bad_check_digit", "document_number"),
    "Data of Birth check digit mismatch": ("bad_check_digit", "birth_date"),
    "Data of Expiry check digit mismatch": ("bad_check_digit", "expiry_date"),
    "Optional data check digit mismatch": ("bad_check_digit", "optional_data"),
    "Composite check digit mismatch": ("bad_composite_check", "composite"),
    "Invalid MRZ data": ("empty_input", None),
}
_CHECK_MESSAGE = re.compile(r"invalid check digit: (.)\. Must be (.+)")
_COMPUTED = re.compile(r"<computeCheckDigit\('(.+)'\)>")


def _assert_exception(result: MrzResult, message: str) -> None:
    if message.startswith("unrecognized document format. Input must have"):
        assert "bad_line_count" in result.error_codes()
        return
    if message.startswith("unrecognized document format. First line"):
        assert "bad_length" in result.error_codes()
        return
    code, field = EXCEPTION_CODES[message]
    assert (code, field) in {(str(e.code), e.field) for e in result.errors}, result.errors


def _assert_error_message(result: MrzResult, message: str) -> None:
    match = _CHECK_MESSAGE.fullmatch(message)
    assert match, f"no mapping for source message {message!r}"
    found, must_be = match.groups()
    computed = _COMPUTED.fullmatch(must_be)
    expected = compute_check_digit(computed.group(1)) if computed else must_be
    failing = {(c.found, c.computed) for c in result.checks if not c.ok}
    assert (found, expected) in failing, result.checks


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", _vector_params())
def test_check_digit_vector(vector: dict[str, Any] | None) -> None:
    if vector is None:
        _load()
        return
    assert verify_check_digit(vector["data"], vector["check_digit"]) is vector["valid"]


@pytest.mark.parametrize("case", _case_params())
def test_mrz_case(case: dict[str, Any] | None) -> None:
    if case is None:
        _load()
        return
    listed = _expectations().get(case["id"], {})
    if case.get("requires_ocr_autocorrect"):
        _assert_ocr_case(case, listed)
        return
    result = parse_mrz(case["mrz_lines"], today=TODAY)
    _assert_validity(case, listed, result)
    for code in listed.get("errors", []):
        assert code in result.error_codes(), result.errors
    if listed.get("unsupported"):
        return  # not a Doc 9303 layout: the source's fields and messages do not apply
    if "expected_exception" in case and "errors" not in listed:
        _assert_exception(result, case["expected_exception"])
    for message in [] if "errors" in listed else case.get("expected_error_messages", []):
        _assert_error_message(result, message)
    for code in listed.get("warnings", []):
        assert code in result.warning_codes(), result.warnings
    _assert_fields(case, listed, result)
    _assert_round_trip(case, result)


def _assert_validity(case: dict[str, Any], listed: dict[str, Any], result: MrzResult) -> None:
    expected = listed.get("valid", case.get("valid"))
    if expected is None:
        expected = True  # unasserted specimens must read valid unless listed with a reason
    assert result.valid is expected, (result.errors, result.warnings)


def _assert_fields(case: dict[str, Any], listed: dict[str, Any], result: MrzResult) -> None:
    expected_fields = {**case.get("expected_fields", {}), **listed.get("fields", {})}
    for name, expected in expected_fields.items():
        assert name in FIELDS, f"no mapping for source field {name!r}"
        actual = FIELDS[name](result, expected)
        assert actual == _normalise(name, expected), f"{name}: {actual!r} != {expected!r}"


def _assert_round_trip(case: dict[str, Any], result: MrzResult) -> None:
    """jmrtd asserts decode → re-encode gives the input back; we do the same for valid ones."""
    if "round-trip" not in case.get("note", "") or not result.valid:
        return
    assert result.fields is not None and result.format is not None
    regenerated = generate_mrz(result.fields, MrzFormat(result.format))
    assert list(regenerated.lines) == case["mrz_lines"]


def _assert_ocr_case(case: dict[str, Any], listed: dict[str, Any]) -> None:
    repaired = repair_ocr(case["mrz_lines"], today=TODAY)
    clean = parse_mrz(case["clean_mrz_lines"], today=TODAY)
    if "valid" in listed:  # a layout outside Doc 9303: no false claim of validity
        assert repaired.valid is listed["valid"]
        return
    assert list(repaired.lines) == case["clean_mrz_lines"]
    assert repaired.fields == clean.fields
    assert repaired.valid is clean.valid is True
    assert repaired.corrections, "the noisy input must be reported as corrected"
