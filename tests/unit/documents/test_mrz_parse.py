from __future__ import annotations

import json
from datetime import date

import pytest

from guomen.documents.mrz import MrzFormat, compute_check_digit, parse_mrz
from guomen.documents.mrz.dates import resolve_birth_date, resolve_expiry_date
from mrz_specimens import MRV_A, MRV_B, TD1, TD1_LONG_NUMBER, TD2, TD2_LONG_NUMBER, TD3, TODAY


@pytest.mark.parametrize(
    ("lines", "fmt"),
    [
        (TD3, MrzFormat.TD3),
        (TD1, MrzFormat.TD1),
        (TD2, MrzFormat.TD2),
        (MRV_A, MrzFormat.MRV_A),
        (MRV_B, MrzFormat.MRV_B),
        (TD1_LONG_NUMBER, MrzFormat.TD1),
        (TD2_LONG_NUMBER, MrzFormat.TD2),
    ],
)
def test_doc_9303_specimens_are_valid_with_warnings_only(
    lines: tuple[str, ...], fmt: MrzFormat
) -> None:
    result = parse_mrz(lines, today=TODAY)
    assert result.valid
    assert result.format is fmt
    assert result.errors == ()
    assert result.warning_codes() == {"unknown_state", "expired"}
    assert all(check.ok for check in result.checks)


def test_td3_specimen_fields_are_typed() -> None:
    fields = parse_mrz(TD3, today=TODAY).fields
    assert fields is not None
    assert fields.document_code == "P"
    assert fields.issuing_state == fields.nationality == "UTO"
    assert (fields.surname, fields.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert fields.document_number == "L898902C3"
    assert fields.birth_date == date(1974, 8, 12)
    assert fields.sex == "F"
    assert fields.expiry_date == date(2012, 4, 15)
    assert fields.optional_data == "ZE184226B"
    assert fields.optional_data_2 == ""


def test_text_block_with_surrounding_whitespace_parses_like_a_list() -> None:
    text = "\n  " + "\r\n".join(TD3) + "  \n\n"
    assert parse_mrz(text, today=TODAY) == parse_mrz(list(TD3), today=TODAY)


def test_long_td1_and_td2_document_numbers_continue_in_the_optional_field() -> None:
    for lines in (TD1_LONG_NUMBER, TD2_LONG_NUMBER):
        fields = parse_mrz(lines, today=TODAY).fields
        assert fields is not None
        assert fields.document_number == "D23145890734"
        assert fields.optional_data == ""


def test_long_number_check_digit_over_the_printed_characters_is_accepted() -> None:
    # Belgian specimen BEL-BO-03003: the issuer computes over 000590240<601.
    lines = [
        "IDBEL000590240<6013<<<<<<<<<<<",
        "8512017F1311048BEL851201002007",
        "REINARTZ<<ULRIKE<KATIA<E<<<<<<",
    ]
    result = parse_mrz(lines, today=TODAY)
    assert result.valid
    assert result.fields is not None
    assert result.fields.document_number == "000590240601"
    assert result.fields.optional_data_2 == "85120100200"


def test_to_dict_is_json_ready_with_iso_dates() -> None:
    result = parse_mrz(TD3, today=TODAY)
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["valid"] is True
    assert data["format"] == "TD3"
    fields = data["fields"]
    assert isinstance(fields, dict)
    assert fields["birth_date"] == "1974-08-12"
    assert fields["expiry_date"] == "2012-04-15"
    assert [w.code for w in result.warnings] == ["unknown_state", "unknown_state", "expired"]
    assert data["warnings"] == [w.to_dict() for w in result.warnings]


def test_expired_is_relative_to_today() -> None:
    assert "expired" not in parse_mrz(TD3, today=date(2012, 4, 15)).warning_codes()
    assert "expired" in parse_mrz(TD3, today=date(2012, 4, 16)).warning_codes()


def test_known_states_can_be_injected_as_a_set_or_a_predicate() -> None:
    as_set = parse_mrz(TD3, today=TODAY, known_states=frozenset({"UTO"}))
    assert "unknown_state" not in as_set.warning_codes()
    nothing_known = parse_mrz(TD1, today=TODAY, known_states=lambda code: False)
    assert [w.field for w in nothing_known.warnings if w.code == "unknown_state"] == [
        "issuing_state",
        "nationality",
    ]


def test_built_in_states_know_iso_and_icao_codes() -> None:
    line2 = "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"
    result = parse_mrz(["P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", line2], today=TODAY)
    assert result.valid
    assert "unknown_state" not in result.warning_codes()
    assert result.fields is not None
    assert result.fields.issuing_state == result.fields.nationality == "D"


def _td3_with(line2: str, line1: str = TD3[0]) -> list[str]:
    return [line1, line2]


@pytest.mark.parametrize(
    ("line2", "field"),
    [
        ("L898902C35UTO7408122F1204159ZE184226B<<<<<10", "document_number"),
        ("L898902C36UTO7408123F1204159ZE184226B<<<<<10", "birth_date"),
        ("L898902C36UTO7408122F1204158ZE184226B<<<<<10", "expiry_date"),
        ("L898902C36UTO7408122F1204159ZE184226B<<<<<20", "optional_data"),
    ],
)
def test_each_bad_check_digit_is_reported_on_its_field(line2: str, field: str) -> None:
    result = parse_mrz(_td3_with(line2), today=TODAY)
    assert not result.valid
    assert ("bad_check_digit", field) in {(e.code, e.field) for e in result.errors}


def test_bad_composite_check() -> None:
    result = parse_mrz(_td3_with("L898902C36UTO7408122F1204159ZE184226B<<<<<12"), today=TODAY)
    assert result.error_codes() == {"bad_composite_check"}
    composite = next(c for c in result.checks if c.field == "composite")
    assert (composite.found, composite.computed, composite.ok) == ("2", "0", False)


def _td3_line2(number: str = "L898902C3", birth: str = "740812", sex: str = "F") -> str:
    """A TD3 line 2 with every check digit computed (other fields from the specimen)."""
    line = number + compute_check_digit(number) + "UTO" + birth + compute_check_digit(birth)
    line += sex + "1204159" + "ZE184226B<<<<<1"
    return line + compute_check_digit(line[0:10] + line[13:20] + line[21:43])


@pytest.mark.parametrize("birth", ["741312", "740230", "7408AB"])
def test_impossible_birth_date(birth: str) -> None:
    result = parse_mrz(_td3_with(_td3_line2(birth=birth)), today=TODAY)
    assert result.error_codes() == {"impossible_date"}
    assert result.errors[0].field == "birth_date"
    assert result.fields is not None and result.fields.birth_date is None


def test_unknown_parts_of_a_birth_date_are_a_warning() -> None:
    result = parse_mrz(_td3_with(_td3_line2(birth="74<<<<")), today=TODAY)
    assert result.valid
    assert "partial_birth_date" in result.warning_codes()
    assert result.fields is not None and result.fields.birth_date is None


def test_bad_sex_code() -> None:
    result = parse_mrz(_td3_with(_td3_line2(sex="Q")), today=TODAY)
    assert result.error_codes() == {"bad_sex"}


def test_unspecified_sex_is_an_empty_string() -> None:
    result = parse_mrz(_td3_with("L898902C36UTO7408122<1204159ZE184226B<<<<<10"), today=TODAY)
    assert result.valid
    assert result.fields is not None and result.fields.sex == ""


@pytest.mark.parametrize(
    "line1",
    [
        "P<UTOERIKSSON<<ANNA<<<<MARIA<<<<<<<<<<<<<<<<",  # a run of fillers inside the name
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<X<<<<<<<",  # a letter in the padding
    ],
)
def test_bad_filler_in_the_name(line1: str) -> None:
    result = parse_mrz(_td3_with(TD3[1], line1), today=TODAY)
    assert ("bad_filler", "name") in {(e.code, e.field) for e in result.errors}


def test_filler_inside_the_document_number() -> None:
    result = parse_mrz(_td3_with(_td3_line2(number="L89<902C3")), today=TODAY)
    assert result.error_codes() == {"bad_filler"}
    assert result.errors[0].field == "document_number"


def test_bad_document_code_and_state_code() -> None:
    result = parse_mrz(["X<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3[1]], today=TODAY)
    codes = {(e.code, e.field) for e in result.errors}
    assert ("bad_document_code", "document_code") in codes
    assert ("bad_state_code", "issuing_state") in codes


def test_a_name_filling_its_field_may_be_truncated() -> None:
    result = parse_mrz(["P<UTOVAN<NIEUWENHUIZEN<<GERARD<ROBBERT<MARTI", TD3[1]], today=TODAY)
    assert result.valid
    assert "name_truncated" in result.warning_codes()
    assert result.fields is not None
    assert result.fields.given_names == "GERARD ROBBERT MARTI"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("740812", date(1974, 8, 12)),
        ("250601", date(2025, 6, 1)),  # today: in the past or present
        ("250602", date(1925, 6, 2)),  # tomorrow's date in 2025 would be in the future
        ("000229", date(2000, 2, 29)),
        ("010229", None),
        ("741301", None),
    ],
)
def test_birth_dates_resolve_into_the_past(text: str, expected: date | None) -> None:
    assert resolve_birth_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120415", date(2012, 4, 15)),
        ("750101", date(2075, 1, 1)),  # up to today.year + 50
        ("760101", date(1976, 1, 1)),
        ("991231", date(1999, 12, 31)),
    ],
)
def test_expiry_dates_resolve_within_the_window(text: str, expected: date) -> None:
    assert resolve_expiry_date(text, TODAY) == expected
