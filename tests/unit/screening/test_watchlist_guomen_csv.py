"""Guomen's own watchlist CSV: strict reading, one problem per bad row with its line."""

from __future__ import annotations

import io

import pytest

from guomen.people.model import Sex
from guomen.screening.importers import (
    GUOMEN_CSV_HEADER,
    ImportFailed,
    ImportResult,
    Severity,
    import_guomen_csv,
)
from guomen.screening.model import DocumentKind, ListType

HEADER = ",".join(GUOMEN_CSV_HEADER)
GOOD = (
    "GD-2026-0001,deny_exit,CHEN Dawen,陈大文|CHAN Tai Man,1970-05-03,M,CHN|HKG,"
    'passport:E12345678:CHN|national_id:440301197005030011,"court order (2026) 粤03执123"\n'
    "GD-2026-0002,deny_exit,LI Si,,1981,F,D,G1234567,\n"
    "GD-2026-0003,deny_exit,WANG Wu,,1975-11,X,,,\n"
)


def _load(body: str, list_type: ListType | None = None, header: str = HEADER) -> ImportResult:
    data = f"{header}\n{body}".encode()
    return import_guomen_csv(io.BytesIO(data), list_id="gd", list_type=list_type).collect()


class TestGoodRows:
    def test_every_column(self) -> None:
        result = _load(GOOD)
        assert result.ok, result.problems
        first, second, third = result.entries
        assert first.entry_id == "GD-2026-0001"
        assert first.list_type is ListType.DENY_EXIT
        assert [n.text for n in first.names] == ["CHEN Dawen", "陈大文", "CHAN Tai Man"]
        assert first.names[1].script == "Hani"
        assert [str(d) for d in first.birth_dates] == ["1970-05-03"]
        assert first.sex is Sex.MALE
        assert first.nationalities == ("CHN", "HKG")
        assert [(d.kind, d.number, d.issuing_state) for d in first.documents] == [
            (DocumentKind.PASSPORT, "E12345678", "CHN"),
            (DocumentKind.NATIONAL_ID, "440301197005030011", None),
        ]
        assert first.notes == "court order (2026) 粤03执123"
        assert (second.nationalities, second.documents[0].kind) == (("D",), DocumentKind.OTHER)
        assert [str(d) for d in third.birth_dates] == ["1975-11"]
        assert third.sex is Sex.UNSPECIFIED

    def test_bom_crlf_and_header_case_are_accepted(self) -> None:
        data = ("\ufeff" + HEADER.upper() + "\r\n" + GOOD.replace("\n", "\r\n")).encode()
        run = import_guomen_csv(io.BytesIO(data), list_id="gd")
        assert len(list(run)) == 3
        run.check()

    def test_a_gb18030_file_reads_with_its_encoding(self) -> None:
        data = f"{HEADER}\n{GOOD}".encode("gb18030")
        run = import_guomen_csv(io.BytesIO(data), list_id="gd", encoding="gb18030")
        assert run.collect().entries[0].names[1].text == "陈大文"

    def test_deu_is_written_as_icao_d(self) -> None:
        result = _load("X1,watch,Hans MULLER,,,,DEU,,\n")
        assert result.entries[0].nationalities == ("D",)


class TestBadRows:
    @pytest.mark.parametrize(
        ("row", "field", "reason"),
        [
            (",watch,A,,,,,,", "entry_id", "empty"),
            ("X,blacklist,A,,,,,,", "list_type", "not one of"),
            ("X,watch,,,,,,,", "name", "empty"),
            ("X,watch," + "A" * 10_000 + ",,,,,,", "name", "10000 characters"),
            ("X,watch,A\x01B,,,,,,", "name", "control character"),
            ("X,watch,A 🛂 B,,,,,,", "name", "emoji"),
            ("X,watch,A,B 😀,,,,,", "alias", "emoji"),
            ("X,watch,A,,1970-13-01,,,,", "birth_date", "not a real date"),
            ("X,watch,A,,03/05/1970,,,,", "birth_date", "YYYY"),
            ("X,watch,A,,,Q,,,", "sex", "not M, F or X"),
            ("X,watch,A,,,,China,,", "nationality", "ICAO"),
            ("X,watch,A,,,,CN,,", "nationality", "ICAO"),
            ("X,watch,A,,,,XYZ,,", "nationality", "ICAO"),
            ("X,watch,A,,,,,visa:123,", "document_numbers", "document kind"),
            ("X,watch,A,,,,,passport:E1:China,", "nationality", "ICAO"),
            ("X,watch,A,,,,,passport:---,", "document_numbers", "no letter or digit"),
            ("X,watch,A,,,,,passport:b:CHN:d,", "document_numbers", "KIND:NUMBER:STATE"),
        ],
    )
    def test_a_bad_value_rejects_its_row(self, row: str, field: str, reason: str) -> None:
        result = _load(GOOD + row + "\n")
        assert len(result.entries) == 3
        (error,) = result.of(Severity.ERROR)
        assert (error.line, error.record, error.field) == (5, 4, field)
        assert reason in error.reason

    def test_wrong_number_of_columns(self) -> None:
        result = _load("X,watch,A\n" + GOOD)
        (error,) = result.of(Severity.ERROR)
        assert (error.line, error.reason) == (2, "expected 9 columns, got 3")

    def test_a_row_for_another_list_type(self) -> None:
        result = _load(GOOD, list_type=ListType.WANTED)
        assert len(result.of(Severity.ERROR)) == 3
        assert "this list is wanted" in result.problems[0].reason

    def test_a_repeated_entry_id(self) -> None:
        result = _load(GOOD + GOOD.splitlines()[1] + "\n")
        (error,) = result.of(Severity.ERROR)
        assert error.reason == "entry id 'GD-2026-0002' repeated (first on line 3)"

    def test_a_gbk_file_read_as_utf8_names_each_bad_line(self) -> None:
        data = f"{HEADER}\n{GOOD}".encode("gb18030")
        result = import_guomen_csv(io.BytesIO(data), list_id="gd").collect()
        (error,) = result.of(Severity.ERROR)
        assert error.line == 2
        assert "not valid utf-8" in error.reason

    def test_a_multi_line_quoted_note_keeps_line_numbers(self) -> None:
        body = 'A,watch,A,,,,,,"line one\nline two"\nB,watch,B,,,,,,\nC,watch,\x00,,,,,,\n'
        result = _load(body)
        assert [e.entry_id for e in result.entries] == ["A", "B"]
        assert result.entries[0].notes == "line one line two"
        assert result.of(Severity.ERROR)[0].line == 5


class TestPolicy:
    def test_all_or_nothing_by_default_skip_on_request(self) -> None:
        data = f"{HEADER}\n{GOOD}X,watch,,,,,,,\n".encode()
        run = import_guomen_csv(io.BytesIO(data), list_id="gd")
        entries = list(run)
        assert len(entries) == 3
        with pytest.raises(ImportFailed, match="line 5 record 4"):
            run.check()
        run.check(skip_bad_records=True)  # the officer asked to skip bad rows

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b"", "is empty"),
            (b"id,name\n1,A\n", "not a Guomen watchlist CSV"),
            ("\ufeffentry_id,list_type".encode("utf-16"), "UTF-16"),
            (b"\x89PNG\r\n\x1a\n\x00\x00", "not a Guomen watchlist CSV"),
        ],
    )
    def test_a_file_that_is_not_guomen_csv(self, data: bytes, reason: str) -> None:
        run = import_guomen_csv(io.BytesIO(data), list_id="gd")
        assert list(run) == []
        assert run.fatal
        assert reason in run.problems[0].reason
