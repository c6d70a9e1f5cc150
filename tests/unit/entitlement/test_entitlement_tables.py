"""Loading the tables: the packaged data is complete and cited; bad edits are refused whole."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from guomen.entitlement.model import Crossing, EntitlementQuery, Holder, Outcome
from guomen.entitlement.parse import EntitlementDataError
from guomen.entitlement.rules import assess
from guomen.entitlement.tables import (
    FILES,
    MAX_FILE_BYTES,
    TablesCache,
    load_tables,
    packaged_data,
)
from guomen.reference.seed import load_ports


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "entitlement"
    target.mkdir()
    for name in FILES:
        (target / name).write_bytes((packaged_data() / name).read_bytes())
    return target


def edit(folder: Path, name: str, change: Callable[[str], str]) -> None:
    path = folder / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the edit must change the file"
    path.write_text(after, encoding="utf-8")


def refused(folder: Path) -> str:
    with pytest.raises(EntitlementDataError) as caught:
        load_tables(folder)
    return caught.value.message


def test_packaged_tables_load_with_a_version_and_dated_cited_rows() -> None:
    tables = load_tables()
    assert tables.version
    assert tables.as_of == date(2026, 11, 22)
    counts = tables.counts()
    assert counts["transit_nationalities"] == 55
    assert counts["transit_regions"] == 24
    assert all(n > 0 for n in counts.values())
    for source in tables.sources:
        assert source.title and source.url.startswith("http") and source.published_on


def test_transit_ports_with_a_code_are_guomen_ports() -> None:
    codes = {p.code for p in load_ports()}
    designated = {r.port_code for r in load_tables().transit_ports if r.port_code}
    assert {"PEK", "PVG", "CAN", "WESTKOWLOON"} <= designated <= codes


def test_a_copy_loads_and_an_administrators_edit_takes_effect(folder: Path) -> None:
    query = EntitlementQuery(
        Crossing.ENTRY,
        Holder.FOREIGNER,
        "IND",
        "foreign_passport",
        date(2030, 1, 1),
        "PEK",
        date(2026, 12, 1),
    )
    assert assess(load_tables(folder), query).outcome is Outcome.NOT_ENTITLED
    edit(
        folder,
        "visa_free.yaml",
        lambda t: (
            t + "  - {id: test.IND, nationality: IND, scheme: unilateral, stay_days: 15, "
            "document_kinds: [foreign_passport], effective_from: 2026-12-01, "
            "sources: [eeal_2012]}\n"
        ),
    )
    answer = assess(load_tables(folder), query)
    assert answer.outcome is Outcome.ENTITLED
    assert answer.permitted_until == date(2026, 12, 16)
    assert load_tables(folder).origin == str(folder)


BAD_EDITS: list[tuple[str, str, Callable[[str], str], str]] = [
    (
        "row without a source",
        "visa_free.yaml",
        lambda t: t.replace(", sources: [mutual_singapore_2024]", "", 1),
        "visa_free.yaml rows[",
    ),
    (
        "row citing an unknown source",
        "endorsements.yaml",
        lambda t: t.replace("sources: [hkm_endorsements]", "sources: [no_such_source]", 1),
        "no_such_source not listed in sources.yaml",
    ),
    (
        "overlapping periods for one nationality",
        "visa_free.yaml",
        lambda t: (
            t + "  - {id: dup.FRA, nationality: FRA, scheme: mutual, stay_days: 30, "
            "document_kinds: [foreign_passport], effective_from: 2026-01-01, "
            "sources: [eeal_2012]}\n"
        ),
        "nationality FRA is in force 2026-01-01..open, which overlaps",
    ),
    (
        "unknown port code",
        "transit.yaml",
        lambda t: t.replace("port_code: PEK,", "port_code: NOWHERE,", 1),
        "port_code 'NOWHERE' is not a port",
    ),
    (
        "malformed YAML",
        "documents.yaml",
        lambda t: t.replace("rows:", "rows: [unclosed", 1),
        "documents.yaml: not valid YAML at line",
    ),
    (
        "unknown nationality code",
        "visa_free.yaml",
        lambda t: t.replace("nationality: FRA,", "nationality: ZZZ,", 1),
        "'ZZZ' is not a country code",
    ),
    (
        "end before start",
        "endorsements.yaml",
        lambda t: t.replace("effective_until: 2019-07-31", "effective_until: 2001-01-01", 1),
        "effective_until 2001-01-01 is before effective_from",
    ),
    (
        "not a date",
        "transit.yaml",
        lambda t: t.replace("effective_from: 2025-11-05", "effective_from: next week", 1),
        "effective_from must be a date",
    ),
    (
        "misspelt field",
        "documents.yaml",
        lambda t: t.replace(
            "document_kinds: [foreign_passport]", "document_kind: [foreign_passport]"
        ),
        "documents.yaml rows[8]: missing document_kinds",
    ),
    (
        "unknown document kind",
        "documents.yaml",
        lambda t: t.replace("[mainland_travel_permit_tw]", "[tai_bao_zheng]"),
        "unknown value(s) tai_bao_zheng",
    ),
    (
        "version differs from the manifest",
        "transit.yaml",
        lambda t: t.replace('version: "2026.11.22-1"', 'version: "1999"'),
        "differs from manifest.yaml",
    ),
    (
        "file is not a mapping",
        "sources.yaml",
        lambda t: "- just\n- a list\n",
        "sources.yaml: expected a mapping",
    ),
    (
        "no catch-all visa requirement",
        "visas.yaml",
        lambda t: t.replace('nationality: "*"', "nationality: FRA"),
        "requirements need a row for nationality '*'",
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [case[1:] for case in BAD_EDITS],
    ids=[case[0] for case in BAD_EDITS],
)
def test_bad_edit_is_refused_naming_file_and_row(
    folder: Path, file: str, change: Callable[[str], str], message: str
) -> None:
    edit(folder, file, change)
    assert message in refused(folder)


def test_missing_file(folder: Path) -> None:
    (folder / "transit.yaml").unlink()
    assert refused(folder) == "transit.yaml: file is missing"


def test_huge_file_is_refused_before_parsing(folder: Path) -> None:
    path = folder / "visa_free.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("#" * (MAX_FILE_BYTES + 10) + "\n")
    assert f"larger than {MAX_FILE_BYTES} bytes" in refused(folder)


def test_binary_file_is_refused(folder: Path) -> None:
    (folder / "endorsements.yaml").write_bytes(b"\xff\xfe\x00rows")
    assert "not UTF-8" in refused(folder)


def test_yaml_tags_that_build_objects_are_refused(folder: Path) -> None:
    (folder / "documents.yaml").write_text("rows: !!python/object/apply:os.system ['true']\n")
    assert "not valid YAML" in refused(folder)


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EntitlementDataError, match=r"manifest\.yaml: file is missing"):
        load_tables(tmp_path)


def test_a_refused_edit_leaves_the_packaged_tables_untouched(folder: Path) -> None:
    edit(folder, "visa_free.yaml", lambda t: t.replace("stay_days: 30", "stay_days: -3", 1))
    assert "stay_days must be a whole number" in refused(folder)
    assert load_tables().visa_free[0].stay_days == 30
    shutil.rmtree(folder)


def test_cache_reloads_an_edit_and_keeps_the_last_good_tables(folder: Path) -> None:
    cache = TablesCache(folder)
    first = cache.get()
    assert cache.get() is first  # unchanged files: not read again
    edit(folder, "visa_free.yaml", lambda t: t.replace("stay_days: 30", "stay_days: 31", 1))
    second = cache.get()
    assert second is not first and second.visa_free[0].stay_days == 31
    edit(folder, "visa_free.yaml", lambda t: t.replace("rows:", "rows: [", 1))
    assert cache.get() is second
    assert cache.last_error is not None and "visa_free.yaml: not valid YAML" in cache.last_error


def test_cache_without_good_tables_raises(tmp_path: Path) -> None:
    with pytest.raises(EntitlementDataError):
        TablesCache(tmp_path).get()
