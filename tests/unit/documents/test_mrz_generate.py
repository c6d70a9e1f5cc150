from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guomen.documents.mrz import (
    KNOWN_STATES,
    MrzFieldError,
    MrzFields,
    MrzFormat,
    generate_mrz,
    parse_mrz,
)
from guomen.documents.mrz.formats import LAYOUTS
from mrz_specimens import MRV_B, TD1, TD1_LONG_NUMBER, TD2, TD2_LONG_NUMBER, TD3, TODAY


def _fields(lines: tuple[str, ...]) -> MrzFields:
    fields = parse_mrz(lines, today=TODAY).fields
    assert fields is not None
    return fields


@pytest.mark.parametrize(
    ("lines", "fmt"),
    [
        (TD3, "TD3"),
        (TD1, "TD1"),
        (TD2, "TD2"),
        (MRV_B, "MRV-B"),
        (TD1_LONG_NUMBER, "TD1"),
        (TD2_LONG_NUMBER, "TD2"),
    ],
)
def test_specimens_are_regenerated_exactly(lines: tuple[str, ...], fmt: str) -> None:
    assert generate_mrz(_fields(lines), fmt).lines == lines


def test_names_are_transliterated() -> None:
    fields = MrzFields(
        document_code="P",
        issuing_state="D",
        surname="Müller-Lüdenscheidt",
        given_names="Jürgen Øystein",
        document_number="C01X0006H",
        nationality="D",
        birth_date=date(1964, 8, 12),
        sex="M",
        expiry_date=date(2027, 10, 31),
    )
    generated = generate_mrz(fields, MrzFormat.TD3)
    assert generated.lines[0] == "P<D<<MUELLER<LUEDENSCHEIDT<<JUERGEN<OEYSTEIN"
    assert not generated.name_truncated
    assert parse_mrz(generated.lines, today=TODAY).valid


def _named(surname: str, given: str) -> MrzFields:
    return MrzFields("P", "UTO", surname, given, "L898902C3", "UTO", None, "F", date(2030, 1, 1))


def test_long_given_names_are_truncated_first_and_end_with_a_letter() -> None:
    fields = _named("Nilavadhanananda", "Chayapa Dejthamrong Krasuang")
    generated = generate_mrz(fields, "TD3")
    assert generated.lines[0] == "P<UTONILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K"
    assert generated.name_truncated
    assert "name_truncated" in parse_mrz(generated.lines, today=TODAY).warning_codes()


def test_a_long_primary_identifier_keeps_the_first_initial() -> None:
    generated = generate_mrz(_named("A" * 50, "Maria Anna"), "TD3")
    assert generated.lines[0] == "P<UTO" + "A" * 36 + "<<M"
    fields = parse_mrz(generated.lines, today=TODAY).fields
    assert fields is not None and fields.given_names == "M"


def test_a_single_name_is_the_primary_identifier() -> None:
    generated = generate_mrz(_named("Suharto", ""), "TD3")
    assert generated.lines[0] == "P<UTOSUHARTO".ljust(44, "<")
    assert generate_mrz(_named("", "Anna"), "TD3").lines[0] == "P<UTO<<ANNA".ljust(44, "<")


def test_unknown_birth_date_is_written_as_fillers() -> None:
    generated = generate_mrz(_named("Doe", "Jane"), "TD3")
    assert generated.lines[1][13:20] == "<<<<<<0"
    result = parse_mrz(generated.lines, today=TODAY)
    assert result.valid and "partial_birth_date" in result.warning_codes()


@pytest.mark.parametrize(
    ("change", "fmt", "code"),
    [
        ({"issuing_state": "U1O"}, "TD3", "mrz_bad_state_code"),
        ({"nationality": "UTOPIA"}, "TD3", "mrz_bad_state_code"),
        ({"sex": "Q"}, "TD3", "mrz_bad_sex"),
        ({"document_code": "I"}, "TD3", "mrz_bad_document_code"),
        ({"document_code": "P"}, "TD1", "mrz_bad_document_code"),
        ({"document_number": "L898902C3X"}, "TD3", "mrz_document_number_too_long"),
        ({"document_number": "L89-8902"}, "TD3", "mrz_bad_document_number"),
        ({"document_number": ""}, "TD3", "mrz_bad_document_number"),
        ({"optional_data": "Z" * 15}, "TD3", "mrz_optional_data_too_long"),
        ({"optional_data": "ZE18/4"}, "TD3", "mrz_bad_optional_data"),
        ({"optional_data_2": "X"}, "TD3", "mrz_optional_data_too_long"),
        ({"surname": "李", "given_names": ""}, "TD3", "mrz_untransliterable"),
        ({"surname": "Smith 3rd"}, "TD3", "mrz_digit_in_name"),
        ({"surname": "", "given_names": "  "}, "TD3", "mrz_empty_name"),
        ({"expiry_date": None}, "TD3", "mrz_missing_expiry_date"),
        ({}, "TD4", "mrz_bad_format"),
    ],
)
def test_fields_that_cannot_be_written_raise_a_coded_error(
    change: dict[str, object], fmt: str, code: str
) -> None:
    fields = replace(_fields(TD3), **change)  # type: ignore[arg-type]
    with pytest.raises(MrzFieldError) as raised:
        generate_mrz(fields, fmt)
    assert raised.value.code == code
    assert raised.value.status == 422


# --- round trip: generate → parse gives the same fields -----------------------------------------

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = LETTERS + "0123456789"
_words = st.lists(st.text(LETTERS, min_size=1, max_size=10), max_size=3).map(" ".join)
_states = st.sampled_from(sorted(KNOWN_STATES | {"UTO"}))
_first_letter = {
    MrzFormat.TD1: "ACI",
    MrzFormat.TD2: "ACI",
    MrzFormat.TD3: "P",
    MrzFormat.MRV_A: "V",
    MrzFormat.MRV_B: "V",
}
_OLDEST_BIRTH = TODAY.replace(year=TODAY.year - 100) + timedelta(days=1)


def _optional(max_size: int) -> st.SearchStrategy[str]:
    return st.text(ALNUM + " ", max_size=max_size).map(str.rstrip)


@st.composite
def mrz_fields(draw: st.DrawFn, fmt: MrzFormat) -> MrzFields:
    layout = LAYOUTS[fmt]
    optional_span = layout.field("optional_data").span
    optional_width = optional_span.end - optional_span.start
    longest = 9 if layout.number_extension is None else 9 + optional_width - 1
    number = draw(st.text(ALNUM, min_size=1, max_size=longest))
    if len(number) > 9:  # continuation + check digit + filler come before the optional data
        optional_width = max(0, optional_width - (len(number) - 9) - 2)
    surname, given = draw(_words), draw(_words)
    name_span = layout.field("name").span
    width = name_span.end - name_span.start
    full = len(surname) + (len(given) + 2 if given else 0)
    if (not surname and not given) or full > width:
        surname, given = "DOE", "JANE"
    code = draw(st.sampled_from(_first_letter[fmt])) + draw(st.sampled_from(["", *LETTERS]))
    return MrzFields(
        document_code=code,
        issuing_state=draw(_states),
        surname=surname,
        given_names=given,
        document_number=number,
        nationality=draw(_states),
        birth_date=draw(st.one_of(st.none(), st.dates(_OLDEST_BIRTH, TODAY))),
        sex=draw(st.sampled_from(["M", "F", "X", ""])),
        expiry_date=draw(st.dates(date(TODAY.year - 49, 1, 1), date(TODAY.year + 50, 12, 31))),
        optional_data=draw(_optional(optional_width)),
        optional_data_2=draw(_optional(11)) if fmt is MrzFormat.TD1 else "",
    )


@pytest.mark.parametrize("fmt", list(MrzFormat))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_round_trip_generate_then_parse(fmt: MrzFormat, data: st.DataObject) -> None:
    fields = data.draw(mrz_fields(fmt))
    generated = generate_mrz(fields, fmt)
    assert all(len(line) == LAYOUTS[fmt].line_length for line in generated.lines)
    result = parse_mrz(generated.lines, today=TODAY)
    assert result.errors == ()
    assert result.valid
    assert result.format is fmt
    assert result.fields == fields
