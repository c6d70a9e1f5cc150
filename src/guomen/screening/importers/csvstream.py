"""CSV records with their line numbers, read in bounded memory, malformed rows reported.

Built on ``streams.read_lines``: a row that spans an undecodable or overlong line, or that the
``csv`` module cannot parse (bad quoting, NUL bytes, a field over the size limit), comes back
with a ``problem`` instead of fields; the rows after it are read as usual.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from guomen.screening.importers.report import FatalImportError
from guomen.screening.importers.streams import read_lines

MAX_ROW_CHARS = 4 << 20  # a row this long is an unbalanced quote swallowing the file


@dataclass(frozen=True, slots=True)
class CsvRow:
    record: int  # 1-based count of non-blank rows, header included
    line: int  # line where the row starts
    fields: list[str]
    problem: str | None = None


def iter_csv(stream: BinaryIO, *, encoding: str = "utf-8") -> Iterator[CsvRow]:
    """Non-blank rows of ``stream`` in order; see the module docstring for ``problem``."""
    bad_lines: dict[int, str] = {}
    row_chars = [0]

    def texts() -> Iterator[str]:
        for line in read_lines(stream, encoding=encoding):
            if line.problem:
                bad_lines[line.number] = line.problem
            row_chars[0] += len(line.text)
            if row_chars[0] > MAX_ROW_CHARS:
                raise FatalImportError(
                    f"malformed CSV: the row starting on line {start} is over {MAX_ROW_CHARS} "
                    "characters long (an unbalanced quote?)",
                    start,
                )
            yield line.text

    reader = csv.reader(texts(), strict=True)
    start, record = 1, 0
    while True:
        problem = None
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            fields, problem = [], f"malformed CSV: {exc}"
        end = reader.line_num
        spanned = [bad_lines.pop(n) for n in sorted(bad_lines) if n <= end]
        problem = spanned[0] if spanned else problem
        if fields or problem:
            record += 1
            yield CsvRow(record, start, fields, problem)
        start = end + 1
        row_chars[0] = 0
