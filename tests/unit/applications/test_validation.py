"""The application form: each bad input gets its own clear message, all at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from application_helpers import BIRTH, ID_NUMBER, form
from guomen.applications.model import ApplicationType, GreenReason
from guomen.applications.validation import (
    FormInvalid,
    applicant_details,
    endorsement_of,
    green_of,
    new_errors,
    parse_id_number,
    suggest_pinyin,
)
from guomen.people.idcard import check_character, make_id_number
from guomen.people.model import Sex
from guomen.shared.errors import ValidationFailed

TODAY = date(2026, 11, 22)


def _details(**overrides: object):  # type: ignore[no-untyped-def]
    cmd = replace(form(), **overrides)  # type: ignore[arg-type]
    errors = new_errors()
    details = applicant_details(
        errors,
        ApplicationType(cmd.app_type),
        surname=cmd.surname,
        given_names=cmd.given_names,
        name_zh=cmd.name_zh,
        id_number=cmd.id_number,
        birth_date=cmd.birth_date,
        sex=cmd.sex,
        nationality=cmd.nationality,
        foreign_document_number=cmd.foreign_document_number,
        phone=cmd.phone,
        email=cmd.email,
        address=cmd.address,
        delivery_address=cmd.delivery_address,
        today=TODAY,
    )
    return details, errors.errors


def _wrong_check(number: str) -> str:
    right = check_character(number[:17])
    return number[:17] + next(c for c in "0123456789X" if c != right)


def test_a_valid_identity_number_gives_birth_date_and_sex() -> None:
    facts = parse_id_number(ID_NUMBER.lower() if ID_NUMBER.endswith("X") else ID_NUMBER)
    assert facts.birth_date == BIRTH and facts.sex is Sex.MALE and facts.region == "110101"
    woman = parse_id_number(make_id_number("440305", date(2001, 2, 28), 7, False))
    assert woman.sex is Sex.FEMALE


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010119900315001", "id_length"),  # 17 characters
        (ID_NUMBER + "1", "id_length"),
        ("", "id_length"),
        ("11010119900315001Y", "id_characters"),
        ("1101011990031500A1", "id_characters"),
        ("110101１９９００３15001" + "1", "id_characters"),  # full-width digits
        ("110101" + "19900230" + "0011", "id_bad_date"),  # 30 February
        ("110101" + "19901301" + "0011", "id_bad_date"),  # month 13
        (_wrong_check(ID_NUMBER), "id_check_character"),
    ],
)
def test_each_kind_of_bad_identity_number_has_its_own_message(number: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as bad:
        parse_id_number(number)
    assert bad.value.code == code


def test_birth_date_and_sex_must_agree_with_the_identity_number() -> None:
    details, errors = _details(birth_date="1990-03-16", sex="F")
    assert details is None
    assert "does not match the identity number (1990-03-15)" in errors["birth_date"]
    assert errors["sex"] == "does not match the identity number"
    ok, none = _details(birth_date=BIRTH.isoformat(), sex="M")
    assert ok is not None and none == {}


def test_every_bad_field_is_reported_at_once() -> None:
    details, errors = _details(
        id_number=_wrong_check(ID_NUMBER),
        surname="张",
        given_names="Wei3",
        name_zh="Zhang Wei",
        phone="12345",
        email="not-an-address",
        address="",
        birth_date="1990-02-30",
    )
    assert details is None
    assert set(errors) == {
        "id_number",
        "surname",
        "given_names",
        "name_zh",
        "phone",
        "email",
        "address",
        "birth_date",
    }
    assert "check character is wrong" in errors["id_number"]
    assert errors["birth_date"] == "not a date (YYYY-MM-DD)"


def test_oversized_and_hostile_text_is_refused() -> None:
    _, long_errors = _details(address="北" * 201, surname="A" * 41)
    assert long_errors["address"] == "at most 200 characters"
    assert long_errors["surname"] == "at most 40 characters"
    _, hostile = _details(address="北京\x00市", delivery_address="\u202e上海")
    assert hostile["address"] == "contains control characters"
    assert hostile["delivery_address"] == "contains control characters"


def test_names_are_normalised_and_a_future_birth_is_impossible() -> None:
    details, _ = _details(surname="  zhang ", given_names="xiao  ming", phone="+86 138-0013-8000")
    assert details is not None
    assert (details.surname, details.given_names, details.phone) == (
        "ZHANG",
        "XIAO MING",
        "13800138000",
    )
    born_later = make_id_number("110101", date(2027, 1, 1), 1, True)
    _, errors = _details(id_number=born_later)
    assert errors["id_number"] == "the birth date in the number is in the future"


def test_a_foreigner_gives_a_passport_not_an_identity_number() -> None:
    details, errors = _details(
        app_type="foreigner_stay_extension",
        id_number="",
        nationality="D",
        foreign_document_number="c01x00t47",
        birth_date="1985-05-05",
        sex="F",
        name_zh="",
        previous_document_number="",
    )
    assert errors == {} and details is not None
    assert details.foreign_document_number == "C01X00T47" and details.id_number == ""
    _, chinese = _details(
        app_type="foreigner_stay_extension",
        nationality="CHN",
        foreign_document_number="E12345678",
        birth_date="1985-05-05",
        sex="F",
    )
    assert "foreign nationality" in chinese["nationality"]


def test_endorsements_must_be_a_standard_offering() -> None:
    errors = new_errors()
    g = endorsement_of(errors, ApplicationType.HK_MACAO_PERMIT, "g", 12, "multiple")
    assert g is not None and g.code == "G" and errors.errors == {}
    assert endorsement_of(errors, ApplicationType.HK_MACAO_PERMIT, "", None, "") is None
    assert errors.errors == {}  # optional with a new card
    endorsement_of(errors, ApplicationType.HK_MACAO_PERMIT, "G", 5, "one")
    assert "G is issued as" in errors.errors["endorsement_months"]
    other = new_errors()
    endorsement_of(other, ApplicationType.HK_MACAO_ENDORSEMENT, "", None, "")
    endorsement_of(other, ApplicationType.PASSPORT_FIRST, "G", 3, "one")
    assert other.errors["endorsement_code"] == "choose an endorsement type"
    third = new_errors()
    endorsement_of(third, ApplicationType.HK_MACAO_PERMIT, "Z", 3, "one")
    endorsement_of(third, ApplicationType.TAIWAN_PERMIT, "G", 6, "sometimes")
    assert "unknown endorsement type" in third.errors["endorsement_code"]
    assert third.errors["endorsement_trips"] == "one, two, multiple or once_per_week"


def test_the_elderly_green_channel_comes_from_the_birth_date_only() -> None:
    errors = new_errors()
    sixty = date(1966, 11, 22)
    assert green_of(errors, (), sixty, Sex.FEMALE, TODAY) == (GreenReason.ELDERLY,)
    assert green_of(errors, ("elderly",), date(1966, 11, 23), Sex.FEMALE, TODAY) == ()
    got = green_of(errors, ("pregnant", "urgent_medical"), BIRTH, Sex.FEMALE, TODAY)
    assert got == (GreenReason.PREGNANT, GreenReason.URGENT_MEDICAL)
    assert errors.errors == {}
    green_of(errors, ("pregnant",), BIRTH, Sex.MALE, TODAY)
    assert "man" in errors.errors["green"]


def test_pinyin_suggestion_reads_surnames_as_surnames() -> None:
    assert suggest_pinyin("陈大文") == ("CHEN", "DAWEN")
    assert suggest_pinyin("单田芳") == ("SHAN", "TIANFANG")  # not DAN
    assert suggest_pinyin("尉迟恭") == ("YUCHI", "GONG")
    assert suggest_pinyin("") == ("", "")


def test_form_invalid_carries_one_message_per_field() -> None:
    exc = FormInvalid({"id_number": "required", "address": "required"})
    assert exc.code == "form_invalid" and exc.status == 422
    assert exc.errors == {"id_number": "required", "address": "required"}
