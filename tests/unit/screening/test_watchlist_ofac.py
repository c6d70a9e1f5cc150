"""OFAC SDN CSV importer: sdn.csv + alt.csv + add.csv, Remarks parsing, broken files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from guomen.people.model import Sex
from guomen.screening.importers import ImportFormat as Fmt
from guomen.screening.importers import (
    ImportResult,
    Severity,
    import_ofac_sdn,
    import_watchlist,
    ofac_companions,
)
from guomen.screening.model import DocumentKind, ListType, NameKind, Subject

E = "-0- "
SDN = (
    f'306,"BANCO NACIONAL DE CUBA",{E},"CUBA",{E},{E},{E},{E},{E},{E},{E},"a.k.a. \'BNC\'."\n'
    f'10278,"LOGAN MOREY, Elvis Angus","individual","SDNT",{E},{E},{E},{E},{E},{E},{E},'
    '"DOB 28 Jul 1963; alt. DOB circa 1960; POB Toledo District, Belize; nationality Belize;'
    " citizen Korea, North; Gender Male; Passport P0017003 (Belize) issued 01 Jan 2001 expires"
    " 01 Jan 2011; National ID No. 3520025509842-7 (Pakistan); Cedula No. 16247821 (Colombia);"
    " SSN 561-77-9011 (United States); a.k.a. 'BURTON BURGESS'; Linked To: ACME.\"\n"
    f'7160,"ALI, Hassan","individual","SDGT] [IFSR",{E},{E},{E},{E},{E},{E},{E},'
    '"DOB 01 Jan 1953 to 31 Dec 1954; alt. DOB Feb 1949; alt. DOB 1929 to 1930."\n'
    f'15036,"ARCTIC SUNRISE","vessel","IRAN",{E},"9HA2954","Crude Oil Tanker",{E},{E},'
    f'"Malta",{E},"Vessel Registration Identification IMO 9116412."\n'
    "\x1a\n"
)
ALT = '306,220,"aka","NATIONAL BANK OF CUBA",-0- \n10278,5,"fka","MOREY, Elvis",-0- \n'
ADD = '306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- \n'


def _load(sdn: str = SDN, alt: str | None = ALT, add: str | None = ADD) -> ImportResult:
    return import_ofac_sdn(
        io.BytesIO(sdn.encode()),
        io.BytesIO(alt.encode()) if alt is not None else None,
        io.BytesIO(add.encode()) if add is not None else None,
        list_id="ofac",
        list_type=ListType.WATCH,
    ).collect()


def _by_id(result: ImportResult) -> dict[str, object]:
    return {e.source_id: e for e in result.entries}


class TestGoodRecords:
    def test_subjects_and_counts(self) -> None:
        result = _load()
        assert result.ok, result.problems
        subjects = [(e.entry_id, e.subject) for e in result.entries]
        assert subjects == [
            ("ofac-306", Subject.ORGANIZATION),
            ("ofac-10278", Subject.PERSON),
            ("ofac-7160", Subject.PERSON),
            ("ofac-15036", Subject.VESSEL),
        ]

    def test_aliases_from_alt_csv_and_weak_aliases_from_remarks(self) -> None:
        bank = _load().entries[0]
        assert [(n.text, n.kind) for n in bank.names] == [
            ("BANCO NACIONAL DE CUBA", NameKind.PRIMARY),
            ("NATIONAL BANK OF CUBA", NameKind.ALIAS),
            ("BNC", NameKind.WEAK_ALIAS),
        ]
        assert bank.addresses == ("Zweierstrasse 35, Zurich CH-8022, Switzerland",)
        assert bank.notes.startswith("Program: CUBA")

    def test_remarks_give_dates_places_nationalities_sex_and_documents(self) -> None:
        person = _load().entries[1]
        assert [str(d) for d in person.birth_dates] == ["1963-07-28", "1960~"]
        assert person.birth_places == ("Toledo District, Belize",)
        assert person.nationalities == ("BLZ", "PRK")
        assert person.sex is Sex.MALE
        assert [(d.kind, d.number, d.issuing_state) for d in person.documents] == [
            (DocumentKind.PASSPORT, "P0017003", "BLZ"),
            (DocumentKind.NATIONAL_ID, "3520025509842-7", "PAK"),
            (DocumentKind.NATIONAL_ID, "16247821", "COL"),
            (DocumentKind.OTHER, "561-77-9011", "USA"),
        ]
        assert [n.text for n in person.aliases] == ["MOREY, Elvis", "BURTON BURGESS"]

    def test_birth_date_ranges_and_months(self) -> None:
        person = _load().entries[2]
        assert [str(d) for d in person.birth_dates] == ["1953/1954", "1949-02", "1929/1930"]
        assert "SDGT, IFSR" in person.notes

    def test_without_alt_and_add_files(self) -> None:
        result = _load(alt=None, add=None)
        assert result.ok
        assert [n.text for n in result.entries[0].names] == ["BANCO NACIONAL DE CUBA", "BNC"]


class TestBadInput:
    def test_a_row_with_wrong_columns_is_rejected_with_its_line(self) -> None:
        sdn = SDN.replace('15036,"ARCTIC SUNRISE","vessel",', '15036,"ARCTIC SUNRISE",')
        result = _load(sdn)
        (error,) = result.of(Severity.ERROR)
        assert (error.line, error.record, error.source_id) == (4, 4, "15036")
        assert "12 columns" in error.reason
        assert len(result.entries) == 3

    def test_a_bad_quote_is_reported_and_reading_goes_on(self) -> None:
        sdn = SDN.replace('"ALI, Hassan"', '"ALI, "Hassan"')
        result = _load(sdn)
        (error,) = result.of(Severity.ERROR)
        assert "malformed CSV" in error.reason
        assert error.line == 3
        assert [e.source_id for e in result.entries] == ["306", "10278", "15036"]

    def test_bytes_that_are_not_utf8_reject_the_row(self) -> None:
        data = SDN.encode().replace(b"ALI, Hassan", b"AL\xcd, Hassan")
        run = import_ofac_sdn(io.BytesIO(data), list_id="ofac", list_type=ListType.WATCH)
        result = run.collect()
        (error,) = result.of(Severity.ERROR)
        assert "not valid utf-8" in error.reason
        assert error.line == 3

    def test_a_latin1_file_reads_with_its_encoding(self) -> None:
        data = SDN.replace("ALI, Hassan", "ALÍ, Hassan").encode("latin-1")
        run = import_ofac_sdn(
            io.BytesIO(data), list_id="ofac", list_type=ListType.WATCH, encoding="latin-1"
        )
        assert run.collect().entries[2].primary_name == "ALÍ, Hassan"

    def test_aliases_of_unknown_entries_are_warnings_with_the_alt_file_line(self) -> None:
        result = _load(alt=ALT + '999,1,"aka","NOBODY",-0- \n')
        (warning,) = result.of(Severity.WARNING)
        assert (warning.source_id, warning.file) == ("999", "stream")

    def test_a_file_that_is_not_the_sdn_list(self) -> None:
        run = import_ofac_sdn(
            io.BytesIO(b"entry_id,list_type,name\nA,watch,X\n"),
            list_id="ofac",
            list_type=ListType.WATCH,
        )
        assert list(run) == []
        assert "is not an OFAC SDN CSV file" in run.problems[0].reason

    def test_alt_and_add_given_the_wrong_way_round(self) -> None:
        run = import_ofac_sdn(
            io.BytesIO(SDN.encode()),
            io.BytesIO(ADD.encode()),
            list_id="ofac",
            list_type=ListType.WATCH,
        )
        list(run)
        assert run.fatal
        assert "alias CSV (alt.csv)" in run.problems[0].reason


class TestFiles:
    def test_companion_files_are_found_beside_sdn_csv(self, tmp_path: Path) -> None:
        for name, text in (("mini_sdn.csv", SDN), ("mini_alt.csv", ALT), ("mini_add.csv", ADD)):
            (tmp_path / name).write_text(text, encoding="utf-8")
        assert ofac_companions(tmp_path / "mini_sdn.csv") == (
            tmp_path / "mini_alt.csv",
            tmp_path / "mini_add.csv",
        )
        run = import_watchlist(
            Fmt.OFAC_SDN, tmp_path / "mini_sdn.csv", list_id="ofac", list_type=ListType.WATCH
        )
        entries = list(run)
        run.check()
        assert entries[0].addresses

    @pytest.mark.parametrize("name", ["sdn.csv", "list.csv"])
    def test_missing_companions_are_none(self, tmp_path: Path, name: str) -> None:
        (tmp_path / name).write_text(SDN, encoding="utf-8")
        assert ofac_companions(tmp_path / name) == (None, None)
