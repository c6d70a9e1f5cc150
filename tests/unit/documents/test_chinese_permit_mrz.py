from __future__ import annotations

import json
from datetime import date

import pytest

from guomen.documents.chinese import (
    PermitLayout,
    PermitMrzFields,
    generate_permit_mrz,
    parse_permit_mrz,
    permit_layout_of,
)
from guomen.documents.mrz import MrzFieldError, compute_check_digit
from mrz_specimens import TD1

TODAY = date(2025, 6, 1)
EEP, MTP = PermitLayout.EEP, PermitLayout.MTP

HK_MACAO_PERMIT = PermitMrzFields(EEP, "CS", "C12345678", date(1990, 5, 17), date(2030, 5, 16))


def _eep_line(number: str, expiry: str, birth: str, *, code: str = "CS") -> str:
    """A one-line permit MRZ built by hand from the published layout (checks computed)."""
    n = number.ljust(9, "<") + compute_check_digit(number.ljust(9, "<"))
    e = expiry + compute_check_digit(expiry)
    b = birth + compute_check_digit(birth)
    return f"{code}{n}<{e}<{b}<{compute_check_digit(n + e + b)}"


def test_the_one_line_layout_matches_a_hand_built_line() -> None:
    lines = generate_permit_mrz(HK_MACAO_PERMIT)
    assert lines == (_eep_line("C12345678", "300516", "900517"),)
    assert lines == ("CSC123456788<3005165<9005178<6",)


@pytest.mark.parametrize(
    "fields",
    [
        HK_MACAO_PERMIT,
        PermitMrzFields(EEP, "CS", "CA0000001", date(2012, 1, 31), date(2027, 1, 30)),
        PermitMrzFields(EEP, "CD", "L12345678", date(1975, 12, 1), date(2029, 3, 3)),
        PermitMrzFields(
            MTP, "CR", "H12345678", date(1985, 2, 3), date(2031, 2, 2),
            renewal_count=1, sex="F", home_id="A1234567", surname="CHAN", given_names="TAI MAN",
        ),
        PermitMrzFields(
            MTP, "CR", "M87654321", date(2010, 7, 9), date(2027, 7, 8),
            renewal_count=0, sex="M", home_id="1234567", surname="LEONG", given_names="KA WAI",
        ),
        PermitMrzFields(
            MTP, "CR", "HA1234567", date(1970, 1, 1), date(2029, 6, 30),
            renewal_count=0, sex="M", home_id="Z6543210", surname="SMITH", given_names="JOHN",
        ),
        PermitMrzFields(
            MTP, "CT", "01234567", date(1985, 2, 3), date(2028, 2, 2),
            renewal_count=3, sex="M", home_id="A123456789", surname="LIN", given_names="ZHIMING",
            authority_code="0001",
        ),
    ],
)  # fmt: skip
def test_generate_then_parse_gives_the_same_fields(fields: PermitMrzFields) -> None:
    lines = generate_permit_mrz(fields)
    assert all(len(line) == 30 for line in lines)
    assert len(lines) == (1 if fields.layout is EEP else 3)
    result = parse_permit_mrz(lines, today=TODAY)
    assert result.valid, result.errors
    assert result.fields == fields
    assert result.layout is fields.layout
    assert all(check.ok for check in result.checks)


def test_three_line_names_are_transliterated_and_taiwan_keeps_the_authority_code() -> None:
    fields = PermitMrzFields(
        MTP, "CT", "01234567", date(1985, 2, 3), date(2028, 2, 2),
        renewal_count=3, sex="F", home_id="A223456789", surname="Lín", given_names="Zhì Míng",
        authority_code="0001",
    )  # fmt: skip
    lines = generate_permit_mrz(fields)
    assert lines[2] == "LIN<<ZHI<MING".ljust(26, "<") + "0001"
    parsed = parse_permit_mrz(lines, today=TODAY).fields
    assert parsed is not None
    assert (parsed.surname, parsed.given_names, parsed.authority_code) == (
        "LIN",
        "ZHI MING",
        "0001",
    )


@pytest.mark.parametrize(
    ("line", "errors"),
    [
        ("CSC123456789<3005165<9005178<6", {"bad_check_digit", "bad_composite_check"}),
        ("CSC123456788<3005164<9005178<6", {"bad_check_digit", "bad_composite_check"}),
        ("CSC123456788<3005165<9005178<7", {"bad_composite_check"}),
        (_eep_line("C12345678", "301316", "900517"), {"impossible_date"}),
        (_eep_line("C12345678", "300516", "900532"), {"impossible_date"}),
        (_eep_line("C1234<678", "300516", "900517"), {"bad_filler"}),
        (_eep_line("C12345678", "300516", "900517", code="XS"), {"bad_document_code"}),
    ],
)
def test_one_line_errors_are_reported_with_engine_codes(line: str, errors: set[str]) -> None:
    result = parse_permit_mrz(line, today=TODAY)
    assert not result.valid
    assert result.error_codes() == errors


def test_the_assumed_fillers_only_warn() -> None:
    line = "CSC123456788<3005165<9005178<6"
    changed = line[:12] + "0" + line[13:]
    result = parse_permit_mrz(changed, today=TODAY)
    assert result.valid
    assert result.warning_codes() == {"bad_filler"}


def test_an_expired_permit_is_valid_with_a_warning() -> None:
    result = parse_permit_mrz(_eep_line("C12345678", "240101", "900517"), today=TODAY)
    assert result.valid
    assert result.warning_codes() == {"expired"}
    assert result.fields is not None and result.fields.expiry_date == date(2024, 1, 1)


def test_three_line_errors_name_their_field() -> None:
    fields = PermitMrzFields(
        MTP, "CR", "H12345678", date(1985, 2, 3), date(2031, 2, 2),
        renewal_count=1, sex="F", home_id="A1234567", surname="CHAN", given_names="TAI MAN",
    )  # fmt: skip
    line1, line2, line3 = generate_permit_mrz(fields)
    bad_renewal = line1[:12] + "0X" + line1[14:]
    result = parse_permit_mrz([bad_renewal, line2, line3], today=TODAY)
    assert {"bad_character", "bad_check_digit", "bad_composite_check"} <= result.error_codes()
    bad_sex = line1[:22] + "Q" + line1[23:]
    assert "bad_sex" in parse_permit_mrz([bad_sex, line2, line3], today=TODAY).error_codes()
    bad_home = line2[:19] + "A1234568" + line2[27:]
    assert parse_permit_mrz([line1, bad_home, line3], today=TODAY).error_codes() == {
        "bad_composite_check"
    }


@pytest.mark.parametrize(
    ("mrz", "code"),
    [
        ("", "empty_input"),
        ("\n \n", "empty_input"),
        (["CSC123456788<3005165<9005178<6"] * 2, "bad_line_count"),
        ("CSC123456788<3005165<9005178<", "bad_length"),
        ("X" * 2_000_000, "input_too_large"),
        (TD1, "bad_document_code"),  # an ICAO card is not a permit card
        ("ISC123456788<3005165<9005178<6", "bad_document_code"),
    ],
)
def test_bad_input_gets_a_clear_code_and_never_raises(mrz: str | list[str], code: str) -> None:
    result = parse_permit_mrz(mrz, today=TODAY)
    assert not result.valid
    assert code in result.error_codes()


def test_lower_case_and_foreign_characters_are_reported() -> None:
    result = parse_permit_mrz("csc123456788<3005165<9005178<6", today=TODAY)
    assert result.error_codes() == {"lower_case"}
    assert result.fields is not None and result.fields.document_number == "C12345678"
    odd = parse_permit_mrz("CSC123456788<3005165<9005178«6", today=TODAY)
    assert "non_ascii" in odd.error_codes()


def test_a_wrong_input_type_is_reported() -> None:
    result = parse_permit_mrz(42, today=TODAY)  # type: ignore[arg-type]
    assert result.error_codes() == {"bad_input_type"}


@pytest.mark.parametrize(
    ("lines", "layout"),
    [
        (("CSC123456788<3005165<9005178<6",), EEP),
        (("CDL123456788<3005165<9005178<6",), EEP),
        (("CRH12345678" + "<" * 19, "<" * 30, "<" * 30), MTP),
        (("CT01234567" + "<" * 20, "<" * 30, "<" * 30), MTP),
        (TD1, None),
        (("C<CHN" + "<" * 25, "<" * 30, "<" * 30), None),  # the 1999 回乡证 was ICAO-like
        (("PSC123456788<3005165<9005178<6",), None),
        (("CSC12345",), None),
        ((), None),
    ],
)
def test_line_shape_selects_the_permit_layout(
    lines: tuple[str, ...], layout: PermitLayout | None
) -> None:
    assert permit_layout_of(lines) is layout


def _mtp(**changes: object) -> PermitMrzFields:
    base: dict[str, object] = {
        "layout": MTP, "document_code": "CR", "document_number": "H12345678",
        "birth_date": date(1985, 2, 3), "expiry_date": date(2031, 2, 2), "renewal_count": 1,
        "sex": "F", "home_id": "A1234567", "surname": "CHAN", "given_names": "TAI MAN",
    }  # fmt: skip
    base.update(changes)
    return PermitMrzFields(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (_mtp(document_code="XR"), "mrz_bad_document_code"),
        (_mtp(document_code="C"), "mrz_bad_document_code"),
        (_mtp(document_number="H1234 5678"), "mrz_bad_document_number"),
        (_mtp(document_number=""), "mrz_bad_document_number"),
        (_mtp(document_number="H1234567890"), "mrz_document_number_too_long"),
        (_mtp(birth_date=None), "mrz_missing_date"),
        (_mtp(renewal_count=100), "mrz_bad_renewal_count"),
        (_mtp(sex="X"), "mrz_bad_sex"),
        (_mtp(surname="", given_names=""), "mrz_empty_name"),
        (_mtp(home_id="A123456-7"), "mrz_bad_home_id"),
        (_mtp(home_id="A1234567890"), "mrz_home_id_too_long"),
    ],
)
def test_generation_refuses_fields_it_cannot_write(fields: PermitMrzFields, code: str) -> None:
    with pytest.raises(MrzFieldError) as raised:
        generate_permit_mrz(fields)
    assert raised.value.code == code


def test_the_result_is_json_ready() -> None:
    result = parse_permit_mrz(generate_permit_mrz(HK_MACAO_PERMIT), today=TODAY)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["valid"] is True
    assert data["format"] == "eep_1x30"
    assert data["fields"]["document_number"] == "C12345678"
    assert data["fields"]["expiry_date"] == "2030-05-16"
    assert [check["field"] for check in data["checks"]] == [
        "document_number",
        "expiry_date",
        "birth_date",
        "composite",
    ]
