from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from guomen.documents.mrz import MrzCorrection, generate_mrz, parse_mrz, repair_ocr
from guomen.documents.mrz.ocr_repair import MAX_CANDIDATES
from mrz_specimens import TD1, TD2, TD3, TODAY


def _changes(result_corrections: tuple[MrzCorrection, ...]) -> set[tuple[int, int, str, str]]:
    return {(c.line, c.column, c.from_char, c.to_char) for c in result_corrections}


def test_clean_input_needs_no_correction() -> None:
    result = repair_ocr(TD3, today=TODAY)
    assert result == parse_mrz(TD3, today=TODAY)
    assert result.corrections == ()


def test_typical_confusions_are_repaired_and_reported() -> None:
    noisy = [
        "P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O",
    ]
    result = repair_ocr(noisy, today=TODAY)
    assert result.valid
    assert list(result.lines) == list(TD3)
    assert result.fields == parse_mrz(TD3, today=TODAY).fields
    assert (1, 5, "0", "O") in _changes(result.corrections)  # state code: letters only
    assert (2, 17, "B", "8") in _changes(result.corrections)  # birth date: digits only
    assert (2, 44, "O", "0") in _changes(result.corrections)  # composite check digit
    # the name and the state code are not covered by any check digit: say so
    unchecked = {w.field for w in result.warnings if w.code == "ocr_unchecked_correction"}
    assert {"issuing_state", "name"} <= unchecked


def test_document_number_confusions_are_chosen_by_the_check_digit() -> None:
    noisy = [TD3[0], "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"]
    result = repair_ocr(noisy, today=TODAY)
    assert result.valid
    assert result.fields is not None and result.fields.document_number == "L898902C3"
    assert [c.to_dict() for c in result.corrections] == [
        {"line": 2, "column": 6, "from": "O", "to": "0", "reason": "check_digit"}
    ]
    assert "ocr_unchecked_correction" not in result.warning_codes()


def test_case_spaces_and_filler_lookalikes() -> None:
    noisy = "\n".join(
        [
            "p<utoeriksson«<anna<maria«««««««««««««««««««",
            "L898902C3 6UTO 7408122F 1204159ZE184226B<<<<< 10",
            "",
        ]
    )
    result = repair_ocr(noisy, today=TODAY)
    assert result.valid
    assert list(result.lines) == list(TD3)
    reasons = {c.reason for c in result.corrections}
    assert reasons == {"case", "filler", "whitespace"}
    assert (2, 10, " ", "") in _changes(result.corrections)


def test_k_read_for_fillers() -> None:
    noisy = [TD1[0].replace("<<<<<<<", "<<K<<KK"), TD1[1], "ERIKSSON<<ANNA<MARIA<<<K<<<KKK"]
    result = repair_ocr(noisy, today=TODAY)
    assert result.valid
    assert list(result.lines) == list(TD1)
    assert {c.reason for c in result.corrections} == {"k_filler"}
    # K and < weigh the same in check digits: the officer is told nothing confirms these
    unchecked = {w.field for w in result.warnings if w.code == "ocr_unchecked_correction"}
    assert unchecked == {"optional_data", "name"}


def test_k_that_may_be_a_name_is_kept() -> None:
    fields = parse_mrz(TD2, today=TODAY).fields
    assert fields is not None
    lines = generate_mrz(replace(fields, given_names="ANNA K"), "TD2").lines
    result = repair_ocr(lines, today=TODAY)
    assert result.valid
    assert result.fields is not None and result.fields.given_names == "ANNA K"
    assert result.corrections == ()


def test_no_false_claim_when_no_reading_passes() -> None:
    wrong_check = [TD3[0], "L898902C37UTO7408122F1204159ZE184226B<<<<<10"]
    result = repair_ocr(wrong_check, today=TODAY)
    assert not result.valid
    assert {"bad_check_digit", "bad_composite_check"} & result.error_codes()
    # no "fix" of the number that only satisfies its own check digit
    assert result.fields is not None and result.fields.document_number == "L898902C3"
    assert all(c.reason != "check_digit" for c in result.corrections)


def test_equally_good_readings_are_reported_as_ambiguous() -> None:
    # A visa has no composite check: 2->Z and 1->I both satisfy the number's check digit.
    noisy = ["V<UTOERIKSSON<<ANNA<<<<<<<<<<<<<<<<<", "CSG1S6O215UTO7408122F3001019<<<<<<<<"]
    result = repair_ocr(noisy, today=TODAY)
    assert result.valid
    assert "ocr_ambiguous" in result.warning_codes()
    assert len(result.corrections) == 1


def test_search_is_bounded() -> None:
    # Every optional-data position is ambiguous and the composite can never match.
    line1 = "I<UTOD231458907" + "O0I1B8S5Z2G6O0I"
    noisy = [line1, TD1[1][:-1] + "X", TD1[2]]
    started = time.perf_counter()
    result = repair_ocr(noisy, today=TODAY)
    assert time.perf_counter() - started < 2.0
    assert not result.valid
    assert MAX_CANDIDATES == 4096


@st.composite
def _noisy(draw: st.DrawFn) -> list[str]:
    lines = list(draw(st.sampled_from([TD1, TD2, TD3])))
    rng = random.Random(draw(st.integers(0, 2**32)))
    swaps = {"0": "O", "O": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S", "S": "5"}
    swaps |= {"2": "Z", "Z": "2", "6": "G", "G": "6", "<": "K"}
    for _ in range(draw(st.integers(0, 6))):
        row = rng.randrange(len(lines))
        column = rng.randrange(len(lines[row]))
        char = lines[row][column]
        replacement = swaps.get(char, rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"))
        lines[row] = lines[row][:column] + replacement + lines[row][column + 1 :]
    return lines


@settings(max_examples=200, deadline=None)
@given(noisy=_noisy())
def test_validity_is_always_that_of_the_lines_returned(noisy: list[str]) -> None:
    result = repair_ocr(noisy, today=date(2025, 6, 1))
    reparsed = parse_mrz(result.lines, today=date(2025, 6, 1))
    assert result.valid is reparsed.valid
    assert result.fields == reparsed.fields
    assert result.valid is (not result.errors)
