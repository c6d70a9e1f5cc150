"""The one mapping from a stored watchlist entry to what the matcher compares.

``to_matcher_entry`` keeps what identifies a person (names, birth dates, sex, nationalities,
document numbers) and leaves out what screening does not compare (notes, addresses, photo).
Values beyond the matcher's bounds are dropped rather than refused, so one odd entry never
stops the index from being built; only persons are screened (organisations, vessels and
aircraft on sanctions lists are not travellers).
"""

from __future__ import annotations

import calendar
import hashlib

from guomen.screening import matching as m
from guomen.screening.matching.model import (
    MAX_DOCUMENT_CHARS,
    MAX_NAMES_PER_ENTRY,
    MAX_VALUES,
)
from guomen.screening.model import DatePrecision, DateSpec, Subject, WatchlistEntry

MAX_MATCHER_ID = 100


def is_screened(entry: WatchlistEntry) -> bool:
    """Whether travellers are screened against this entry (persons only)."""
    return entry.subject is Subject.PERSON


def matcher_id(entry_id: str) -> str:
    """The entry id as the matcher takes it (at most 100 characters, still unique)."""
    if len(entry_id) <= MAX_MATCHER_ID:
        return entry_id
    digest = hashlib.sha256(entry_id.encode()).hexdigest()[:16]
    return f"{entry_id[: MAX_MATCHER_ID - 17]}~{digest}"


def to_matcher_entry(entry: WatchlistEntry) -> m.Entry:
    """The matcher's view of a listed person."""
    documents = tuple(
        d.normalised for d in entry.documents if 0 < len(d.normalised) <= MAX_DOCUMENT_CHARS
    )
    return m.Entry(
        entry_id=matcher_id(entry.entry_id),
        list_type=m.ListType(entry.list_type.value),
        names=tuple(n.text for n in entry.names[:MAX_NAMES_PER_ENTRY]),
        birth_dates=tuple(to_birth_date(d) for d in entry.birth_dates[:MAX_VALUES]),
        sex=entry.sex,
        nationalities=entry.nationalities[:MAX_VALUES],
        document_numbers=documents,
    )


def to_birth_date(spec: DateSpec) -> m.BirthDateSpec:
    """A stored birth date (day, month, year or range) as the matcher's birth date."""
    start, end = spec.earliest, spec.latest
    if spec.precision is DatePrecision.DAY:
        return m.BirthDate(start.year, start.month, start.day)
    if spec.precision is DatePrecision.MONTH:
        return m.BirthDate(start.year, start.month)
    if spec.precision is DatePrecision.YEAR:
        return m.BirthDate(start.year)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return m.BirthDateRange(m.BirthDate(start.year), m.BirthDate(end.year))
    last = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last:
        return m.BirthDateRange(
            m.BirthDate(start.year, start.month), m.BirthDate(end.year, end.month)
        )
    return m.BirthDateRange(
        m.BirthDate(start.year, start.month, start.day), m.BirthDate(end.year, end.month, end.day)
    )
