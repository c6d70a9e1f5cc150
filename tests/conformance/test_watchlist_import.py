"""Conformance: the importers on real published lists in ../shared/testdata/namematch/watchlists.

UN Security Council consolidated list (XML, 730 individuals and 273 entities), the OFAC SDN
list snapshot of 2019-01-15 (sdn.csv/alt.csv/add.csv, 7,379 entries, and the 17-entry "mini"
sample) and two OpenSanctions FollowTheMoney exports. Counts and known entries are asserted,
and so are the problems the real data is known to have.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from guomen.people.model import Sex
from guomen.screening.importers import (
    ImportFormat,
    ImportResult,
    ImportRun,
    Severity,
    import_ftm,
    import_ofac_sdn,
    import_un_xml,
    import_watchlist,
)
from guomen.screening.model import DocumentKind, ListType, NameKind, Subject, WatchlistEntry

REPO_ROOT = Path(__file__).resolve().parents[2]
WATCHLISTS = REPO_ROOT.parent / "shared" / "testdata" / "namematch" / "watchlists"
OFAC_UN = WATCHLISTS / "ofac_un"
W = ListType.WATCH
IMPORT_SECONDS = 30.0  # all of these files together load in about a second


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"watchlist test data not found at {path} (../shared/testdata is optional)")
    return path


def _timed(run: ImportRun) -> ImportResult:
    started = time.perf_counter()
    result = run.collect()
    assert time.perf_counter() - started < IMPORT_SECONDS
    return result


def _by_source_id(result: ImportResult) -> dict[str, WatchlistEntry]:
    return {entry.source_id: entry for entry in result.entries}


def _warnings(result: ImportResult) -> set[tuple[str | None, str | None]]:
    return {(p.source_id, p.field) for p in result.of(Severity.WARNING)}


@pytest.fixture(scope="module")
def un() -> ImportResult:
    path = _need(OFAC_UN / "UN_consolidated.xml")
    return _timed(import_un_xml(path, list_id="un-sc", list_type=W))


@pytest.fixture(scope="module")
def ofac() -> ImportResult:
    sdn = _need(OFAC_UN / "sdn.csv")
    return _timed(
        import_ofac_sdn(sdn, OFAC_UN / "alt.csv", OFAC_UN / "add.csv", list_id="ofac", list_type=W)
    )


class TestUnConsolidatedList:
    def test_counts(self, un: ImportResult) -> None:
        subjects = Counter(entry.subject for entry in un.entries)
        assert subjects == {Subject.PERSON: 730, Subject.ORGANIZATION: 273}
        assert un.ok
        assert sum(len(e.names) for e in un.entries) == 4115
        original = [n for e in un.entries for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT]
        assert len(original) == 376
        assert sum(len(e.documents) for e in un.entries) == 454

    def test_known_problems_of_the_real_file(self, un: ImportResult) -> None:
        assert _warnings(un) == {
            ("6908703", "birth_date"),  # "30-35 years old"
            ("2962519", "birth_date"),  # a Hijri date: 24/06/1402
            ("2960872", "nationality"),  # "former Soviet Union"
            ("690784", "nationality"),  # "na"
            ("111076", "original_script"),  # U+FFFD: the Arabic name was mis-decoded upstream
        }

    def test_a_person_with_original_script_and_two_birth_dates(self, un: ImportResult) -> None:
        person = _by_source_id(un)["6908114"]
        assert person.entry_id == "un-6908114"
        assert person.primary_name == "THORAYA BARZAN IBRAHIM HASAN AL-TIKRITI"
        assert person.names[1].text == "ثريا برزان إبراهيم حسن التكريتي"
        assert (person.names[1].kind, person.names[1].script) == (NameKind.ORIGINAL_SCRIPT, "Arab")
        assert [str(d) for d in person.birth_dates] == ["1980-12-19", "1980-01-19"]
        assert person.nationalities == ("IRQ",)
        assert person.valid_from == date(2004, 4, 7)

    def test_aliases_with_quality(self, un: ImportResult) -> None:
        person = _by_source_id(un)["6907995"]
        assert person.primary_name == "GASTON IYAMUREMYE"
        kinds = {n.text: n.kind for n in person.aliases}
        assert kinds["Rumuli"] is NameKind.WEAK_ALIAS
        assert kinds["Michel Byiringiro"] is NameKind.ALIAS
        assert [str(d) for d in person.birth_dates] == ["1948"]
        assert person.sex is Sex.MALE
        assert person.nationalities == ("RWA",)

    def test_passport_and_ranges(self, un: ImportResult) -> None:
        entries = _by_source_id(un)
        doc = entries["6908012"].documents[0]
        assert (doc.kind, doc.number, doc.issuing_state) == (
            DocumentKind.PASSPORT,
            "OB 0243318",
            "COD",
        )
        assert [str(d) for d in entries["6908021"].birth_dates] == ["1973/1974"]
        assert [str(d) for d in entries["110577"].birth_dates] == ["1955/1958~", "1945/1950~"]
        assert str(entries["2983746"].birth_dates[0]) == "1977-08-01/1977-09-30"

    def test_an_entity(self, un: ImportResult) -> None:
        entity = _by_source_id(un)["6908028"]
        assert entity.subject is Subject.ORGANIZATION
        assert [n.text for n in entity.names] == ["M23", "Mouvement du 23 mars"]


class TestOfacSdn:
    def test_counts(self, ofac: ImportResult) -> None:
        subjects = Counter(entry.subject for entry in ofac.entries)
        assert subjects == {
            Subject.PERSON: 3845,
            Subject.ORGANIZATION: 2994,
            Subject.VESSEL: 323,
            Subject.AIRCRAFT: 217,
        }
        assert ofac.ok
        assert sum(1 for e in ofac.entries if e.birth_dates) == 3662  # every "DOB" remark
        aliases = Counter(n.kind for e in ofac.entries for n in e.aliases)
        assert aliases[NameKind.ALIAS] >= 9500  # alt.csv has 9,682 rows, a few repeat a name
        assert sum(len(e.addresses) for e in ofac.entries) == 9474

    def test_known_problems_of_the_real_file(self, ofac: ImportResult) -> None:
        assert _warnings(ofac) == {
            ("7940", "nationality"),  # "possibly Palestinian"
            ("7942", "nationality"),
            ("7945", "nationality"),
            ("16713", "documents"),  # "(Cabo Verde.  Previously Cape Verde.)"
        }

    def test_a_person_with_aliases_and_alternative_birth_year(self, ofac: ImportResult) -> None:
        person = _by_source_id(ofac)["6365"]
        assert person.entry_id == "ofac-6365"
        assert person.primary_name == "BIN LADIN, Usama bin Muhammad bin Awad"
        assert "BIN LADEN, Osama" in [n.text for n in person.aliases]
        assert [str(d) for d in person.birth_dates] == ["1957-07-30", "1958"]
        assert person.birth_places == ("Jeddah, Saudi Arabia", "Yemen")

    def test_an_organisation_with_weak_alias_and_addresses(self, ofac: ImportResult) -> None:
        bank = _by_source_id(ofac)["306"]
        assert bank.subject is Subject.ORGANIZATION
        assert [(n.text, n.kind) for n in bank.aliases] == [
            ("NATIONAL BANK OF CUBA", NameKind.ALIAS),
            ("BNC", NameKind.WEAK_ALIAS),
        ]
        assert len(bank.addresses) == 4

    def test_the_mini_sample_through_the_cli_entry_point(self) -> None:
        sdn = _need(OFAC_UN / "mini_sdn.csv")
        result = import_watchlist(ImportFormat.OFAC_SDN, sdn, list_id="ofac", list_type=W).collect()
        assert len(result.entries) == 17
        assert result.ok
        person = _by_source_id(result)["48603"]
        assert person.primary_name == "KHOROSHEV, Dmitry Yuryevich"
        assert person.nationalities == ("RUS",)
        assert [(d.kind, d.number) for d in person.documents] == [
            (DocumentKind.PASSPORT, "2018278055"),
            (DocumentKind.PASSPORT, "2006801524"),
        ]
        # the mini alt/add files were cut from the full ones: some rows have no entry here
        orphans = [p for p in result.of(Severity.WARNING) if "no entry" in p.reason]
        assert len(orphans) == 9


class TestFollowTheMoney:
    def test_zala_cluster(self) -> None:
        path = _need(WATCHLISTS / "zala_entities.ftm.json")
        result = _timed(import_ftm(path, list_id="os", list_type=W))
        assert (len(result.entries), result.skipped) == (6, 85)
        assert result.problems == ()
        person = _by_source_id(result)["NK-hUAjuiA3vTKXF6v2X6MYnS"]
        assert person.primary_name == "Lavrentiy Aleksandrovich ZAKHAROV"
        assert "Лаврентий Александрович Захаров" in [n.text for n in person.names]
        assert [str(d) for d in person.birth_dates] == ["1999-02-26"]
        assert (person.nationalities, person.sex) == (("RUS",), Sex.MALE)
        assert [(d.kind, d.number) for d in person.documents] == [
            (DocumentKind.PASSPORT, "089132114")
        ]

    def test_t1_sample(self) -> None:
        path = _need(WATCHLISTS / "t1_entities.ftm.json")
        result = _timed(import_ftm(path, list_id="os", list_type=W))
        assert (len(result.entries), result.skipped) == (4, 3)
        person = _by_source_id(result)["NK-2Ka3UvopqbpZmVDFjWd4LA"]
        assert person.primary_name == "Vitaly Yurievich KUZMENKO"
        assert [str(d) for d in person.birth_dates] == ["1971-01-22"]
