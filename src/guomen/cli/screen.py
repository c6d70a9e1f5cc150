"""`guomen screen`: screen people against the lists in force.

``guomen screen batch --input Q.csv --output R.csv`` reads queries with the header
``id,name,birth_date,nationality,document_number,sex`` (all but ``id`` and ``name`` may be
empty; ``birth_date`` as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``sex`` ``M``, ``F`` or ``X``)
and writes ``id,rank,entry_id,list_type,entry_name,score,decision,explanation``: one row per
hit, ranked from 1, best first. A query without a hit gets one row with rank 0, empty entry
fields and score, and ``decision`` ``none``; so does a row that cannot be screened, with
``not screened: line N: why`` as its explanation (also printed to stderr).

The index is built from the database (entries in force today, audited) unless lists are given
as files with ``--list-file FORMAT:PATH`` (no database needed). A file that cannot be used (a
wrong header, bytes that are not UTF-8, a malformed list file) stops the command with exit
code 2 and no output file.
"""

from __future__ import annotations

import codecs
import csv
import getpass
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import typer

from guomen.cli.common import container, fail, user_errors
from guomen.screening import queries
from guomen.screening.importers import ImportFailed, ImportFormat, import_watchlist
from guomen.screening.importers.csvstream import iter_csv
from guomen.screening.importers.guomen_csv import import_guomen_csv
from guomen.screening.importers.report import FatalImportError
from guomen.screening.index import (
    DEFAULT_LIMIT,
    IndexBuilder,
    IndexHolder,
    ScreeningIndex,
    build_from,
)
from guomen.screening.model import ListType
from guomen.screening.screen import (
    BatchResult,
    BatchRow,
    BatchSummary,
    BatchTally,
    record_batch,
    screen_batch,
)

app = typer.Typer(help="Screen people against the watchlists in force.", no_args_is_help=True)
QUERY_HEADER = ("id", "name", "birth_date", "nationality", "document_number", "sex")
RESULT_HEADER = (
    "id", "rank", "entry_id", "list_type", "entry_name", "score", "decision", "explanation",
)  # fmt: skip
SHOWN_PROBLEMS = 50
_CHUNK = 1 << 20


class _Writer(Protocol):
    def writerow(self, row: Iterable[str], /) -> object: ...


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


@app.command("batch")
@user_errors
def batch(
    input_file: Path = typer.Option(
        ..., "--input", help="Queries: id,name,birth_date,nationality,document_number,sex."
    ),
    output_file: Path = typer.Option(..., "--output", help="Where to write the results."),
    list_files: list[str] = typer.Option(
        [],
        "--list-file",
        help="FORMAT:PATH of a list to screen against instead of the "
        "database (repeatable); FORMAT is csv, un-xml, ofac-sdn or ftm.",
    ),
    list_type: ListType = typer.Option(
        ListType.DENY_ENTRY,
        help="The list type of --list-file lists other than csv (csv rows say).",
    ),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Use a list file's good records."),
    limit: int = typer.Option(DEFAULT_LIMIT, min=1, max=100, help="Hits per query at most."),
    purpose: str = typer.Option("batch screening", help="Why the batch is screened (audited)."),
) -> None:
    """Screen every row of --input against the lists; write the hits to --output."""
    _check_input(input_file)
    if list_files:
        index = _index_from_files(list_files, list_type, skip_bad)
    else:
        index = _index_from_database()
    summary = _write_results(IndexHolder(index), input_file, output_file, limit)
    if not list_files:
        c = container()
        with c.uow() as uow:
            record_batch(uow.audit, c.clock, _login_name(), summary, purpose=purpose)
            uow.commit()
    typer.echo(
        f"screened {summary.rows} rows against {len(index)} entries: {summary.matches} match, "
        f"{summary.possibles} possible, {summary.errors} not screened; wrote {output_file}"
    )


def _check_input(path: Path) -> None:
    """Exit 2 unless ``path`` is a UTF-8 file whose first line is the query header."""
    if not path.is_file():
        raise fail(f"{path} is not a file")
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                bad = line + chunk[: exc.start].count(b"\n")
                raise fail(f"{path.name} line {bad}: the file is not UTF-8 text") from None
            if not chunk:
                break
            line += chunk.count(b"\n")
    try:
        with path.open("rb") as stream:
            first = next(iter_csv(stream), None)
    except FatalImportError as exc:
        raise fail(f"{path.name} line 1: {exc.reason}") from None
    header = tuple(f.strip() for f in first.fields) if first else ()
    if header != QUERY_HEADER:
        raise fail(f"{path.name} line 1: the header must be {','.join(QUERY_HEADER)}")


def _index_from_database() -> ScreeningIndex:
    c = container()
    today = c.clock.now().astimezone(ZoneInfo(c.settings.timezone)).date()
    with c.uow() as uow:
        return build_from(queries.active_entries(uow, c.clock, today))


def _index_from_files(specs: list[str], list_type: ListType, skip_bad: bool) -> ScreeningIndex:
    builder = IndexBuilder()
    for spec in specs:
        fmt_text, _, path_text = spec.partition(":")
        formats = [f.value for f in ImportFormat]
        if fmt_text not in formats or not path_text:
            raise fail(f"--list-file {spec!r}: write FORMAT:PATH, FORMAT one of {formats}")
        path = Path(path_text)
        if not path.is_file():
            raise fail(f"--list-file {spec!r}: {path} is not a file")
        list_id = re.sub(r"\s+", "-", path.stem)[:64] or "list"
        fmt = ImportFormat(fmt_text)
        if fmt is ImportFormat.CSV:
            run = import_guomen_csv(path, list_id=list_id)
        else:
            run = import_watchlist(fmt, path, list_id=list_id, list_type=list_type)
        for entry in run:
            builder.add(entry)
        try:
            run.check(skip_bad_records=skip_bad)
        except ImportFailed as exc:
            for problem in exc.problems[:SHOWN_PROBLEMS]:
                typer.echo(f"{path.name}: {problem}", err=True)
            hint = "" if run.fatal else "; --skip-bad uses the good records"
            raise fail(f"{path.name} cannot be used as a list{hint}") from None
    return builder.build()


def _read_rows(path: Path) -> Iterator[BatchRow]:
    with path.open("rb") as stream:
        rows = iter_csv(stream)
        next(rows, None)  # the header, checked already
        for row in rows:
            if row.problem is not None:
                yield BatchRow(row.line, "", "", problem=row.problem)
            elif len(row.fields) != len(QUERY_HEADER):
                found = f"{len(QUERY_HEADER)} fields expected, {len(row.fields)} found"
                yield BatchRow(row.line, row.fields[0] if row.fields else "", "", problem=found)
            else:
                yield BatchRow(row.line, *row.fields)


def _write_results(holder: IndexHolder, source: Path, target: Path, limit: int) -> BatchSummary:
    """Write to a side file, then put it in place: a failed run leaves no half output."""
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(RESULT_HEADER)
            summary = _write_rows(writer, screen_batch(holder, _read_rows(source), limit=limit))
        os.replace(partial, target)
    except FatalImportError as exc:
        raise fail(f"{source.name} line {exc.line or '?'}: {exc.reason}") from None
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()
    return summary


def _write_rows(writer: _Writer, results: Iterator[BatchResult]) -> BatchSummary:
    tally = BatchTally()
    for r in results:
        tally.add(r)
        if r.error is not None and tally.errors <= SHOWN_PROBLEMS:
            typer.echo(r.error, err=True)
        score = "" if r.score is None else f"{r.score:.4f}"
        fields = (r.id, str(r.rank), r.entry_id, r.list_type, r.entry_name, score)
        writer.writerow((*fields, r.decision.value, r.explanation))
    return tally.summary()
