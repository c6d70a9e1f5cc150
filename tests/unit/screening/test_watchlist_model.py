"""Watchlist model: names, birth dates, documents, entries and their expiry."""

from __future__ import annotations

from datetime import date

import pytest

from guomen.people.model import Sex
from guomen.screening.model import (
    DatePrecision,
    DateSpec,
    DocumentKind,
    DocumentNumber,
    EntryName,
    EntrySource,
    InvalidEntry,
    ListAction,
    ListType,
    NameKind,
    Watchlist,
    WatchlistEntry,
    active_entries,
    clean_name,
    detect_script,
)


def _entry(**changes: object) -> WatchlistEntry:
    values: dict[str, object] = {
        "entry_id": "E1",
        "list_id": "deny-entry-2026",
        "list_type": ListType.DENY_ENTRY,
        "names": (EntryName.of("CHEN Dawen"), EntryName.of("陈大文", NameKind.ORIGINAL_SCRIPT)),
        "source": EntrySource.MANUAL,
        "source_id": "E1",
    }
    values.update(changes)
    return WatchlistEntry(**values)  # type: ignore[arg-type]


class TestNames:
    def test_a_name_is_cleaned_and_tagged_with_its_script(self) -> None:
        name = EntryName.of("  Иван \t ПЕТРОВ\n", NameKind.ALIAS)
        assert name.text == "Иван ПЕТРОВ"
        assert name.script == "Cyrl"
        assert name.kind is NameKind.ALIAS

    @pytest.mark.parametrize(
        ("text", "script"),
        [("陈大文", "Hani"), ("محمد", "Arab"), ("Zoë O'Neil", "Latn"), ("Ivan Иван", None)],
    )
    def test_script_detection(self, text: str, script: str | None) -> None:
        assert detect_script(text) == script

    @pytest.mark.parametrize(
        ("raw", "reason"),
        [
            ("", "empty"),
            ("   ", "empty"),
            ("A" * 10_000, "10000 characters"),
            ("JOHN\x00SMITH", "control character"),
            ("JOHN\u202eSMITH", "control character"),
            ("JOHN 😀 SMITH", "emoji"),
            ("JOHN \ufffd SMITH", "wrong encoding"),
            ("---", "no letter"),
        ],
    )
    def test_unusable_names_are_refused_with_a_reason(self, raw: str, reason: str) -> None:
        with pytest.raises(InvalidEntry, match=reason):
            clean_name(raw)

    def test_zero_width_joiners_of_persian_names_are_kept(self) -> None:
        assert clean_name("می\u200cخواهم") == "می\u200cخواهم"

    def test_a_name_built_directly_must_already_be_clean(self) -> None:
        with pytest.raises(InvalidEntry):
            EntryName(" padded ")


class TestDateSpec:
    @pytest.mark.parametrize(
        ("text", "precision", "earliest", "latest", "written"),
        [
            ("1970-05-03", DatePrecision.DAY, date(1970, 5, 3), date(1970, 5, 3), "1970-05-03"),
            ("1970-02", DatePrecision.MONTH, date(1970, 2, 1), date(1970, 2, 28), "1970-02"),
            ("1970", DatePrecision.YEAR, date(1970, 1, 1), date(1970, 12, 31), "1970"),
            ("1970/1972", DatePrecision.RANGE, date(1970, 1, 1), date(1972, 12, 31), "1970/1972"),
            (
                "1970-03/1970-04",
                DatePrecision.RANGE,
                date(1970, 3, 1),
                date(1970, 4, 30),
                "1970-03-01/1970-04-30",
            ),
        ],
    )
    def test_parse(
        self, text: str, precision: DatePrecision, earliest: date, latest: date, written: str
    ) -> None:
        spec = DateSpec.parse(text)
        assert (spec.precision, spec.earliest, spec.latest) == (precision, earliest, latest)
        assert str(spec) == written
        assert DateSpec.parse(written) == spec

    def test_approximate_round_trips(self) -> None:
        spec = DateSpec.parse("1951~")
        assert spec.approximate
        assert str(spec) == "1951~"

    def test_a_range_of_one_year_is_that_year(self) -> None:
        assert DateSpec.between(DateSpec.year(1970), DateSpec.year(1970)) == DateSpec.year(1970)

    def test_contains(self) -> None:
        assert DateSpec.year(1970).contains(date(1970, 7, 1))
        assert not DateSpec.month(1970, 6).contains(date(1970, 7, 1))

    @pytest.mark.parametrize("text", ["1970-13", "1970-02-30", "70", "1970-5-3", "x", "3000"])
    def test_bad_dates_are_refused(self, text: str) -> None:
        with pytest.raises(InvalidEntry):
            DateSpec.parse(text)

    def test_inconsistent_precision_is_refused(self) -> None:
        with pytest.raises(InvalidEntry, match="whole"):
            DateSpec(date(1970, 1, 1), date(1970, 6, 30), DatePrecision.YEAR)
        with pytest.raises(InvalidEntry, match="ends before"):
            DateSpec(date(1971, 1, 1), date(1970, 1, 1), DatePrecision.RANGE)


class TestDocuments:
    def test_numbers_compare_normalised(self) -> None:
        doc = DocumentNumber(DocumentKind.PASSPORT, "e-1234 5678", "CHN")
        assert doc.normalised == "E12345678"

    @pytest.mark.parametrize(
        ("number", "state"), [("---", None), ("E1\x07", None), ("E1", "china"), ("E1", "CHNA")]
    )
    def test_bad_documents_are_refused(self, number: str, state: str | None) -> None:
        with pytest.raises(InvalidEntry):
            DocumentNumber(DocumentKind.PASSPORT, number, state)


class TestEntry:
    def test_primary_name_and_aliases(self) -> None:
        entry = _entry(sex=Sex.MALE, nationalities=("CHN", "HKG"))
        assert entry.primary_name == "CHEN Dawen"
        assert [a.text for a in entry.aliases] == ["陈大文"]

    def test_the_primary_name_comes_first_and_only_once(self) -> None:
        with pytest.raises(InvalidEntry, match="primary"):
            _entry(names=(EntryName.of("X", NameKind.ALIAS),))
        with pytest.raises(InvalidEntry, match="exactly one"):
            _entry(names=(EntryName.of("X"), EntryName.of("Y")))
        with pytest.raises(InvalidEntry):
            _entry(names=())

    @pytest.mark.parametrize(
        "changes",
        [
            {"entry_id": ""},
            {"entry_id": "has space"},
            {"entry_id": "x" * 200},
            {"nationalities": ("china",)},
            {"notes": "x" * 30_000},
            {"valid_from": date(2026, 2, 1), "valid_until": date(2026, 1, 1)},
        ],
    )
    def test_invalid_entries_are_refused(self, changes: dict[str, object]) -> None:
        with pytest.raises(InvalidEntry):
            _entry(**changes)

    def test_an_entry_expires_by_itself(self) -> None:
        entry = _entry(valid_from=date(2026, 1, 1), valid_until=date(2026, 6, 30))
        assert not entry.is_active(date(2025, 12, 31))
        assert entry.is_active(date(2026, 1, 1))
        assert entry.is_active(date(2026, 6, 30))  # the last day still counts
        assert not entry.is_active(date(2026, 7, 1))

    def test_an_entry_without_window_is_always_active(self) -> None:
        assert _entry().is_active(date(1990, 1, 1))

    def test_active_entries_drops_expired_and_future_ones(self) -> None:
        expired = _entry(entry_id="old", valid_until=date(2025, 1, 1))
        future = _entry(entry_id="new", valid_from=date(2027, 1, 1))
        current = _entry(entry_id="now")
        assert active_entries([expired, future, current], date(2026, 3, 1)) == [current]


class TestWatchlist:
    def _list(self, **changes: object) -> Watchlist:
        values: dict[str, object] = {
            "list_id": "wanted-gd",
            "name": "广东省公安厅网上追逃",
            "list_type": ListType.WANTED,
            "issuing_authority": "广东省公安厅",
            "legal_basis": "《出境入境管理法》第十二条",
            "action_instructions": "Detain and call the duty police officer.",
            "priority": 1,
        }
        values.update(changes)
        return Watchlist(**values)  # type: ignore[arg-type]

    def test_each_list_type_has_its_action(self) -> None:
        assert self._list().action is ListAction.DETAIN_AND_NOTIFY_POLICE
        assert ListType.DENY_EXIT.action is ListAction.REFUSE_EXIT
        assert ListType.WATCH.action is ListAction.NOTIFY

    def test_validity_window(self) -> None:
        watchlist = self._list(valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))
        assert watchlist.is_active(date(2026, 5, 1))
        assert not watchlist.is_active(date(2027, 1, 1))

    @pytest.mark.parametrize("changes", [{"priority": 0}, {"priority": 10}, {"name": " "}])
    def test_invalid_lists_are_refused(self, changes: dict[str, object]) -> None:
        with pytest.raises(InvalidEntry):
            self._list(**changes)
