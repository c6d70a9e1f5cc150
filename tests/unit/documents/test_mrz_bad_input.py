"""Bad input never raises: each kind gets its own issue code (parse and OCR repair alike)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from guomen.documents.mrz import MrzResult, parse_mrz, repair_ocr
from mrz_specimens import TD3, TODAY

Reader = Callable[..., MrzResult]
READERS = [pytest.param(parse_mrz, id="parse"), pytest.param(repair_ocr, id="repair")]


def _codes(reader: Reader, value: Any) -> frozenset[str]:
    result = reader(value, today=TODAY)
    assert not result.valid
    return result.error_codes()


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("value", ["", "   \n\t\n", [], ["", "  "]])
def test_empty_input(reader: Reader, value: Any) -> None:
    assert _codes(reader, value) == {"empty_input"}


@pytest.mark.parametrize("reader", READERS)
def test_wrong_line_count(reader: Reader) -> None:
    assert "bad_line_count" in _codes(reader, [TD3[0]])
    assert "bad_line_count" in _codes(reader, [*TD3, *TD3])


@pytest.mark.parametrize("reader", READERS)
def test_wrong_line_length(reader: Reader) -> None:
    assert _codes(reader, [TD3[0], TD3[1][:-1]]) == {"bad_length"}
    assert _codes(reader, ["A" * 50, "B" * 50]) == {"bad_length"}


def test_lower_case_is_an_error_for_the_strict_parser_but_fields_are_read() -> None:
    result = parse_mrz([TD3[0].lower(), TD3[1]], today=TODAY)
    assert result.error_codes() == {"lower_case"}
    assert result.fields is not None
    assert result.fields.surname == "ERIKSSON"


def test_non_ascii_character() -> None:
    result = parse_mrz([TD3[0].replace("ERIKSSON", "ÉRIKSSON"), TD3[1]], today=TODAY)
    assert {"non_ascii", "bad_name"} <= result.error_codes()
    assert not result.valid


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\u200b"])
def test_control_characters(control: str) -> None:
    line = TD3[0][:10] + control + TD3[0][11:]
    assert "control_character" in _codes(parse_mrz, [line, TD3[1]])


def test_other_ascii_characters() -> None:
    line = TD3[1][:5] + "-" + TD3[1][6:]
    result = parse_mrz([TD3[0], line], today=TODAY)
    assert {"bad_character", "bad_check_digit"} <= result.error_codes()


@pytest.mark.parametrize("reader", READERS)
def test_one_megabyte_of_garbage_is_refused_quickly(reader: Reader) -> None:
    garbage = ("x<9\u00e9\x00 " * 200_000)[:1_000_000]
    started = time.perf_counter()
    assert _codes(reader, garbage) == {"input_too_large"}
    assert _codes(reader, [garbage]) == {"input_too_large"}
    assert _codes(reader, ["P<UTO"] * 100_000) == {"input_too_large"}
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("value", [None, 42, b"P<UTO", [1, 2], [TD3[0], None], {"a": 1}])
def test_wrong_input_types(reader: Reader, value: Any) -> None:
    assert _codes(reader, value) == {"bad_input_type"}


def test_every_issue_has_a_message_and_serialises() -> None:
    result = parse_mrz(["P<UTO\x00rik", "é"], today=TODAY)
    data = result.to_dict()
    assert data["fields"] is None
    assert data["valid"] is False
    assert all(issue.message for issue in result.errors)
