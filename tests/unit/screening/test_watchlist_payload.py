"""The sealed JSON payload of a watchlist entry gives back exactly the entry that was stored."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guomen.adapters.db.watchlist_payload import PayloadError, dump_entry, load_entry, validity
from guomen.people.model import Sex
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
from watchlist_samples import rich_entry

TOKENS = ["ZHANG", "San", "陈大文", "CHAN", "Tai-Man", "Мухаммад", "محمد", "O'Neil", "José", "Ng"]


def test_a_rich_entry_round_trips() -> None:
    entry = rich_entry()
    text = dump_entry(entry)
    assert load_entry(text) == entry
    assert "陈大文" in text  # stored as UTF-8 text, not \u escapes (smaller payloads)
    assert validity(text) == (date(2026, 1, 1), date(2027, 12, 31))


def test_a_minimal_entry_leaves_out_what_is_empty() -> None:
    entry = WatchlistEntry(
        "E-2", "L", ListType.WATCH, (EntryName.of("ALI Hassan"),), EntrySource.OFAC_SDN, ""
    )
    body = json.loads(dump_entry(entry))
    assert set(body) == {"v", "entry_id", "list_id", "list_type", "source", "source_id"} | {
        "subject",
        "names",
    }
    assert load_entry(dump_entry(entry)) == entry
    assert validity(dump_entry(entry)) == (None, None)


def test_an_unknown_format_version_is_refused() -> None:
    body = json.loads(dump_entry(rich_entry()))
    with pytest.raises(PayloadError, match="format version"):
        load_entry(json.dumps({**body, "v": 99}))
    del body["names"]
    with pytest.raises(PayloadError, match="names"):
        load_entry(json.dumps(body))


COUNTRIES = ["CHN", "HKG", "D", "IRQ"]
names = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4).map(" ".join)
years = st.integers(1900, 2010)
dates = st.one_of(
    st.dates(date(1900, 1, 1), date(2010, 12, 31)).map(DateSpec.exact),
    st.tuples(years, st.integers(1, 12), st.booleans()).map(lambda t: DateSpec.month(*t)),
    st.tuples(years, st.booleans()).map(lambda t: DateSpec.year(*t)),
    st.tuples(years, st.integers(0, 5)).map(
        lambda t: DateSpec.between(DateSpec.year(t[0]), DateSpec.year(t[0] + t[1]))
    ),
)
documents = st.builds(
    DocumentNumber,
    st.sampled_from(DocumentKind),
    st.from_regex(r"[A-Z0-9][A-Z0-9 -]{0,11}", fullmatch=True),
    st.sampled_from([None, "CHN", "D", "USA"]),
    st.sampled_from([None, "tazkira", "Ration card"]),
)


@st.composite
def entries(draw: st.DrawFn) -> WatchlistEntry:
    primary = EntryName.of(draw(names))
    aliases = draw(
        st.lists(st.tuples(names, st.sampled_from(list(NameKind)[1:])), max_size=3).map(
            lambda xs: tuple(EntryName.of(n, k) for n, k in xs)
        )
    )
    start = draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    return WatchlistEntry(
        entry_id=draw(st.from_regex(r"[A-Za-z0-9._:-]{1,20}", fullmatch=True)),
        list_id="L-1",
        list_type=draw(st.sampled_from(ListType)),
        names=(primary, *aliases),
        source=draw(st.sampled_from(EntrySource)),
        source_id=draw(st.text(max_size=10)),
        subject=draw(st.sampled_from(Subject)),
        birth_dates=tuple(draw(st.lists(dates, max_size=3))),
        sex=draw(st.none() | st.sampled_from(Sex)),
        nationalities=tuple(
            draw(st.lists(st.sampled_from(["CHN", "HKG", "D", "IRQ"]), max_size=3))
        ),
        documents=tuple(draw(st.lists(documents, max_size=3))),
        birth_places=tuple(draw(st.lists(names, max_size=2))),
        addresses=tuple(draw(st.lists(st.text(min_size=1, max_size=30), max_size=2))),
        photo_ref=draw(st.none() | st.just("p/1.jpg")),
        notes=draw(st.text(max_size=50)),
        valid_from=start,
        valid_until=None if start is None else draw(st.none() | st.just(date(2031, 1, 1))),
    )


@settings(max_examples=200, deadline=None)
@given(entries())
def test_any_entry_round_trips(entry: WatchlistEntry) -> None:
    assert load_entry(dump_entry(entry)) == entry
