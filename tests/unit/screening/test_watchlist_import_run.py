"""The import run: all-or-nothing or skip, bounded problem lists, bounded memory on huge files,
and country names mapped to ICAO codes."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator

import pytest

from guomen.screening.importers import (
    GUOMEN_CSV_HEADER,
    ImportFormat,
    ImportRun,
    Severity,
    import_ftm,
    import_guomen_csv,
    import_un_xml,
    import_watchlist,
)
from guomen.screening.importers.countries import is_icao_code, to_icao
from guomen.screening.importers.streams import read_lines
from guomen.screening.model import ListType

HEADER = ",".join(GUOMEN_CSV_HEADER)


class GeneratedStream(io.RawIOBase):
    """A read-only binary stream made on the fly: a huge file that never exists in memory."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts = parts
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._parts, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _stream(parts: Iterator[bytes]) -> io.BufferedReader:
    return io.BufferedReader(GeneratedStream(parts))


def _peak_while_consuming(run: ImportRun) -> tuple[int, int]:
    """Entries read and the peak of memory allocated meanwhile (entries are not kept)."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in run)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def _csv(rows: int) -> bytes:
    body = "".join(f"E{n},watch,ZHANG San {n},,1970,M,CHN,,\n" for n in range(rows))
    return f"{HEADER}\n{body}".encode()


class TestPolicy:
    def test_check_needs_the_whole_run(self) -> None:
        run = import_guomen_csv(io.BytesIO(_csv(3)), list_id="gd")
        next(iter(run))
        with pytest.raises(RuntimeError, match="whole run"):
            run.check()

    def test_a_run_is_read_once(self) -> None:
        run = import_guomen_csv(io.BytesIO(_csv(3)), list_id="gd")
        list(run)
        with pytest.raises(RuntimeError, match="once"):
            list(run)

    def test_problems_are_counted_but_only_the_first_ones_kept(self) -> None:
        bad = "".join(f"E{n},watch,,,,,,,\n" for n in range(1500))
        run = import_guomen_csv(io.BytesIO(f"{HEADER}\n{bad}".encode()), list_id="gd")
        assert list(run) == []
        assert run.count(Severity.ERROR) == 1500
        assert len(run.problems) == 1000
        assert run.failed()
        assert not run.failed(skip_bad_records=True)

    def test_one_entry_point_for_every_format(self) -> None:
        run = import_watchlist(
            ImportFormat.CSV, io.BytesIO(_csv(2)), list_id="gd", list_type=ListType.WATCH
        )
        assert [e.entry_id for e in run] == ["E0", "E1"]


class TestBoundedMemory:
    def setup_method(self) -> None:
        import_guomen_csv(io.BytesIO(_csv(2)), list_id="gd").collect()  # load lookup tables

    def test_a_large_un_file_streams_in_bounded_memory(self) -> None:
        record = (
            "<INDIVIDUAL><DATAID>{n}</DATAID><FIRST_NAME>NAME {n}</FIRST_NAME>"
            "<COMMENTS1>" + "x" * 8000 + "</COMMENTS1></INDIVIDUAL>\n"
        )
        parts = iter(
            [b"<CONSOLIDATED_LIST><INDIVIDUALS>\n"]
            + [record.format(n=n).encode() for n in range(1500)]
            + [b"</INDIVIDUALS></CONSOLIDATED_LIST>\n"]
        )
        run = import_un_xml(_stream(parts), list_id="un", list_type=ListType.WATCH)
        count, peak = _peak_while_consuming(run)
        assert count == 1500  # about 12 MB of XML
        assert peak < 3_000_000

    def test_a_large_csv_streams_in_bounded_memory(self) -> None:
        note = "y" * 8000
        rows = (f"E{n},watch,ZHANG San,,1970,M,CHN,,{note}\n".encode() for n in range(1500))
        parts = iter([f"{HEADER}\n".encode(), *rows])
        count, peak = _peak_while_consuming(import_guomen_csv(_stream(parts), list_id="gd"))
        assert count == 1500  # about 12 MB of CSV
        assert peak < 3_000_000

    def test_a_huge_line_without_newline_is_skipped_not_loaded(self) -> None:
        first = b'{"id": "A", "schema": "Person", "properties": {"name": ["A B"]}}\n'
        endless = (b"z" * 65536 for _ in range(320))  # 20 MiB without a newline
        run = import_ftm(_stream(iter([first, *endless])), list_id="os", list_type=ListType.WATCH)
        count, peak = _peak_while_consuming(run)
        assert count == 1
        assert peak < 4_000_000
        assert "longer than 1048576 bytes" in run.problems[0].reason
        assert run.problems[0].line == 2

    def test_an_unbalanced_quote_does_not_swallow_the_file(self) -> None:
        rows = (f"E{n},watch,A,,,,,,note\n".encode() for n in range(10_000))
        parts = iter([f'{HEADER}\nX,watch,"unclosed,,,,,,,\n'.encode(), *rows])
        run = import_guomen_csv(_stream(parts), list_id="gd")
        list(run)
        first = run.problems[0]
        assert (first.severity, first.line) == (Severity.ERROR, 2)
        assert "field larger than field limit" in first.reason
        assert run.failed()


class TestLines:
    def test_line_numbers_and_bad_bytes(self) -> None:
        lines = list(read_lines(io.BytesIO(b"\xef\xbb\xbfone\ntw\xffo\r\nthree")))
        assert [(ln.number, ln.text, ln.problem is None) for ln in lines] == [
            (1, "one\n", True),
            (2, "tw\ufffdo\r\n", False),
            (3, "three", True),
        ]


class TestCountries:
    @pytest.mark.parametrize(
        ("name", "code"),
        [
            ("Iran (Islamic Republic of)", "IRN"),
            ("Korea, North", "PRK"),
            ("Democratic People's Republic of Korea", "PRK"),
            ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
            ("Türkiye", "TUR"),
            ("Turkey", "TUR"),
            ("Russia", "RUS"),
            ("Congo, Democratic Republic of the", "COD"),
            ("Germany", "D"),
            ("DEU", "D"),
            ("de", "D"),
            ("ru", "RUS"),
            ("xk", "RKS"),
            ("Hong Kong", "HKG"),
            ("Macau", "MAC"),
            ("The Gambia", "GMB"),
            ("china", "CHN"),
        ],
    )
    def test_names_and_codes(self, name: str, code: str) -> None:
        assert to_icao(name) == code

    @pytest.mark.parametrize("name", ["former Soviet Union", "suhh", "", "Atlantis", "x" * 500])
    def test_unknown(self, name: str) -> None:
        assert to_icao(name) is None

    def test_icao_codes(self) -> None:
        assert is_icao_code("D")
        assert is_icao_code("GBN")
        assert is_icao_code("CHN")
        assert not is_icao_code("DEU")
        assert not is_icao_code("chn")
