"""Parsing and validating an MRZ (ICAO Doc 9303 Parts 3-7): never raises, reports codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from guomen.documents.mrz.checkdigit import compute_check_digit, is_computable
from guomen.documents.mrz.codes import IssueCode
from guomen.documents.mrz.dates import resolve_birth_date, resolve_expiry_date
from guomen.documents.mrz.formats import (
    COMPOSITE,
    LAYOUTS,
    CheckSpec,
    Layout,
    MrzFormat,
    check_specs,
    detect_format,
    resolve_number,
)
from guomen.documents.mrz.inputs import MrzInput, prepare_lines
from guomen.documents.mrz.model import MrzCheck, MrzFields, MrzIssue, MrzResult
from guomen.documents.mrz.names import parse_name_field
from guomen.documents.mrz.states import SPECIMEN_CODES, StateLookup, state_lookup

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _LETTERS | frozenset("0123456789")
_SEXES = {"M": "M", "F": "F", "X": "X", "<": ""}


@dataclass
class _Issues:
    errors: list[MrzIssue] = field(default_factory=list)
    warnings: list[MrzIssue] = field(default_factory=list)

    def error(self, code: IssueCode, name: str | None, message: str) -> None:
        self.errors.append(MrzIssue(code, name, message))

    def warn(self, code: IssueCode, name: str | None, message: str) -> None:
        self.warnings.append(MrzIssue(code, name, message))


def parse_mrz(
    mrz: MrzInput,
    *,
    today: date,
    known_states: StateLookup | frozenset[str] | None = None,
) -> MrzResult:
    """Parse and validate MRZ lines (a text block or a list of lines).

    ``today`` resolves two-digit years and the ``expired`` warning; ``known_states`` decides which
    state codes are known (default: ISO 3166-1 alpha-3 plus the ICAO codes, see ``states``).
    """
    prepared = prepare_lines(mrz)
    fmt = None if prepared.fatal else detect_format(prepared.lines)
    if fmt is None:
        return MrzResult(False, None, None, errors=prepared.errors, lines=prepared.lines)
    issues = _Issues(errors=list(prepared.errors))
    return read_layout(LAYOUTS[fmt], prepared.lines, today, state_lookup(known_states), issues)


def read_layout(
    layout: Layout, lines: Sequence[str], today: date, is_known: StateLookup, issues: _Issues
) -> MrzResult:
    fields = _read_fields(layout, lines, today, is_known, issues)
    checks = run_checks(layout, lines)
    for check in checks:
        if not check.ok:
            code = (
                IssueCode.BAD_COMPOSITE_CHECK
                if check.field == COMPOSITE
                else IssueCode.BAD_CHECK_DIGIT
            )
            expected = check.computed if check.computed is not None else "not computable"
            issues.error(code, check.field, f"check digit {check.found!r}, expected {expected}")
    if fields.expiry_date is not None and fields.expiry_date < today:
        issues.warn(IssueCode.EXPIRED, "expiry_date", f"expired on {fields.expiry_date}")
    return MrzResult(
        valid=not issues.errors,
        format=layout.format,
        fields=fields,
        errors=tuple(issues.errors),
        warnings=tuple(issues.warnings),
        checks=checks,
        lines=tuple(lines),
    )


def _read_fields(
    layout: Layout, lines: Sequence[str], today: date, is_known: StateLookup, issues: _Issues
) -> MrzFields:
    def raw(name: str) -> str:
        return layout.field(name).span.take(lines)

    name = parse_name_field(raw("name"))
    issues.errors.extend(name.errors)
    if name.truncated:
        issues.warn(IssueCode.NAME_TRUNCATED, "name", "the name fills its field: maybe truncated")
    parts = resolve_number(layout, lines)
    optional = parts.optional.take(lines) if parts.optional else ""
    number = "".join(span.take(lines) for span in parts.spans)
    return MrzFields(
        document_code=_document_code(raw("document_code"), layout, issues),
        issuing_state=_state(raw("issuing_state"), "issuing_state", is_known, issues),
        surname=name.surname,
        given_names=name.given_names,
        document_number=_document_number(number, issues),
        nationality=_state(raw("nationality"), "nationality", is_known, issues),
        birth_date=_birth_date(raw("birth_date"), today, issues),
        sex=_sex(raw("sex"), issues),
        expiry_date=_expiry_date(raw("expiry_date"), today, issues),
        optional_data=optional_text(optional),
        optional_data_2=(
            optional_text(raw("optional_data_2")) if layout.format is MrzFormat.TD1 else ""
        ),
    )


def optional_text(text: str) -> str:
    """Optional data as a field value: trailing fillers dropped, inner fillers as spaces."""
    return text.rstrip("<").replace("<", " ")


def _document_code(text: str, layout: Layout, issues: _Issues) -> str:
    first, second = text[0], text[1]
    if first not in layout.document_letters or (second not in _LETTERS and second != "<"):
        letters = "/".join(sorted(layout.document_letters))
        issues.error(
            IssueCode.BAD_DOCUMENT_CODE,
            "document_code",
            f"{text!r}: a {layout.format} document code starts with {letters}",
        )
    return text.rstrip("<")


def _state(text: str, name: str, is_known: StateLookup, issues: _Issues) -> str:
    code = text.rstrip("<")
    if not code or not all(char in _LETTERS for char in code):
        issues.error(IssueCode.BAD_STATE_CODE, name, f"{text!r} is not a state code")
    elif is_known(code):
        pass
    elif code in SPECIMEN_CODES:
        issues.warn(IssueCode.UNKNOWN_STATE, name, f"{code} is an ICAO specimen code")
    else:
        issues.warn(IssueCode.UNKNOWN_STATE, name, f"{code} is not a known state code")
    return code


def _document_number(text: str, issues: _Issues) -> str:
    number = text.rstrip("<")
    if not number:
        issues.error(IssueCode.BAD_FILLER, "document_number", "the document number is empty")
    elif "<" in number:
        issues.error(IssueCode.BAD_FILLER, "document_number", f"filler inside {text!r}")
    elif not all(char in _ALNUM for char in number):
        issues.error(IssueCode.BAD_CHARACTER, "document_number", f"{text!r}")
    return number


def _birth_date(text: str, today: date, issues: _Issues) -> date | None:
    if "<" in text and all(char == "<" or char.isdigit() for char in text):
        issues.warn(IssueCode.PARTIAL_BIRTH_DATE, "birth_date", f"{text!r}: (partly) unknown")
        return None
    value = resolve_birth_date(text, today)
    if value is None:
        issues.error(IssueCode.IMPOSSIBLE_DATE, "birth_date", f"{text!r} is not a date")
    return value


def _expiry_date(text: str, today: date, issues: _Issues) -> date | None:
    value = resolve_expiry_date(text, today)
    if value is None:
        issues.error(IssueCode.IMPOSSIBLE_DATE, "expiry_date", f"{text!r} is not a date")
    return value


def _sex(text: str, issues: _Issues) -> str:
    if text in _SEXES:
        return _SEXES[text]
    issues.error(IssueCode.BAD_SEX, "sex", f"{text!r}: expected M, F, X or <")
    return text


def run_one_check(spec: CheckSpec, lines: Sequence[str]) -> MrzCheck:
    """Verify one check digit (both accepted forms for long TD1/TD2 document numbers)."""
    found = spec.check.take(lines)
    data = spec.data(lines)
    computed = compute_check_digit(data) if is_computable(data) else None
    if computed == found:
        return MrzCheck(spec.field, found, computed, ok=True)
    alt = spec.alt_data(lines)
    if alt is not None and is_computable(alt) and compute_check_digit(alt) == found:
        return MrzCheck(spec.field, found, found, ok=True)
    # Doc 9303 Part 4: an unused optional data field may have a filler as its check digit.
    unused = spec.field == "optional_data" and found == "<" and set(data) <= {"<"}
    return MrzCheck(spec.field, found, computed, ok=unused)


def run_checks(layout: Layout, lines: Sequence[str]) -> tuple[MrzCheck, ...]:
    """Every check digit of the layout (document-number check resolved for long numbers)."""
    return tuple(run_one_check(spec, lines) for spec in check_specs(layout, lines))
