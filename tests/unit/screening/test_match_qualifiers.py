"""Birth dates, document numbers, nationality and sex: how they move a name match."""

from __future__ import annotations

import pytest

from guomen.people.model import Sex
from guomen.screening.matching import (
    BirthDate,
    BirthDateRange,
    Decision,
    Entry,
    ListType,
    Query,
    compare,
    parse_birth_date,
)
from guomen.screening.matching.dates import compare_birth_dates
from guomen.screening.matching.documents import PreparedDocument, compare_documents
from guomen.shared.errors import ValidationFailed

NAME = "ABDULHAI SALEK"


def _entry(**details: object) -> Entry:
    return Entry("E-1", ListType.DENY_ENTRY, (NAME,), **details)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "listed", "agree", "disagree"),
    [
        ("1965-04-23", "1965-04-23", 1.0, 0.0),  # exact
        ("1965-04-03", "1965-03-04", 0.7, 0.0),  # day and month swapped
        ("1965-04-23", "1965", 0.6, 0.0),  # year only on one side
        ("1965-04-23", "1965-04", 0.6, 0.0),  # year and month
        ("1966-04-23", "1965-04-23", 0.3, 0.2),  # one year apart, same day
        ("1966", "1965", 0.1, 0.2),  # years one apart
        ("1963-01-01", "1960..1965", 0.5, 0.0),  # within a range
        ("1971-04-23", "1965-04-23", 0.0, 1.0),  # six years apart
    ],
)
def test_birth_date_rules(query: str, listed: str, agree: float, disagree: float) -> None:
    parsed = parse_birth_date(query)
    assert isinstance(parsed, BirthDate)
    found = compare_birth_dates(parsed, (parse_birth_date(listed),))
    assert (found.agreement, found.disagreement) == (agree, disagree)
    assert found.reason


def test_partial_and_range_dates_parse() -> None:
    assert parse_birth_date("1965") == BirthDate(1965)
    assert parse_birth_date("1969-7-16") == BirthDate(1969, 7, 16)
    assert parse_birth_date("1960..1965") == BirthDateRange(BirthDate(1960), BirthDate(1965))
    for bad in ("1974-01-32", "65", "1965-13", "next year"):
        with pytest.raises(ValidationFailed):
            parse_birth_date(bad)


def test_an_agreeing_birth_date_raises_and_a_distant_one_lowers() -> None:
    no_date = compare(Query((NAME,)), _entry(birth_dates=(BirthDate(1965, 4, 23),))).score
    same = compare(
        Query((NAME,), birth_date=BirthDate(1965, 4, 23)),
        _entry(birth_dates=(BirthDate(1965, 4, 23),)),
    ).score
    distant = compare(
        Query((NAME,), birth_date=BirthDate(1991, 1, 2)),
        _entry(birth_dates=(BirthDate(1965, 4, 23),)),
    )
    assert same >= no_date > distant.score
    assert distant.decision is not Decision.MATCH


@pytest.mark.parametrize(
    ("query", "listed", "agree"),
    [
        ("E12345678", "E12345678", 1.0),
        ("e 1234-5678", "E12345678", 1.0),  # normalised
        ("E12B4S679", "E12845678", 0.0),  # a different number
        ("EI2345G78", "E12345678", 0.9),  # OCR: I/1, G/6 … folded
        ("O8SZ1234", "08522134", 0.0),
        ("O8SZ2134", "08522134", 0.9),  # O/0, S/5, Z/2
    ],
)
def test_document_numbers_tolerate_ocr_confusions(query: str, listed: str, agree: float) -> None:
    found = compare_documents(PreparedDocument.of(query), (PreparedDocument.of(listed),))  # type: ignore[arg-type]
    assert found.agreement == agree


def test_a_listed_document_number_raises_a_weak_name_match() -> None:
    entry = Entry("E-3", ListType.DENY_ENTRY, ("ABDULHAI SALEK",), document_numbers=("P1234567",))
    weak = Query(("ABDUL SALIK",))
    with_document = Query(("ABDUL SALIK",), document_number="P 1234567")
    assert compare(with_document, entry).score > compare(weak, entry).score


def test_nationality_and_sex_lower_but_never_raise() -> None:
    entry = _entry(nationalities=("AFG",), sex=Sex.MALE)
    plain = compare(Query((NAME,)), entry).score
    agreeing = compare(Query((NAME,), nationality="AFG", sex=Sex.MALE), entry).score
    differing = compare(Query((NAME,), nationality="PAK", sex=Sex.FEMALE), entry).score
    assert agreeing == plain
    assert differing < plain
    unrelated = compare(Query(("MARIA GARCIA",), nationality="AFG", sex=Sex.MALE), entry)
    assert unrelated.score == 0.0
