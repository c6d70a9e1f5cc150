"""The screening index: blocking keys bring the right candidates, decisions follow the list
type, limits hold, and a swap never shows a request half of a list."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from guomen.screening.convert import matcher_id, to_birth_date, to_matcher_entry
from guomen.screening.index import IndexBuilder, IndexHolder, build_from, search_keys
from guomen.screening.matching import BirthDate, BirthDateRange, Decision, Query, prepare_query
from guomen.screening.model import (
    DateSpec,
    DocumentKind,
    DocumentNumber,
    EntryName,
    EntrySource,
    ListType,
    NameKind,
    Subject,
    WatchlistEntry,
)
from guomen.shared.errors import ValidationFailed


def entry(
    entry_id: str,
    *names: str,
    list_type: ListType = ListType.WANTED,
    list_id: str = "L",
    born: str | None = None,
    documents: tuple[str, ...] = (),
    subject: Subject = Subject.PERSON,
) -> WatchlistEntry:
    kinds = [NameKind.PRIMARY] + [NameKind.ALIAS] * (len(names) - 1)
    return WatchlistEntry(
        entry_id=entry_id,
        list_id=list_id,
        list_type=list_type,
        names=tuple(EntryName.of(n, k) for n, k in zip(names, kinds, strict=True)),
        source=EntrySource.CSV,
        source_id=entry_id,
        subject=subject,
        birth_dates=(DateSpec.parse(born),) if born else (),
        documents=tuple(DocumentNumber(DocumentKind.PASSPORT, d) for d in documents),
    )


LISTED = [
    entry("E1", "陈大文", born="1970-05-03"),
    entry("E2", "Сергей Иванов", list_type=ListType.DENY_ENTRY),
    entry("E3", "Mohammed Omar Khalid", list_type=ListType.WATCH),
    entry("E4", "ZHANG San", documents=("E12345678",)),
    entry("V1", "Ocean Star", subject=Subject.VESSEL),
]


@pytest.fixture(scope="module")
def index():
    return build_from(LISTED)


def test_a_cantonese_spelling_finds_the_han_entry(index) -> None:
    answer = index.screen(Query(("CHAN TAI MAN",), birth_date=BirthDate(1970, 5, 3)))
    assert [(h.entry_id, h.result.decision) for h in answer.hits] == [("E1", Decision.MATCH)]
    hit = answer.hits[0]
    assert (hit.list_id, hit.entry_name, hit.result.list_type) == ("L", "陈大文", "wanted")
    assert hit.result.algorithm == "GuomenLogicV1"


def test_cyrillic_and_latin_meet(index) -> None:
    answer = index.screen(Query(("Sergei IVANOV",)))
    assert [h.entry_id for h in answer.hits] == ["E2"]
    assert answer.hits[0].result.list_type == "deny_entry"


def test_only_entries_sharing_a_key_are_compared(index) -> None:
    answer = index.screen(Query(("Olga Petrova",)))
    assert answer.hits == () and answer.candidates == 0


def test_a_document_number_alone_brings_the_entry_as_candidate(index) -> None:
    query = Query(("Wu Xiaoming",), document_number="E1234567B")  # B read for 8 by OCR
    assert "d:" in " ".join(search_keys(prepare_query(query)))
    answer = index.screen(query, with_none=True)
    assert answer.candidates == 1 and answer.hits[0].entry_id == "E4"


def test_vessels_are_not_screened_and_are_counted(index) -> None:
    assert len(index) == 4
    assert index.stats.skipped == 1 and index.stats.skipped_ids == ("V1",)
    assert index.stats.keys > 0 and index.stats.postings >= index.stats.keys


def test_with_none_returns_weak_candidates_too(index) -> None:
    weak = index.screen(Query(("Mohammed Ali Hassan",)), with_none=True)
    assert all(h.result.decision is Decision.NONE for h in weak.hits)
    strict = index.screen(Query(("Mohammed Ali Hassan",)))
    assert strict.hits == () and strict.candidates == weak.candidates


def test_limit_is_checked_and_applied() -> None:
    index = build_from([entry(f"E{i}", "Ivan Petrov") for i in range(30)])
    assert len(index.screen(Query(("Ivan Petrov",)), 5).hits) == 5
    for bad in (0, 101):
        with pytest.raises(ValidationFailed):
            index.screen(Query(("Ivan Petrov",)), bad)


def test_a_common_name_compares_at_most_max_candidates() -> None:
    index = build_from([entry(f"E{i}", "Ivan Petrov") for i in range(300)])
    index.max_candidates = 50
    answer = index.screen(Query(("Ivan Petrov",)), 100)
    assert answer.candidates == 50 and len(answer.hits) == 50


def test_hits_are_sorted_by_score() -> None:
    index = build_from([entry("A", "Ivan Petrovich Sidorov"), entry("B", "Ivan Sidorov")])
    scores = [h.result.score for h in index.screen(Query(("Ivan Sidorov",)), with_none=True).hits]
    assert scores == sorted(scores, reverse=True) and len(scores) == 2


def test_equal_names_share_one_prepared_name() -> None:
    builder = IndexBuilder()
    for i in range(3):
        builder.add(entry(f"E{i}", "Ivan Petrov"))
    index = builder.build()
    names = {id(index._entries[i].names[0]) for i in range(3)}
    assert len(names) == 1


def test_a_builder_builds_one_index() -> None:
    builder = IndexBuilder()
    builder.add(entry("E1", "Ivan Petrov"))
    assert len(builder.build()) == 1
    with pytest.raises(RuntimeError):
        builder.add(entry("E2", "Ivan Petrov"))


def test_the_same_entry_id_on_two_lists_gives_two_hits() -> None:
    twice = [entry("E1", "Ivan Petrov", list_id="A"), entry("E1", "Ivan Petrov", list_id="B")]
    index = build_from(twice)
    assert {h.list_id for h in index.screen(Query(("Ivan Petrov",))).hits} == {"A", "B"}


def test_birth_dates_convert_with_their_precision() -> None:
    assert to_birth_date(DateSpec.parse("1970-05-03")) == BirthDate(1970, 5, 3)
    assert to_birth_date(DateSpec.parse("1970-05")) == BirthDate(1970, 5)
    assert to_birth_date(DateSpec.parse("1970")) == BirthDate(1970)
    assert to_birth_date(DateSpec.parse("1970/1972")) == BirthDateRange(
        BirthDate(1970), BirthDate(1972)
    )
    spec = DateSpec.between(DateSpec.exact(date(1970, 1, 5)), DateSpec.exact(date(1970, 2, 1)))
    assert to_birth_date(spec) == BirthDateRange(BirthDate(1970, 1, 5), BirthDate(1970, 2, 1))


def test_long_entry_ids_are_shortened_uniquely() -> None:
    a, b = "X" * 120, "X" * 119 + "Y"
    assert len(matcher_id(a)) == 100 and matcher_id(a) != matcher_id(b)
    assert to_matcher_entry(entry(a, "Ivan Petrov")).entry_id == matcher_id(a)


def test_holder_swaps_the_whole_snapshot_under_concurrent_reads() -> None:
    old = build_from([entry(f"A{i}", "Ivan Petrov", list_id="OLD") for i in range(20)])
    new = build_from([entry(f"B{i}", "Ivan Petrov", list_id="NEW") for i in range(25)])
    holder = IndexHolder(old)
    seen: list[tuple[int, frozenset[str]]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            answer = holder.current().screen(Query(("Ivan Petrov",)), 100)
            seen.append((len(answer.hits), frozenset(h.list_id for h in answer.hits)))

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(20):
        holder.swap(new)
        holder.swap(old)
    holder.swap(new)
    stop.set()
    for t in threads:
        t.join()
    assert seen and set(seen) <= {(20, frozenset({"OLD"})), (25, frozenset({"NEW"}))}
    assert holder.current() is new and holder.generation == 41


def test_an_empty_holder_screens_nothing() -> None:
    assert IndexHolder().current().screen(Query(("Ivan Petrov",))).hits == ()


def test_scoring_only_the_hits_in_full_gives_the_same_answer_as_scoring_everyone() -> None:
    """The index scores candidates without explanations, compares each set of names shared
    by namesakes once per query, and explains only the hits: the hits must be exactly those of
    scoring every candidate in full."""
    surnames = ["CHEN", "CHAN", "LI", "WANG", "IVANOV"]
    given = ["DA WEN", "TAI MAN", "WEI", "SERGEI", "XIAO MING"]
    types = list(ListType)
    listed = [
        entry(
            f"N{i}",
            f"{surnames[i % 5]} {given[(i // 5) % 5]}",
            list_type=types[i % len(types)],
            born=f"19{60 + i % 30}-0{1 + i % 9}-1{i % 9}",
            documents=(f"E{10000000 + i}",) if i % 3 == 0 else (),
        )
        for i in range(300)
    ]
    index = build_from(listed)
    queries = [
        Query(names=("CHEN DAWEN",), birth_date=BirthDate(1961, 2, 11)),
        Query(names=("Chan Tai-man",)),
        Query(names=("WANG WEI",), document_number="E10000003"),
        Query(names=("IVANOV SERGEI",), birth_date=BirthDate(1975, 6, 15)),
        Query(names=("LI XIAOMING",), birth_date=BirthDate(1980, 1, 1)),
        # a weak name raised by the listed document: the index must not skip it
        Query(names=("CHAN WEIMING",), document_number="E10000021"),
    ]
    for query in queries:
        fast = index.screen(query, limit=100)
        full = index.screen(query, limit=100, with_none=True)
        expected = [h for h in full.hits if h.result.decision is not Decision.NONE]
        assert [(h.entry_id, h.result) for h in fast.hits] == [
            (h.entry_id, h.result) for h in expected
        ]
        assert fast.hits, query  # each query finds someone: the comparison means something
