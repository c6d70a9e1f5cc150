"""The Remarks column of OFAC's legacy SDN CSV: birth dates, nationality and documents live there.

Remarks are ``;``-separated clauses such as ``DOB 15 Jan 1955``, ``alt. DOB circa 1951``,
``DOB 1929 to 1930``, ``POB Havana, Cuba``, ``nationality Syria``, ``citizen Mexico``,
``Gender Male``, ``Passport J287011 (Colombia) issued 01 Jan 2001 expires 01 Jan 2011``,
``National ID No. 123 (Iran)``, ``Cedula No. 16247821 (Colombia)`` and ``a.k.a. 'BNC'``
(OFAC's weak aliases). Other clauses (``Linked To:``, ``Website`` ...) are left in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from guomen.screening.importers.fields import MONTHS
from guomen.screening.importers.report import RecordScope
from guomen.screening.model import DateSpec, DocumentKind
from guomen.shared.errors import ValidationFailed

_DATE = r"(?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4}"
_DOB = re.compile(rf"(?:alt\. )?DOB (circa )?({_DATE})(?:(?: to |-)({_DATE}))?")
_POB = re.compile(r"(?:alt\. )?POB (.+)")
_NATIONALITY = re.compile(r"(?:alt\. )?(?:nationality|citizen) (.+)")
_GENDER = re.compile(r"Gender (Male|Female)")
_ALIAS = re.compile(r"[afn]\.k\.a\.,? ['\"](.+)['\"]")
_DOCUMENT = re.compile(
    r"(?:alt\. )?(?P<label>Diplomatic Passport|Passport|National ID No\.|Cedula No\.|"
    r"Identification Number|SSN|C\.U\.R\.P\.|CURP #|Personal ID Card)"
    r" (?P<number>[^()]+?)\s*(?:\((?P<country>[^()]+)\))?(?: issued .*| expires .*)?"
)
_KINDS = {
    "Passport": DocumentKind.PASSPORT,
    "Diplomatic Passport": DocumentKind.PASSPORT,
    "National ID No.": DocumentKind.NATIONAL_ID,
    "Cedula No.": DocumentKind.NATIONAL_ID,
    "C.U.R.P.": DocumentKind.NATIONAL_ID,
    "CURP #": DocumentKind.NATIONAL_ID,
    "Personal ID Card": DocumentKind.NATIONAL_ID,
}


@dataclass(frozen=True, slots=True)
class RemarkDocument:
    kind: DocumentKind
    number: str
    country: str | None
    label: str


@dataclass(slots=True)
class Remarks:
    birth_dates: list[DateSpec] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # as written: "Korea, North"
    sex: str | None = None
    documents: list[RemarkDocument] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)


def parse_remarks(text: str, scope: RecordScope) -> Remarks:
    found = Remarks()
    for clause in _clauses(text):
        _read_clause(clause, found, scope)
    return found


def _clauses(text: str) -> list[str]:
    body = text.strip().removesuffix(".")
    return [c.strip() for c in body.split(";") if c.strip()]


def _read_clause(clause: str, found: Remarks, scope: RecordScope) -> None:
    if match := _DOB.fullmatch(clause):
        spec = _birth_date(match, scope)
        if spec is not None and spec not in found.birth_dates:
            found.birth_dates.append(spec)
    elif clause.startswith(("DOB ", "alt. DOB ")):
        scope.warn(f"birth date not understood: {clause[:60]!r}", "birth_date")
    elif match := _POB.fullmatch(clause):
        found.birth_places.append(match.group(1))
    elif match := _NATIONALITY.fullmatch(clause):
        found.nationalities.append(match.group(1))
    elif match := _GENDER.fullmatch(clause):
        found.sex = match.group(1)
    elif match := _ALIAS.fullmatch(clause):
        found.weak_aliases.append(match.group(1))
    elif match := _DOCUMENT.fullmatch(clause):
        found.documents.append(_document(match))


def _birth_date(match: re.Match[str], scope: RecordScope) -> DateSpec | None:
    circa, first, last = match.groups()
    try:
        start = _ofac_date(first)
        spec = DateSpec.between(start, _ofac_date(last)) if last else start
        return DateSpec(spec.earliest, spec.latest, spec.precision, approximate=bool(circa))
    except (ValueError, ValidationFailed) as exc:
        scope.warn(f"birth date {match.group(0)[:60]!r} not understood ({exc})", "birth_date")
        return None


def _ofac_date(text: str) -> DateSpec:
    """``15 Jan 1955``, ``Jan 1955`` or ``1955`` (English month names, whatever the locale)."""
    *day_month, year = text.split()
    if not day_month:
        return DateSpec.year(int(year))
    month = MONTHS.get(day_month[-1].casefold())
    if month is None:
        raise ValueError(f"{day_month[-1]!r} is not a month")
    if len(day_month) == 1:
        return DateSpec.month(int(year), month)
    return DateSpec.exact(date(int(year), month, int(day_month[0])))


def _document(match: re.Match[str]) -> RemarkDocument:
    label = match.group("label")
    return RemarkDocument(
        kind=_KINDS.get(label, DocumentKind.OTHER),
        number=match.group("number"),
        country=match.group("country"),
        label=label.rstrip(" .#"),
    )
