"""The UN Security Council consolidated sanctions list (XML): individuals and entities.

Record layout (https://scsanctions.un.org/resources/xml/en/consolidated.xml): ``INDIVIDUAL``
with ``FIRST_NAME`` .. ``FOURTH_NAME``, ``NAME_ORIGINAL_SCRIPT``, ``INDIVIDUAL_ALIAS`` (with
``QUALITY`` Good/Low), ``INDIVIDUAL_DATE_OF_BIRTH`` (``EXACT``/``APPROXIMATELY``/``BETWEEN``
with ``DATE``, ``YEAR`` or ``FROM_YEAR``/``TO_YEAR``), ``NATIONALITY``, ``INDIVIDUAL_DOCUMENT``;
``ENTITY`` with ``FIRST_NAME`` and ``ENTITY_ALIAS``. The entry id is ``un-`` + ``DATAID``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import partial
from xml.etree.ElementTree import Element

from guomen.screening.importers import fields
from guomen.screening.importers.fields import MONTHS
from guomen.screening.importers.report import ImportRun, ProblemLog, RecordRejected, RecordScope
from guomen.screening.importers.streams import Source, open_binary
from guomen.screening.importers.xmlstream import XmlRecord, iter_records
from guomen.screening.model import (
    DateSpec,
    DocumentKind,
    DocumentNumber,
    EntrySource,
    ListType,
    NameKind,
    Subject,
    WatchlistEntry,
)
from guomen.shared.errors import ValidationFailed

ROOT = "CONSOLIDATED_LIST"
RECORDS = frozenset({"INDIVIDUAL", "ENTITY"})
_ALIAS_KINDS = {"good": NameKind.ALIAS, "a.k.a.": NameKind.ALIAS, "f.k.a.": NameKind.ALIAS}
_MONTH = r"([A-Za-z]{3})[a-z]*\.?"
_MONTH_YEAR = re.compile(rf"{_MONTH}\s+(\d{{4}})")
_BETWEENMONTHS = re.compile(rf"between\s+{_MONTH}\s+and\s+{_MONTH}\s+(\d{{4}})", re.IGNORECASE)


def import_un_xml(source: Source, *, list_id: str, list_type: ListType) -> ImportRun:
    """Stream the entries of a UN consolidated list XML file (path or binary stream)."""

    def produce(log: ProblemLog) -> Iterator[WatchlistEntry]:
        with open_binary(source) as stream:
            records = iter_records(
                stream, root_tag=ROOT, record_tags=RECORDS, describe="a UN consolidated list"
            )
            for record in records:
                scope = RecordScope(record.number, record.line, _text(record.element, "DATAID"))
                entry = log.entry(scope, partial(_entry, record, scope, list_id, list_type))
                if entry is not None:
                    yield entry

    return ImportRun(produce, fmt=EntrySource.UN_XML.value)


def _entry(
    record: XmlRecord, scope: RecordScope, list_id: str, list_type: ListType
) -> WatchlistEntry:
    el = record.element
    data_id = _text(el, "DATAID")
    if not re.fullmatch(r"\d{1,20}", data_id):
        raise RecordRejected(f"DATAID {data_id[:30]!r} is not a number", "DATAID")
    person = el.tag == "INDIVIDUAL"
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    primary = " ".join(t for t in (_text(el, p) for p in parts) if t)
    return WatchlistEntry(
        entry_id=f"un-{data_id}",
        list_id=list_id,
        list_type=list_type,
        names=fields.entry_names(primary, _other_names(el), scope),
        source=EntrySource.UN_XML,
        source_id=data_id,
        subject=Subject.PERSON if person else Subject.ORGANIZATION,
        birth_dates=_birth_dates(el, scope) if person else (),
        sex=fields.sex(_text(el, "GENDER"), scope),
        nationalities=fields.countries(_values(el, "NATIONALITY"), scope, "nationality"),
        documents=_documents(el, scope),
        birth_places=fields.texts(_place(p) for p in el.iter("INDIVIDUAL_PLACE_OF_BIRTH")),
        addresses=fields.texts(_place(a) for a in el if a.tag.endswith("_ADDRESS")),
        notes=fields.notes(_notes(el), scope),
        valid_from=_listed_on(el, scope),
    )


def _other_names(el: Element) -> Iterator[tuple[str, NameKind]]:
    original = _text(el, "NAME_ORIGINAL_SCRIPT")
    if original:
        yield original, NameKind.ORIGINAL_SCRIPT
    for alias in el:
        if alias.tag.endswith("_ALIAS"):
            quality = _text(alias, "QUALITY").casefold()
            yield _text(alias, "ALIAS_NAME"), _ALIAS_KINDS.get(quality, NameKind.WEAK_ALIAS)


def _birth_dates(el: Element, scope: RecordScope) -> tuple[DateSpec, ...]:
    found: list[DateSpec] = []
    for dob in el.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        spec = _birth_date(dob, scope)
        if spec is not None and spec not in found:
            found.append(spec)
    for alias_dob in el.iter("DATE_OF_BIRTH"):  # a date given with one alias
        spec = _parse_date(alias_dob.text or "", scope)
        if spec is not None and spec not in found:
            found.append(spec)
    return tuple(found)


def _birth_date(dob: Element, scope: RecordScope) -> DateSpec | None:
    kind = _text(dob, "TYPE_OF_DATE").upper()
    approximate = kind == "APPROXIMATELY"
    try:
        if _text(dob, "DATE"):
            return _with_flag(DateSpec.parse(_text(dob, "DATE")[:10]), approximate)
        if _text(dob, "YEAR"):
            return DateSpec.year(int(_text(dob, "YEAR")), approximate)
        if _text(dob, "FROM_YEAR") and _text(dob, "TO_YEAR"):
            start = DateSpec.year(int(_text(dob, "FROM_YEAR")))
            end = DateSpec.year(int(_text(dob, "TO_YEAR")))
            return DateSpec.between(start, end, "approx" in _text(dob, "NOTE").casefold())
    except (ValueError, ValidationFailed) as exc:
        scope.warn(f"birth date not understood ({exc})", "birth_date")
        return None
    return _from_note(_text(dob, "NOTE"), approximate, scope)


def _from_note(note: str, approximate: bool, scope: RecordScope) -> DateSpec | None:
    """Some dates are only in a note: "Nov. 1973", "Between Aug. and Sep. 1977"."""
    single = _MONTH_YEAR.fullmatch(note.strip())
    if single and single.group(1).casefold() in MONTHS:
        return DateSpec.month(int(single.group(2)), MONTHS[single.group(1).casefold()], approximate)
    pair = _BETWEENMONTHS.fullmatch(note.strip())
    if pair and {pair.group(1).casefold(), pair.group(2).casefold()} <= MONTHS.keys():
        year = int(pair.group(3))
        first = DateSpec.month(year, MONTHS[pair.group(1).casefold()])
        last = DateSpec.month(year, MONTHS[pair.group(2).casefold()])
        return DateSpec.between(first, last, approximate)
    if note.strip():
        scope.warn(f"birth date not understood: {note.strip()[:60]!r}", "birth_date")
    return None


def _parse_date(text: str, scope: RecordScope) -> DateSpec | None:
    try:
        return DateSpec.parse(text) if text.strip() else None
    except ValidationFailed as exc:
        scope.warn(f"alias birth date not understood ({exc.message})", "birth_date")
        return None


def _with_flag(spec: DateSpec, approximate: bool) -> DateSpec:
    return DateSpec(spec.earliest, spec.latest, spec.precision, approximate)


def _documents(el: Element, scope: RecordScope) -> tuple[DocumentNumber, ...]:
    found: list[DocumentNumber] = []
    for doc in el.iter("INDIVIDUAL_DOCUMENT"):
        number = _text(doc, "NUMBER")
        if not number:
            continue
        label = " ".join(
            filter(None, (_text(doc, "TYPE_OF_DOCUMENT"), _text(doc, "TYPE_OF_DOCUMENT2")))
        )
        state = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
        code = fields.country(state, scope, "documents")
        made = fields.document(_document_kind(label), number, code, label, scope)
        if made is not None and made not in found:
            found.append(made)
    return tuple(found)


def _document_kind(label: str) -> DocumentKind:
    folded = label.casefold()
    if "passport" in folded or "pasaporte" in folded or "passeport" in folded:
        return DocumentKind.PASSPORT
    if "national identi" in folded or "identity card" in folded:
        return DocumentKind.NATIONAL_ID
    return DocumentKind.OTHER


def _listed_on(el: Element, scope: RecordScope) -> date | None:
    text = _text(el, "LISTED_ON")
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        scope.warn(f"LISTED_ON {text[:30]!r} is not a date", "valid_from")
        return None


def _notes(el: Element) -> list[str]:
    lines = [f"UN reference {_text(el, 'REFERENCE_NUMBER')}; regime {_text(el, 'UN_LIST_TYPE')}"]
    for tag, label in (("TITLE", "Title"), ("DESIGNATION", "Designation")):
        values = _values(el, tag)
        if values:
            lines.append(f"{label}: {'; '.join(values)}")
    lines.append(_text(el, "COMMENTS1"))
    return lines


def _place(el: Element) -> str:
    parts = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
    return ", ".join(t for t in (_text(el, p) for p in parts) if t)


def _values(el: Element, tag: str) -> list[str]:
    return [t for t in ((v.text or "").strip() for v in el.findall(f"{tag}/VALUE")) if t]


def _text(el: Element, tag: str) -> str:
    return " ".join((el.findtext(tag) or "").split())
