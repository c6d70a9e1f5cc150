"""Guomen's own watchlist CSV: the format officers fill in by hand or export from other systems.

Header (exactly): ``entry_id,list_type,name,aliases,birth_date,sex,nationality,
document_numbers,notes``. ``list_type`` is ``deny_entry``, ``deny_exit``, ``wanted`` or
``watch``; ``aliases``, ``nationality`` and ``document_numbers`` hold several values separated
by ``|``; ``birth_date`` is ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` (or a range ``YYYY/YYYY``);
``sex`` is ``M``, ``F`` or ``X``; ``nationality`` is ICAO alpha-3 (``CHN``, ``HKG``, ``D``).
A document is ``NUMBER``, ``KIND:NUMBER`` or ``KIND:NUMBER:STATE`` with KIND ``passport``,
``national_id`` or ``other`` (``passport:E12345678:CHN``).

Being our own format, it is read strictly: any value that cannot be used rejects its row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from guomen.screening.importers import fields
from guomen.screening.importers.countries import to_icao
from guomen.screening.importers.csvstream import CsvRow, iter_csv
from guomen.screening.importers.report import (
    ImportRun,
    ProblemLog,
    RecordRejected,
    RecordScope,
    WrongFormat,
)
from guomen.screening.importers.streams import Source, open_binary, source_name
from guomen.screening.model import (
    DateSpec,
    DocumentKind,
    DocumentNumber,
    EntrySource,
    ListType,
    NameKind,
    WatchlistEntry,
)
from guomen.shared.errors import ValidationFailed

HEADER = (
    "entry_id",
    "list_type",
    "name",
    "aliases",
    "birth_date",
    "sex",
    "nationality",
    "document_numbers",
    "notes",
)
_CODE = re.compile(r"[A-Z]{1,3}")


def import_guomen_csv(
    source: Source,
    *,
    list_id: str,
    list_type: ListType | None = None,
    encoding: str = "utf-8",
) -> ImportRun:
    """Stream the entries of a Guomen CSV. With ``list_type``, rows of another type are
    rejected; ``encoding`` may be ``gb18030`` for files saved by Chinese spreadsheet software."""

    def produce(log: ProblemLog) -> Iterator[WatchlistEntry]:
        with open_binary(source) as stream:
            rows = iter_csv(stream, encoding=encoding)
            _check_header(next(rows, None), source_name(source))
            for row in rows:
                scope = RecordScope(row.record - 1, row.line, _first(row))
                entry = log.entry(scope, partial(_entry, row, scope, list_id, list_type))
                if entry is not None:
                    yield entry

    return ImportRun(produce, fmt=EntrySource.CSV.value)


def _check_header(row: CsvRow | None, name: str) -> None:
    if row is None:
        raise WrongFormat(f"{name} is empty: expected the header {','.join(HEADER)}")
    found = tuple(cell.strip().casefold() for cell in row.fields)
    if row.problem or found != HEADER:
        shown = ",".join(row.fields)[:120] if not row.problem else row.problem
        raise WrongFormat(
            f"{name} is not a Guomen watchlist CSV: the header must be {','.join(HEADER)} "
            f"(found {shown!r})",
            row.line,
        )


def _entry(
    row: CsvRow, scope: RecordScope, list_id: str, expected: ListType | None
) -> WatchlistEntry:
    if row.problem:
        raise RecordRejected(row.problem)
    if len(row.fields) != len(HEADER):
        raise RecordRejected(f"expected {len(HEADER)} columns, got {len(row.fields)}")
    cell = dict(zip(HEADER, (value.strip() for value in row.fields), strict=True))
    aliases = [(alias, NameKind.ALIAS) for alias in _split(cell["aliases"])]
    entry = WatchlistEntry(
        entry_id=_entry_id(cell["entry_id"]),
        list_id=list_id,
        list_type=_list_type(cell["list_type"], expected),
        names=fields.entry_names(cell["name"], aliases, scope),
        source=EntrySource.CSV,
        source_id=cell["entry_id"],
        birth_dates=_birth_dates(cell["birth_date"]),
        sex=fields.sex(cell["sex"], scope),
        nationalities=tuple(_nationality(code) for code in _split(cell["nationality"])),
        documents=tuple(_document(item) for item in _split(cell["document_numbers"])),
        notes=fields.notes([cell["notes"]], scope),
    )
    if scope.warnings:  # our own format: what a foreign list gets a warning for, rejects here
        reason, fld = scope.warnings.pop(0)
        scope.warnings.clear()
        raise RecordRejected(reason, fld)
    return entry


def _entry_id(value: str) -> str:
    if not value:
        raise RecordRejected("entry_id is empty", "entry_id")
    return value


def _list_type(value: str, expected: ListType | None) -> ListType:
    try:
        found = ListType(value.casefold()) if value else expected
    except ValueError:
        allowed = ", ".join(t.value for t in ListType)
        raise RecordRejected(f"{value[:30]!r} is not one of {allowed}", "list_type") from None
    if found is None:
        raise RecordRejected("list_type is empty", "list_type")
    if expected is not None and found is not expected:
        raise RecordRejected(f"row is for a {found} list, this list is {expected}", "list_type")
    return found


def _birth_dates(value: str) -> tuple[DateSpec, ...]:
    if not value:
        return ()
    try:
        return (DateSpec.parse(value),)
    except ValidationFailed as exc:
        raise RecordRejected(exc.message, "birth_date") from None


def _nationality(value: str) -> str:
    code = to_icao(value) if _CODE.fullmatch(value) and len(value) != 2 else None
    if code is None:
        raise RecordRejected(f"{value[:20]!r} is not an ICAO country code", "nationality")
    return code


def _document(item: str) -> DocumentNumber:
    parts = [p.strip() for p in item.split(":")]
    kind = DocumentKind.OTHER
    if len(parts) > 1:
        try:
            kind = DocumentKind(parts[0].casefold())
        except ValueError:
            raise RecordRejected(
                f"{parts[0][:20]!r} is not a document kind", "document_numbers"
            ) from None
    state = _nationality(parts[2]) if len(parts) == 3 else None
    if len(parts) > 3:
        raise RecordRejected(f"{item[:40]!r} is not KIND:NUMBER:STATE", "document_numbers")
    number = parts[1] if len(parts) > 1 else parts[0]
    try:
        return DocumentNumber(kind, fields.clean_text(number), state)
    except ValidationFailed as exc:
        raise RecordRejected(exc.message, "document_numbers") from None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _first(row: CsvRow) -> str | None:
    return row.fields[0].strip()[:128] if row.fields else None
