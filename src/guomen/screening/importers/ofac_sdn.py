"""OFAC's Specially Designated Nationals list in its legacy CSV form (no header row).

``sdn.csv``: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
Vess_flag, Vess_owner, Remarks. ``alt.csv``: ent_num, alt_num, alt_type, alt_name,
alt_remarks. ``add.csv``: ent_num, add_num, address, city/state/postal code, country,
add_remarks. ``-0-`` means empty. The entry id is ``ofac-`` + ent_num.

``sdn.csv`` is streamed; the aliases and addresses of ``alt.csv``/``add.csv`` are indexed by
ent_num first (OFAC does not promise their order), up to ``MAX_SIDE_ROWS`` rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from guomen.screening.importers import fields
from guomen.screening.importers.csvstream import CsvRow, iter_csv
from guomen.screening.importers.ofac_remarks import Remarks, parse_remarks
from guomen.screening.importers.report import (
    FatalImportError,
    ImportRun,
    ProblemLog,
    RecordRejected,
    RecordScope,
    Severity,
    WrongFormat,
)
from guomen.screening.importers.streams import Source, open_binary, source_name
from guomen.screening.model import (
    DocumentNumber,
    EntrySource,
    ListType,
    NameKind,
    Subject,
    WatchlistEntry,
)

MAX_SIDE_ROWS = 2_000_000
_SUBJECTS = {"individual": Subject.PERSON, "vessel": Subject.VESSEL, "aircraft": Subject.AIRCRAFT}
_DETAILS = (
    (3, "Program"),
    (4, "Title"),
    (5, "Call sign"),
    (6, "Vessel type"),
    (7, "Tonnage"),
    (8, "GRT"),
    (9, "Vessel flag"),
    (10, "Vessel owner"),
)
SideTable = dict[str, list[list[str]]]


def ofac_companions(sdn: str | Path) -> tuple[Path | None, Path | None]:
    """``alt.csv`` and ``add.csv`` next to ``sdn.csv`` (``mini_sdn.csv`` → ``mini_alt.csv``)."""
    path = Path(sdn)
    found = [path.with_name(path.name.replace("sdn", kind)) for kind in ("alt", "add")]
    alt, add = (p if p != path and p.is_file() else None for p in found)
    return alt, add


def import_ofac_sdn(
    sdn: Source,
    alt: Source | None = None,
    add: Source | None = None,
    *,
    list_id: str,
    list_type: ListType,
    encoding: str = "utf-8",
) -> ImportRun:
    """Stream the entries of an OFAC SDN CSV, with aliases and addresses when given."""

    def produce(log: ProblemLog) -> Iterator[WatchlistEntry]:
        aliases = _side_table(alt, 5, log, encoding) if alt is not None else {}
        addresses = _side_table(add, 6, log, encoding) if add is not None else {}
        name = source_name(sdn)
        with open_binary(sdn) as stream:
            for row in _rows(iter_csv(stream, encoding=encoding), 12, name, "SDN CSV"):
                scope = RecordScope(row.record, row.line, row.fields[0] if row.fields else None)
                make = partial(_entry, row, scope, aliases, addresses, list_id, list_type)
                entry = log.entry(scope, make)
                if entry is not None:
                    yield entry
        _report_orphans(aliases, source_name(alt) if alt else "", log)
        _report_orphans(addresses, source_name(add) if add else "", log)

    return ImportRun(produce, fmt=EntrySource.OFAC_SDN.value)


def _rows(rows: Iterator[CsvRow], width: int, name: str, kind: str) -> Iterator[CsvRow]:
    """Rows, less OFAC's end-of-file marker; the first row must look like this file."""
    first = True
    for row in rows:
        if row.fields == ["\x1a"]:
            continue
        if first and not row.problem and not _looks_right(row.fields, width):
            raise WrongFormat(
                f"{name} is not an OFAC {kind} file: its first row has {len(row.fields)} "
                f"columns (expected {width}, the first an entity number)",
                row.line,
                name,
            )
        first = False
        yield row


def _looks_right(values: list[str], width: int) -> bool:
    return len(values) == width and values[0].strip().isdigit()


def _side_table(source: Source, width: int, log: ProblemLog, encoding: str) -> SideTable:
    name = source_name(source)
    kind = "alias CSV (alt.csv)" if width == 5 else "address CSV (add.csv)"
    table: SideTable = {}
    with open_binary(source) as stream:
        for row in _rows(iter_csv(stream, encoding=encoding), width, name, kind):
            scope = RecordScope(row.record, row.line, None, name)
            if row.problem or not _looks_right(row.fields, width):
                reason = row.problem or f"expected {width} columns with an entity number first"
                log.report(scope, Severity.ERROR, reason, None)
                continue
            if row.record > MAX_SIDE_ROWS:
                raise FatalImportError(f"{name} has more than {MAX_SIDE_ROWS} rows", row.line, name)
            table.setdefault(row.fields[0].strip(), []).append([_value(v) for v in row.fields])
    return table


def _report_orphans(table: SideTable, name: str, log: ProblemLog) -> None:
    for ent_num in table:
        scope = RecordScope(None, None, ent_num, name)
        log.report(scope, Severity.WARNING, "no entry with this ent_num in the SDN file", None)


def _entry(
    row: CsvRow,
    scope: RecordScope,
    aliases: SideTable,
    addresses: SideTable,
    list_id: str,
    list_type: ListType,
) -> WatchlistEntry:
    if row.problem:
        raise RecordRejected(row.problem)
    if not _looks_right(row.fields, 12):
        raise RecordRejected(
            f"expected 12 columns with an entity number first, got {len(row.fields)}"
        )
    values = [_value(v) for v in row.fields]
    ent_num = values[0]
    remarks = parse_remarks(values[11], scope)
    alias_rows = aliases.pop(ent_num, [])
    address_rows = addresses.pop(ent_num, [])
    return WatchlistEntry(
        entry_id=f"ofac-{ent_num}",
        list_id=list_id,
        list_type=list_type,
        names=fields.entry_names(values[1], _other_names(alias_rows, remarks), scope),
        source=EntrySource.OFAC_SDN,
        source_id=ent_num,
        subject=_SUBJECTS.get(values[2].casefold(), Subject.ORGANIZATION),
        birth_dates=tuple(remarks.birth_dates),
        sex=fields.sex(remarks.sex, scope),
        nationalities=fields.countries(remarks.nationalities, scope, "nationality"),
        documents=_documents(remarks, scope),
        birth_places=fields.texts(remarks.birth_places),
        addresses=fields.texts(", ".join(filter(None, r[2:5])) for r in address_rows),
        notes=fields.notes(_notes(values), scope),
    )


def _other_names(alias_rows: list[list[str]], remarks: Remarks) -> Iterator[tuple[str, NameKind]]:
    for alias in alias_rows:
        yield alias[3], NameKind.ALIAS
    for weak in remarks.weak_aliases:
        yield weak, NameKind.WEAK_ALIAS


def _documents(remarks: Remarks, scope: RecordScope) -> tuple[DocumentNumber, ...]:
    found: list[DocumentNumber] = []
    for doc in remarks.documents:
        state = fields.country(doc.country, scope, "documents") if doc.country else None
        made = fields.document(doc.kind, doc.number, state, doc.label, scope)
        if made is not None and made not in found:
            found.append(made)
    return tuple(found)


def _notes(values: list[str]) -> list[str]:
    details = [f"{label}: {values[index]}" for index, label in _DETAILS if values[index]]
    details[:1] = [d.replace("] [", ", ") for d in details[:1]]
    remarks = [f"Remarks: {values[11]}"] if values[11] else []
    return ["; ".join(details), *remarks]


def _value(text: str) -> str:
    value = text.strip()
    return "" if value == "-0-" else value
