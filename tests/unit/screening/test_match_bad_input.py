"""Bad input gives a clear ValidationFailed or a harmless normalisation, never a crash."""

from __future__ import annotations

import time

import pytest

from guomen.screening.matching import (
    Entry,
    ListType,
    Query,
    candidate_keys,
    compare,
    prepare_entry,
    prepare_name,
    query_keys,
)
from guomen.shared.errors import ValidationFailed


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ((), "at least one name"),
        (("A" * 10_000,), "too long"),
        (("",), "no letters"),
        (("😀🎉",), "no letters"),
        (("\x00\x07\u200b",), "no letters"),
        (("...---",), "no letters"),
    ],
)
def test_unusable_query_names_are_refused_clearly(names: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        compare(Query(names), Entry("E", ListType.WATCH, ("JOHN SMITH",)))


def test_too_many_names_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="at most"):
        Query(tuple(f"NAME {i}" for i in range(11)))


@pytest.mark.parametrize(
    ("raw", "latin"),
    [
        ("JOHN\x00 SMITH\u200b", "john smith"),  # control and zero-width characters
        ("JOHN 😀 SMITH", "john smith"),  # emoji
        ("ＪＯＨＮ　ＳＭＩＴＨ", "john smith"),  # full-width forms (NFKC)
        ("John\tSmith\n", "john smith"),
        ("Mr John Smith (alias Jack)", "john smith"),  # title and a note in brackets
    ],
)
def test_noise_is_normalised_away(raw: str, latin: str) -> None:
    assert prepare_name(raw).latin == latin


def test_mixed_scripts_are_romanised_together() -> None:
    name = prepare_name("Иван 李 Smith محمد")
    assert name.latin.split()[0] == "ivan"
    assert "smith" in name.latin


def test_an_entry_keeps_its_usable_names_and_reports_the_others() -> None:
    entry = prepare_entry(Entry("E", ListType.DENY_ENTRY, ("JOHN SMITH", "🙂", "---")))
    assert [n.original for n in entry.names] == ["JOHN SMITH"]
    assert len(entry.skipped_names) == 2
    with pytest.raises(ValidationFailed, match="entry E"):
        prepare_entry(Entry("E", ListType.DENY_ENTRY, ("🙂",)))


def test_long_names_are_bounded_work() -> None:
    long_name = " ".join(f"WORD{i}" for i in range(90))[:499]
    started = time.perf_counter()
    result = compare(Query((long_name,)), Entry("E", ListType.WATCH, (long_name, long_name[::-1])))
    keys = query_keys(Query((long_name,))) | candidate_keys(
        Entry("E", ListType.WATCH, (long_name,))
    )
    assert time.perf_counter() - started < 0.5
    assert result.score == 1.0
    assert len(keys) < 100


@pytest.mark.parametrize("bad", ["", "x" * 101])
def test_entry_ids_are_checked(bad: str) -> None:
    with pytest.raises(ValidationFailed, match="entry_id"):
        Entry(bad, ListType.WATCH, ("JOHN SMITH",))
