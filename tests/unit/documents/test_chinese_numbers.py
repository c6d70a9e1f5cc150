from __future__ import annotations

import pytest

from guomen.documents.chinese import (
    NUMBER_FORMATS,
    DocumentKind,
    NumberFormat,
    ReasonCode,
    canonical_number,
    check_number,
    formats_for,
    kinds_for_number,
    number_readings,
)

K = DocumentKind


@pytest.mark.parametrize(
    ("kind", "number", "format_name"),
    [
        (K.ORDINARY_PASSPORT, "E12345678", "e_passport"),
        (K.ORDINARY_PASSPORT, "EA1234567", "e_passport_series"),
        (K.ORDINARY_PASSPORT, "ef1260892", "e_passport_series"),  # lower case is normalised
        (K.ORDINARY_PASSPORT, "E 1234 5678", "e_passport"),
        (K.OFFICIAL_ORDINARY_PASSPORT, "PE1234567", "pe_passport"),
        (K.SERVICE_PASSPORT, "SE1234567", "se_passport"),
        (K.DIPLOMATIC_PASSPORT, "DE1234567", "de_passport"),
        (K.HK_MACAO_PERMIT, "C12345678", "eep_card"),
        (K.HK_MACAO_PERMIT, "CA0000001", "eep_card_series"),
        (K.TAIWAN_PERMIT, "L12345678", "tw_permit_card"),
        (K.TAIWAN_PERMIT, "T12345678", "tw_permit_t"),
        (K.MTP_HK_MACAO, "H12345678", "mtp_hk"),
        (K.MTP_HK_MACAO, "M12345678", "mtp_mo"),
        (K.MTP_HK_MACAO_NON_CHINESE, "HA1234567", "mtp_ha"),
        (K.MTP_HK_MACAO_NON_CHINESE, "MA1234567", "mtp_ma"),
        (K.MTP_TAIWAN, "01234567", "mtp_tw"),
    ],
)
def test_current_number_series_pass(kind: DocumentKind, number: str, format_name: str) -> None:
    check = check_number(kind, number)
    assert check.ok
    assert check.format is not None and check.format.name == format_name
    assert check.reasons == ()


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (K.ORDINARY_PASSPORT, "G12345678"),
        (K.SERVICE_PASSPORT, "S12345678"),
        (K.MTP_HK_MACAO, "H1234567801"),
        (K.MTP_HK_MACAO, "M1234567800"),
    ],
)
def test_legacy_series_pass_with_a_warning(kind: DocumentKind, number: str) -> None:
    check = check_number(kind, number)
    assert check.ok
    assert [reason.code for reason in check.reasons] == [ReasonCode.NUMBER_LEGACY_SERIES]
    assert not check.reasons[0].blocking


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (K.ORDINARY_PASSPORT, "EI1234567"),  # I and O are never series letters
        (K.ORDINARY_PASSPORT, "EO1234567"),
        (K.ORDINARY_PASSPORT, "E1234567"),  # too short
        (K.ORDINARY_PASSPORT, "C12345678"),  # a permit number
        (K.DIPLOMATIC_PASSPORT, "D12345678"),
        (K.HK_MACAO_PERMIT, "CO1234567"),
        (K.HK_MACAO_PERMIT, "W12345678"),  # booklet series, all expired by 2019
        (K.TAIWAN_PERMIT, "C12345678"),
        (K.MTP_HK_MACAO, "K12345678"),
        (K.MTP_TAIWAN, "123456789"),
    ],
)
def test_numbers_outside_every_series_fail(kind: DocumentKind, number: str) -> None:
    check = check_number(kind, number)
    assert not check.ok
    assert [reason.code for reason in check.reasons] == [ReasonCode.NUMBER_FORMAT_MISMATCH]
    assert check.reasons[0].blocking


@pytest.mark.parametrize("kind", [K.FOREIGN_PASSPORT, K.CHINESE_VISA, K.HKSAR_PASSPORT])
def test_numbers_of_kinds_without_formats_are_not_judged(kind: DocumentKind) -> None:
    assert formats_for(kind) == ()
    assert check_number(kind, "anything-9").ok


@pytest.mark.parametrize(
    ("number", "kinds"),
    [
        ("E12345678", (K.ORDINARY_PASSPORT,)),
        ("C12345678", (K.HK_MACAO_PERMIT,)),
        ("MA1234567", (K.MTP_HK_MACAO_NON_CHINESE,)),
        ("12345678", (K.MTP_TAIWAN,)),
        ("X12345678", ()),
    ],
)
def test_kinds_for_number(number: str, kinds: tuple[DocumentKind, ...]) -> None:
    assert kinds_for_number(number) == kinds


@pytest.mark.parametrize(
    ("raw", "kind", "value", "changes"),
    [
        ("E1234567B", K.ORDINARY_PASSPORT, "E12345678", [(9, "B", "8")]),
        ("EA12345O7", K.ORDINARY_PASSPORT, "EA1234507", [(8, "O", "0")]),
        ("E0123456S", None, "E01234565", [(9, "S", "5")]),
        ("5E1234567", None, "SE1234567", [(1, "5", "S")]),
        ("6I234567B", None, "G12345678", [(1, "6", "G"), (2, "I", "1"), (9, "B", "8")]),
        ("c-1234-567z", K.HK_MACAO_PERMIT, "C12345672", [(9, "Z", "2")]),
        ("H1234567O", K.MTP_HK_MACAO, "H12345670", [(9, "O", "0")]),
        ("O1234567", K.MTP_TAIWAN, "01234567", [(1, "O", "0")]),
    ],
)
def test_ocr_confusions_are_corrected_into_the_one_fitting_form(
    raw: str, kind: DocumentKind | None, value: str, changes: list[tuple[int, str, str]]
) -> None:
    normalised = canonical_number(raw, kind)
    assert normalised.value == value
    assert [(c.position, c.from_char, c.to_char) for c in normalised.corrections] == changes
    assert [reason.code for reason in normalised.reasons] == [ReasonCode.NUMBER_OCR_CORRECTED]


def test_a_well_formed_number_is_left_alone_even_if_a_confusion_is_possible() -> None:
    normalised = canonical_number("E81234567")
    assert normalised.value == "E81234567"
    assert normalised.corrections == ()
    assert normalised.reasons == ()
    # ...but a registry lookup must also try the other well-formed reading.
    assert number_readings("E81234567") == ("E81234567", "EB1234567")


def test_text_that_fits_no_format_is_only_normalised() -> None:
    normalised = canonical_number(" x-12 3 ", K.ORDINARY_PASSPORT)
    assert (normalised.value, normalised.format, normalised.ambiguous) == ("X123", None, False)
    assert number_readings(" x-12 3 ") == ("X123",)


@pytest.mark.parametrize("state", ["D", "UTO", "HKG", "usa"])
def test_numbers_of_other_states_are_never_corrected(state: str) -> None:
    normalised = canonical_number("ab 1234567o", issuing_state=state)
    assert normalised.value == "AB1234567O"
    assert normalised.corrections == ()
    assert number_readings("ab 1234567o", issuing_state=state) == ("AB1234567O",)


def test_equally_good_readings_are_reported_as_ambiguous_and_not_applied() -> None:
    digits = NumberFormat("x_digits", K.UNKNOWN, "X##", "X + 2 digits", "icao_9303")
    letters = NumberFormat("x_series", K.UNKNOWN, "X@@", "X + 2 letters", "icao_9303")
    normalised = canonical_number("X5S", formats=(digits, letters))
    assert normalised.ambiguous
    assert normalised.value == "X5S"
    assert number_readings("X5S", formats=(digits, letters)) == ("X55", "XSS")
    assert [reason.code for reason in normalised.reasons] == [ReasonCode.NUMBER_AMBIGUOUS]


def test_every_format_matches_its_own_example_only_once_per_kind() -> None:
    for fmt in NUMBER_FORMATS:
        example = fmt.pattern.replace("#", "1").replace("@", "A")
        assert fmt.matches(example), fmt.name
        assert fmt.kind in kinds_for_number(example), fmt.name
