"""The permit cards' own MRZ layouts (not ICAO Doc 9303), as data, and their typed results.

往来港澳通行证 / 往来台湾通行证 cards print one line of 30 characters; 回乡证 / 台胞证 cards print
three lines of 30. Both use the ICAO 7-3-1 check digits. Positions are 0-based, end-exclusive.
Sources ``eep_mrz_readers`` and ``bondi_issue_7``; assumptions ``eep_mrz_layout``,
``taiwan_permit_layout`` and ``mtp_mrz_layout`` in ``sources.ASSUMPTIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from guomen.documents.chinese.kinds import DocumentKind
from guomen.documents.mrz import MrzCheck, MrzIssue
from guomen.documents.mrz.formats import COMPOSITE, CheckSpec, Span
from guomen.documents.mrz.model import JsonValue, issue_codes, outcome_dict

LINE_LENGTH = 30


class PermitLayout(StrEnum):
    EEP = "eep_1x30"  # 往来港澳通行证 (CS) and 往来台湾通行证 (CD) cards
    MTP = "mtp_3x30"  # 港澳居民来往内地通行证 (CR, assumed) and 台湾居民来往大陆通行证 (CT) cards


EEP_CODES: dict[str, DocumentKind] = {
    "CS": DocumentKind.HK_MACAO_PERMIT,
    "CD": DocumentKind.TAIWAN_PERMIT,
}
MTP_CODES: dict[str, DocumentKind] = {
    "CR": DocumentKind.MTP_HK_MACAO,  # assumption mtp_mrz_layout
    "CT": DocumentKind.MTP_TAIWAN,
}


def _check(field: str, line: int, start: int, end: int) -> CheckSpec:
    return CheckSpec(field, (Span(line, start, end),), Span(line, end, end + 1))


EEP_NUMBER = Span(0, 2, 11)
EEP_EXPIRY = Span(0, 13, 19)
EEP_BIRTH = Span(0, 21, 27)
EEP_FILLERS = (12, 20, 28)
EEP_CHECKS: tuple[CheckSpec, ...] = (
    _check("document_number", 0, 2, 11),
    _check("expiry_date", 0, 13, 19),
    _check("birth_date", 0, 21, 27),
    CheckSpec(COMPOSITE, (Span(0, 2, 12), Span(0, 13, 20), Span(0, 21, 28)), Span(0, 29, 30)),
)

MTP_NUMBER = Span(0, 2, 11)
MTP_RENEWAL = Span(0, 12, 14)
MTP_EXPIRY = Span(0, 15, 21)
MTP_SEX = Span(0, 22, 23)
MTP_BIRTH = Span(0, 23, 29)
MTP_HOME_ID = Span(1, 19, 29)
MTP_NAME = Span(2, 0, 30)
MTP_TW_NAME = Span(2, 0, 26)
MTP_TW_AUTHORITY = Span(2, 26, 30)
MTP_CHECKS: tuple[CheckSpec, ...] = (
    _check("document_number", 0, 2, 11),
    _check("renewal_count", 0, 12, 14),
    _check("expiry_date", 0, 15, 21),
    _check("birth_date", 0, 23, 29),
    CheckSpec(COMPOSITE, (Span(0, 2, 22), Span(0, 23, 30), Span(1, 19, 29)), Span(1, 29, 30)),
)


@dataclass(frozen=True, slots=True)
class PermitMrzFields:
    """The data of a permit MRZ, also the input for generation.

    One-line cards (EEP) carry only code, number, expiry and birth dates. Three-line cards (MTP)
    add the renewal count (换证次数), sex, the holder's Hong Kong/Macao/Taiwan identity card
    number (``home_id``, as printed), the name and, on 台胞证, a 4-character authority code.
    """

    layout: PermitLayout
    document_code: str
    document_number: str
    birth_date: date | None
    expiry_date: date | None
    renewal_count: int | None = None
    sex: str = ""
    home_id: str = ""
    surname: str = ""
    given_names: str = ""
    authority_code: str = ""

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "layout": str(self.layout),
            "document_code": self.document_code,
            "document_number": self.document_number,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "renewal_count": self.renewal_count,
            "sex": self.sex,
            "home_id": self.home_id,
            "surname": self.surname,
            "given_names": self.given_names,
            "authority_code": self.authority_code,
        }


@dataclass(frozen=True, slots=True)
class PermitMrzResult:
    """The outcome of parsing a permit MRZ; ``valid``: layout right and every check digit
    correct (warnings allowed), as for ``MrzResult``."""

    valid: bool
    layout: PermitLayout | None
    fields: PermitMrzFields | None
    errors: tuple[MrzIssue, ...] = ()
    warnings: tuple[MrzIssue, ...] = ()
    checks: tuple[MrzCheck, ...] = ()
    lines: tuple[str, ...] = ()

    def error_codes(self) -> frozenset[str]:
        return issue_codes(self.errors)

    def warning_codes(self) -> frozenset[str]:
        return issue_codes(self.warnings)

    def to_dict(self) -> dict[str, JsonValue]:
        return outcome_dict(
            self.valid,
            self.layout,
            self.fields,
            self.errors,
            self.warnings,
            self.checks,
            self.lines,
        )


def is_taiwan_mtp(code: str, number: str) -> bool:
    """A three-line card of a Taiwan resident: code CT, or an 8-digit number (台胞证)."""
    return code == "CT" or (len(number) == 8 and number.isdigit() and number.isascii())


def permit_layout_of(lines: tuple[str, ...]) -> PermitLayout | None:
    """The permit layout that the line shape suggests, or None (e.g. an ICAO TD1 card).

    One line of 30 starting with C is a one-line card. Three lines of 30 whose first line starts
    with C but has no ICAO issuing state (letters or fillers) in positions 2-4 are a three-line
    card; the 1999 回乡证 (``C<CHN...``) and every ICAO TD1 card stay with the ICAO engine.
    """
    if not lines or any(len(line) != LINE_LENGTH for line in lines):
        return None
    first = lines[0]
    if not first.startswith("C"):
        return None
    if len(lines) == 1:
        return PermitLayout.EEP
    icao_state = all(char.isalpha() or char == "<" for char in first[2:5])
    if len(lines) == 3 and not icao_state:
        return PermitLayout.MTP
    return None
