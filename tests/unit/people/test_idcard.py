from __future__ import annotations

from datetime import date

import pytest

from guomen.people.idcard import check_character, is_valid_id_number, make_id_number


def test_published_example_number_validates() -> None:
    # GB 11643-1999 worked example: 11010519491231002X.
    assert check_character("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002x")


@pytest.mark.parametrize("value", ["110105194912310021", "11010519491331002X", "1101051949", ""])
def test_wrong_numbers_are_rejected(value: str) -> None:
    assert not is_valid_id_number(value)


def test_generated_numbers_encode_birth_date_and_sex() -> None:
    number = make_id_number("440304", date(1990, 2, 28), 17, male=True)
    assert is_valid_id_number(number)
    assert number[6:14] == "19900228" and int(number[16]) % 2 == 1
    assert int(make_id_number("440304", date(1990, 2, 28), 17, male=False)[16]) % 2 == 0
