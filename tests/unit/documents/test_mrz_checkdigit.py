from __future__ import annotations

import pytest

from guomen.documents.mrz import compute_check_digit, verify_check_digit
from guomen.documents.mrz.checkdigit import char_value


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("L898902C3", "6"),  # Doc 9303 Part 4 specimen document number
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("<<<<<<<<<<<<<<", "0"),
        ("", "0"),
    ],
)
def test_check_digit_of_specimen_fields(data: str, digit: str) -> None:
    assert compute_check_digit(data) == digit
    assert verify_check_digit(data, digit)


def test_values_follow_doc_9303() -> None:
    assert [char_value(c) for c in "09AZ<"] == [0, 9, 10, 35, 0]


def test_a_wrong_digit_or_a_foreign_character_does_not_verify() -> None:
    assert not verify_check_digit("L898902C3", "5")
    assert not verify_check_digit("l898902c3", "6")
    assert not verify_check_digit("L898902C3", "<")


def test_compute_rejects_characters_outside_the_mrz_alphabet() -> None:
    with pytest.raises(ValueError, match="not an MRZ character"):
        compute_check_digit("AB-1")
