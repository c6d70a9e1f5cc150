"""Results explain themselves, name their algorithm, and use the list type's thresholds."""

from __future__ import annotations

import pytest

from guomen.screening.matching import (
    GUOMEN_LOGIC_V1,
    BirthDate,
    Decision,
    Entry,
    ListType,
    Matcher,
    Query,
    compare,
    prepare_entry,
    prepare_query,
)


def test_every_result_names_its_algorithm_and_explains_itself() -> None:
    result = compare(
        Query(("CHAN TAI MAN",), birth_date=BirthDate(1970, 3, 4)),
        Entry("HK-7", ListType.WANTED, ("陈大文",), birth_dates=(BirthDate(1970, 3, 4),)),
    )
    assert (result.algorithm, result.algorithm_version) == ("GuomenLogicV1", "1.1.0")
    assert result.decision is Decision.MATCH
    assert result.entry_id == "HK-7" and result.list_type is ListType.WANTED
    assert {f.name for f in result.features} == {f.name for f in GUOMEN_LOGIC_V1.features}
    assert all(f.explanation for f in result.features)
    assert "same Chinese reading" in result.explanation
    assert "same birth date 1970-03-04" in result.explanation
    assert 0.0 <= result.score <= 1.0


def test_a_non_match_still_says_why() -> None:
    result = compare(Query(("JOHN SMITH",)), Entry("X", ListType.WATCH, ("MARIA GARCIA",)))
    assert result.decision is Decision.NONE
    assert result.explanations and result.explanations[0].startswith("name 0.00")


def test_score_is_the_clipped_weighted_sum_of_the_features() -> None:
    result = compare(
        Query(("ABDULHAI SALIK",), birth_date=BirthDate(1990)),
        Entry("E", ListType.DENY_ENTRY, ("ABDULHAI SALEK",), birth_dates=(BirthDate(1965),)),
    )
    total = sum(f.weight * f.score for f in result.features)
    assert result.score == pytest.approx(min(1.0, max(0.0, total)), abs=1e-4)


def test_wanted_lists_favour_recall() -> None:
    wanted = GUOMEN_LOGIC_V1.thresholds_for(ListType.WANTED)
    watch = GUOMEN_LOGIC_V1.thresholds_for(ListType.WATCH)
    deny = GUOMEN_LOGIC_V1.thresholds_for(ListType.DENY_ENTRY)
    assert wanted.match < deny.match < watch.match
    assert wanted.possible < deny.possible < watch.possible
    query = Query(("JOHN PAUL SMITH",))
    decisions = {
        list_type: compare(query, Entry("E", list_type, ("JOHN SMITH",))).decision
        for list_type in ListType
    }
    assert decisions[ListType.WANTED] is Decision.MATCH
    assert decisions[ListType.DENY_ENTRY] is Decision.POSSIBLE
    assert decisions[ListType.WATCH] is not Decision.MATCH


def test_prepared_records_give_the_same_result() -> None:
    query = Query(("SERGEI IVANOV",))
    entry = Entry("R", ListType.DENY_EXIT, ("Сергей Иванов",))
    assert compare(prepare_query(query), prepare_entry(entry)) == compare(query, entry)
    assert Matcher().compare(query, entry).score == 1.0
