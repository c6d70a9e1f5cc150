"""Parsing and generating the permit cards' own MRZs (see ``permit_layouts``).

Never raises when parsing: bad input is reported with the MRZ engine's issue codes (``bad_length``,
``bad_check_digit``, ``impossible_date``...). Generation raises ``MrzFieldError`` like
``generate_mrz``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from guomen.documents.chinese.permit_layouts import (
    EEP_BIRTH,
    EEP_CHECKS,
    EEP_EXPIRY,
    EEP_FILLERS,
    EEP_NUMBER,
    LINE_LENGTH,
    MTP_BIRTH,
    MTP_CHECKS,
    MTP_EXPIRY,
    MTP_HOME_ID,
    MTP_NAME,
    MTP_NUMBER,
    MTP_RENEWAL,
    MTP_SEX,
    MTP_TW_AUTHORITY,
    MTP_TW_NAME,
    PermitLayout,
    PermitMrzFields,
    PermitMrzResult,
    is_taiwan_mtp,
    permit_layout_of,
)
from guomen.documents.mrz import IssueCode, MrzCheck, MrzIssue
from guomen.documents.mrz.dates import resolve_birth_date, resolve_expiry_date
from guomen.documents.mrz.inputs import PreparedInput, character_issues, split_input
from guomen.documents.mrz.names import parse_name_field
from guomen.documents.mrz.parse import optional_text, run_one_check

_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_SEXES = {"M": "M", "F": "F", "<": ""}
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass
class _Issues:
    errors: list[MrzIssue] = field(default_factory=list)
    warnings: list[MrzIssue] = field(default_factory=list)

    def error(self, code: IssueCode, name: str | None, message: str) -> None:
        self.errors.append(MrzIssue(code, name, message))

    def warn(self, code: IssueCode, name: str | None, message: str) -> None:
        self.warnings.append(MrzIssue(code, name, message))


def _lines(mrz: object, issues: _Issues) -> tuple[str, ...] | None:
    raw = split_input(mrz)
    if isinstance(raw, PreparedInput):
        issues.errors.extend(raw.errors)
        return None
    stripped = [line.strip() for line in raw if line.strip()]
    if not stripped:
        issues.error(IssueCode.EMPTY_INPUT, None, "no MRZ lines in the input")
        return None
    for number, line in enumerate(stripped, 1):
        issues.errors.extend(character_issues(number, line))
    return tuple(line.translate(_ASCII_UPPER) for line in stripped)


def _shape(lines: tuple[str, ...], issues: _Issues) -> PermitLayout | None:
    if len(lines) not in (1, 3):
        issues.error(
            IssueCode.BAD_LINE_COUNT, None, f"a permit MRZ has 1 or 3 lines, not {len(lines)}"
        )
        return None
    for number, line in enumerate(lines, 1):
        if len(line) != LINE_LENGTH:
            message = f"line {number} has {len(line)} characters, expected {LINE_LENGTH}"
            issues.error(IssueCode.BAD_LENGTH, f"line{number}", message)
            return None
    layout = permit_layout_of(lines)
    if layout is None:
        issues.error(IssueCode.BAD_DOCUMENT_CODE, "document_code", "not a permit card MRZ")
    return layout


def parse_permit_mrz(mrz: str | Sequence[str], *, today: date) -> PermitMrzResult:
    """Parse and validate a permit card MRZ (one line or three lines of 30 characters)."""
    issues = _Issues()
    lines = _lines(mrz, issues)
    layout = None if lines is None else _shape(lines, issues)
    if lines is None or layout is None:
        return PermitMrzResult(False, None, None, tuple(issues.errors), lines=lines or ())
    if layout is PermitLayout.EEP:
        fields = _read_eep(lines, today, issues)
        specs = EEP_CHECKS
    else:
        fields = _read_mtp(lines, today, issues)
        specs = MTP_CHECKS
    checks = tuple(run_one_check(spec, lines) for spec in specs)
    _report_checks(checks, issues)
    if fields.expiry_date is not None and fields.expiry_date < today:
        issues.warn(IssueCode.EXPIRED, "expiry_date", f"expired on {fields.expiry_date}")
    return PermitMrzResult(
        not issues.errors,
        layout,
        fields,
        tuple(issues.errors),
        tuple(issues.warnings),
        checks,
        lines,
    )


def _report_checks(checks: tuple[MrzCheck, ...], issues: _Issues) -> None:
    for check in checks:
        if check.ok:
            continue
        code = (
            IssueCode.BAD_COMPOSITE_CHECK
            if check.field == "composite"
            else IssueCode.BAD_CHECK_DIGIT
        )
        expected = check.computed if check.computed is not None else "not computable"
        issues.error(code, check.field, f"check digit {check.found!r}, expected {expected}")


def _number(text: str, issues: _Issues) -> str:
    number = text.rstrip("<")
    if not number or "<" in number:
        issues.error(IssueCode.BAD_FILLER, "document_number", f"{text!r}: empty or broken number")
    elif not set(number) <= _ALNUM:
        issues.error(IssueCode.BAD_CHARACTER, "document_number", repr(text))
    return number


def _dates(
    birth: str, expiry: str, today: date, issues: _Issues
) -> tuple[date | None, date | None]:
    birth_date = resolve_birth_date(birth, today)
    if birth_date is None:
        issues.error(IssueCode.IMPOSSIBLE_DATE, "birth_date", f"{birth!r} is not a date")
    expiry_date = resolve_expiry_date(expiry, today)
    if expiry_date is None:
        issues.error(IssueCode.IMPOSSIBLE_DATE, "expiry_date", f"{expiry!r} is not a date")
    return birth_date, expiry_date


def _code(text: str, issues: _Issues) -> str:
    if not text.startswith("C") or not text[1:].isalpha():
        issues.error(IssueCode.BAD_DOCUMENT_CODE, "document_code", f"{text!r}: C and a letter")
    return text


def _read_eep(lines: tuple[str, ...], today: date, issues: _Issues) -> PermitMrzFields:
    line = lines[0]
    for position in EEP_FILLERS:  # assumption eep_mrz_layout: fillers here
        if line[position] != "<":
            issues.warn(IssueCode.BAD_FILLER, "line1", f"column {position + 1}: {line[position]!r}")
    birth, expiry = _dates(EEP_BIRTH.take(lines), EEP_EXPIRY.take(lines), today, issues)
    return PermitMrzFields(
        PermitLayout.EEP,
        _code(line[0:2], issues),
        _number(EEP_NUMBER.take(lines), issues),
        birth,
        expiry,
    )


def _renewal(text: str, issues: _Issues) -> int | None:
    if text.isdigit() and text.isascii():
        return int(text)
    issues.error(IssueCode.BAD_CHARACTER, "renewal_count", f"{text!r} is not two digits")
    return None


def _sex(text: str, issues: _Issues) -> str:
    if text in _SEXES:
        return _SEXES[text]
    issues.error(IssueCode.BAD_SEX, "sex", f"{text!r}: expected M, F or <")
    return text


def _read_mtp(lines: tuple[str, ...], today: date, issues: _Issues) -> PermitMrzFields:
    code = _code(lines[0][0:2], issues)
    number = _number(MTP_NUMBER.take(lines), issues)
    taiwan = is_taiwan_mtp(code, number)
    name = parse_name_field((MTP_TW_NAME if taiwan else MTP_NAME).take(lines))
    issues.errors.extend(name.errors)
    birth, expiry = _dates(MTP_BIRTH.take(lines), MTP_EXPIRY.take(lines), today, issues)
    return PermitMrzFields(
        PermitLayout.MTP,
        code,
        number,
        birth,
        expiry,
        renewal_count=_renewal(MTP_RENEWAL.take(lines), issues),
        sex=_sex(MTP_SEX.take(lines), issues),
        home_id=optional_text(MTP_HOME_ID.take(lines)),
        surname=name.surname,
        given_names=name.given_names,
        authority_code=optional_text(MTP_TW_AUTHORITY.take(lines)) if taiwan else "",
    )
