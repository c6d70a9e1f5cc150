"""Sample watchlist entries shared by the storage tests."""

from __future__ import annotations

from datetime import date

from guomen.people.model import Sex
from guomen.screening.model import (
    DatePrecision,
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


def rich_entry() -> WatchlistEntry:
    """One entry that uses every field: names in four kinds and three scripts, each kind of
    birth date, documents with and without state and label, validity window."""
    return WatchlistEntry(
        entry_id="E-1",
        list_id="CN-DENY-EXIT",
        list_type=ListType.DENY_EXIT,
        names=(
            EntryName.of("CHAN Tai Man"),
            EntryName.of("陈大文", NameKind.ORIGINAL_SCRIPT, language="zh"),
            EntryName("Чан Тай Ман", NameKind.ALIAS, "Cyrl", "ru"),
            EntryName.of("Big Chan", NameKind.WEAK_ALIAS),
        ),
        source=EntrySource.CSV,
        source_id="row-7",
        subject=Subject.PERSON,
        birth_dates=(
            DateSpec.exact(date(1970, 5, 3)),
            DateSpec.month(1971, 2, approximate=True),
            DateSpec.parse("1968/1972~"),
            DateSpec(date(1969, 3, 15), date(1969, 9, 2), DatePrecision.RANGE),
        ),
        sex=Sex.MALE,
        nationalities=("HKG", "CHN", "D"),
        documents=(
            DocumentNumber(DocumentKind.PASSPORT, "K 1234567(8)", "HKG"),
            DocumentNumber(DocumentKind.OTHER, "12-34", None, "Ration card"),
        ),
        birth_places=("Hong Kong",),
        addresses=("1 Queen's Road, Hong Kong", "北京市东城区"),
        photo_ref="photos/e-1.jpg",
        notes='wanted for fraud; "armed"\nsecond line',
        valid_from=date(2026, 1, 1),
        valid_until=date(2027, 12, 31),
    )
