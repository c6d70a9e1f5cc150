"""List versions: the diff of an import or edit, and who approved it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from guomen.screening.model import (
    DateSpec,
    EntryName,
    EntrySource,
    InvalidEntry,
    ListType,
    NameKind,
    WatchlistEntry,
)
from guomen.screening.versions import (
    VersionStatus,
    apply_edit,
    approve_version,
    diff_entries,
    propose_version,
    reject_version,
)
from guomen.shared.errors import Conflict, PermissionDenied

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def _entry(entry_id: str, name: str = "ZHANG San", *aliases: str) -> WatchlistEntry:
    names = (EntryName.of(name), *(EntryName.of(a, NameKind.ALIAS) for a in aliases))
    return WatchlistEntry(
        entry_id=entry_id,
        list_id="deny-exit",
        list_type=ListType.DENY_EXIT,
        names=names,
        source=EntrySource.CSV,
        source_id=entry_id,
    )


class TestDiff:
    def test_added_changed_removed_by_entry_id(self) -> None:
        kept, edited, dropped = _entry("A"), _entry("B"), _entry("C")
        new_b = replace(edited, birth_dates=(DateSpec.year(1970),), notes="court order 17")
        diff = diff_entries([kept, edited, dropped], [kept, new_b, _entry("D")])
        assert [e.entry_id for e in diff.added] == ["D"]
        assert [e.entry_id for e in diff.removed] == ["C"]
        assert [(c.entry_id, c.fields) for c in diff.changed] == [("B", ("birth_dates", "notes"))]
        assert diff.unchanged == 1
        assert diff.summary() == "1 added, 1 changed, 1 removed, 1 unchanged"

    def test_reordered_aliases_are_not_a_change(self) -> None:
        before = _entry("A", "LI Si", "LEE Sze", "LI Szu")
        after = _entry("A", "LI Si", "LI Szu", "LEE Sze")
        assert diff_entries([before], [after]).is_empty

    def test_a_changed_alias_is_a_names_change(self) -> None:
        diff = diff_entries([_entry("A", "LI Si", "LEE Sze")], [_entry("A", "LI Si", "LEE See")])
        assert diff.changed[0].fields == ("names",)

    def test_first_import_adds_everything(self) -> None:
        diff = diff_entries([], [_entry("A"), _entry("B")])
        assert len(diff.added) == 2
        assert not diff.removed

    def test_a_repeated_id_is_refused(self) -> None:
        with pytest.raises(InvalidEntry, match="twice"):
            diff_entries([], [_entry("A"), _entry("A", "OTHER Name")])


class TestEdit:
    def test_put_replaces_and_adds_remove_drops(self) -> None:
        result = apply_edit(
            [_entry("A"), _entry("B")], put=[_entry("B", "WANG Wu"), _entry("C")], remove=["A"]
        )
        assert {e.entry_id: e.primary_name for e in result} == {"B": "WANG Wu", "C": "ZHANG San"}

    def test_removing_an_unknown_entry_is_refused(self) -> None:
        with pytest.raises(InvalidEntry, match="not on the list"):
            apply_edit([_entry("A")], remove=["Z"])

    def test_edit_and_remove_of_one_entry_is_refused(self) -> None:
        with pytest.raises(InvalidEntry, match="both"):
            apply_edit([_entry("A")], put=[_entry("A")], remove=["A"])


class TestVersions:
    def test_a_version_records_diff_author_and_approver(self) -> None:
        version = propose_version(
            list_id="deny-exit",
            previous_number=3,
            previous=[_entry("A")],
            current=[_entry("A"), _entry("B")],
            source="import csv court-orders.csv",
            author="officer.li",
            at=NOW,
        )
        assert version.number == 4
        assert version.status is VersionStatus.PROPOSED
        assert [e.entry_id for e in version.diff.added] == ["B"]
        approved = approve_version(version, approver="supervisor.wang", at=NOW, comment="ok")
        assert approved.status is VersionStatus.APPROVED
        assert (approved.decided_by, approved.decided_at) == ("supervisor.wang", NOW)

    def test_the_author_cannot_approve_their_own_version(self) -> None:
        version = propose_version(
            list_id="deny-exit",
            previous_number=0,
            previous=[],
            current=[_entry("A")],
            source="edit",
            author="officer.li",
            at=NOW,
        )
        with pytest.raises(PermissionDenied):
            approve_version(version, approver="officer.li", at=NOW)

    def test_a_decided_version_cannot_be_decided_again(self) -> None:
        version = propose_version(
            list_id="deny-exit",
            previous_number=0,
            previous=[],
            current=[],
            source="edit",
            author="a",
            at=NOW,
        )
        rejected = reject_version(version, approver="b", at=NOW, comment="wrong file")
        assert rejected.status is VersionStatus.REJECTED
        with pytest.raises(Conflict):
            approve_version(rejected, approver="b", at=NOW)

    def test_entries_of_another_list_are_refused(self) -> None:
        stray = replace(_entry("A"), list_id="watch")
        with pytest.raises(InvalidEntry, match="belongs to list"):
            propose_version(
                list_id="deny-exit",
                previous_number=0,
                previous=[],
                current=[stray],
                source="edit",
                author="a",
                at=NOW,
            )

    def test_times_must_be_aware(self) -> None:
        with pytest.raises(ValueError, match="timezone"):
            propose_version(
                list_id="deny-exit",
                previous_number=0,
                previous=[],
                current=[],
                source="edit",
                author="a",
                at=datetime(2026, 1, 1),
            )

    def test_an_expiry_change_is_a_change(self) -> None:
        entry = _entry("A")
        later = replace(entry, valid_until=date(2027, 1, 1))
        diff = diff_entries([entry], [later])
        assert diff.changed[0].fields == ("valid_until",)
