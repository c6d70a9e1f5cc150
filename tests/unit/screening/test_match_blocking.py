"""Blocking keys: a query shares a key with the entries it can match, and few others."""

from __future__ import annotations

import pytest

from guomen.screening.matching import Entry, ListType, Query, candidate_keys, query_keys


def _shares_key(query_name: str, entry_name: str) -> bool:
    entry = Entry("E", ListType.DENY_ENTRY, (entry_name,))
    return bool(query_keys(Query((query_name,))) & candidate_keys(entry))


@pytest.mark.parametrize(
    ("query_name", "entry_name"),
    [
        ("陈大文", "CHAN TAI MAN"),
        ("CHEN DAWEN", "CHAN TAI MAN"),
        ("ZHANG WEI", "CHEUNG WAI"),
        ("Сергей Иванов", "SERGEY IVANOV"),
        ("محمد علي", "MOHAMMED ALI"),
        ("SALEK, ABDULHAI", "ABDULHAI SALEK"),
        ("AMGHOMED ABDURAKHMANOV", "MAGHOMED ABDURAKHMANOV"),
        ("ADBUL BARI AKHUND", "ABDUL BARI AKHUND"),
        ("J SMITH", "JOHN SMITH"),
        ("AFIZ", "FAIZ"),
        ("MUTHANNA AL-DARI", "MUTHANNA HARITH SALMAN AL-DARI"),
    ],
)
def test_likely_matches_share_a_key(query_name: str, entry_name: str) -> None:
    assert _shares_key(query_name, entry_name)


@pytest.mark.parametrize(
    ("query_name", "entry_name"),
    [("JOHN SMITH", "MARIA GARCIA"), ("陈大文", "WONG SIU MING"), ("SERGEI IVANOV", "KIM JONG UN")],
)
def test_unrelated_names_share_no_key(query_name: str, entry_name: str) -> None:
    assert not _shares_key(query_name, entry_name)


def test_keys_are_pairs_not_single_common_words() -> None:
    keys = candidate_keys(Entry("E", ListType.DENY_ENTRY, ("MOHAMMED ALI HASSAN",)))
    assert all("|" in key or key.startswith("j:") for key in keys)
    assert not _shares_key("MOHAMMED KARIMI", "MOHAMMED ALI HASSAN")
