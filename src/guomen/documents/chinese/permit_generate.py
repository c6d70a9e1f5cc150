"""Building permit card MRZs from fields (the inverse of ``parse_permit_mrz``), for tests,
specimens and officers who re-key a damaged card. Raises ``MrzFieldError`` for a field that
cannot be written (codes as in ``generate_mrz``)."""

from __future__ import annotations

from guomen.documents.chinese.permit_layouts import (
    EEP_BIRTH,
    EEP_CHECKS,
    EEP_EXPIRY,
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
    is_taiwan_mtp,
)
from guomen.documents.mrz import MrzFieldError, compute_check_digit, transliterate_name
from guomen.documents.mrz.dates import format_yymmdd
from guomen.documents.mrz.formats import CheckSpec, Span
from guomen.documents.mrz.names import build_name_field

_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_SEX = {"M": "M", "F": "F", "": "<"}


class _Grid:
    def __init__(self, line_count: int) -> None:
        self.rows = [["<"] * LINE_LENGTH for _ in range(line_count)]

    def put(self, span: Span, text: str, name: str) -> None:
        width = span.end - span.start
        if len(text) > width:
            raise MrzFieldError(
                f"{name} {text!r} does not fit in {width} positions",
                code=f"mrz_{name}_too_long",
                field=name,
            )
        self.rows[span.line][span.start : span.end] = list(text.ljust(width, "<"))

    def lines(self) -> tuple[str, ...]:
        return tuple("".join(row) for row in self.rows)

    def fill_checks(self, specs: tuple[CheckSpec, ...]) -> None:
        for spec in specs:  # the composite comes last in every layout
            self.put(spec.check, compute_check_digit(spec.data(self.lines())), "check")


def _text(value: str, name: str) -> str:
    text = value.strip().upper().replace(" ", "<")
    if not set(text) <= _ALNUM | {"<"}:
        raise MrzFieldError(
            f"{name} {value!r}: letters and digits only", code=f"mrz_bad_{name}", field=name
        )
    return text


def _number(value: str) -> str:
    text = _text(value, "document_number")
    if not text or "<" in text:
        raise MrzFieldError(
            f"document number {value!r}", code="mrz_bad_document_number", field="document_number"
        )
    return text


def _code(fields: PermitMrzFields) -> str:
    code = fields.document_code.strip().upper()
    if len(code) != 2 or code[0] != "C" or not code[1].isalpha() or not code.isascii():
        raise MrzFieldError(
            f"document code {fields.document_code!r}: C and a letter",
            code="mrz_bad_document_code",
            field="document_code",
        )
    return code


def _dates(grid: _Grid, fields: PermitMrzFields, birth: Span, expiry: Span) -> None:
    if fields.birth_date is None or fields.expiry_date is None:
        raise MrzFieldError(
            "a permit MRZ needs both dates", code="mrz_missing_date", field="birth_date"
        )
    grid.put(birth, format_yymmdd(fields.birth_date), "birth_date")
    grid.put(expiry, format_yymmdd(fields.expiry_date), "expiry_date")


def generate_permit_mrz(fields: PermitMrzFields) -> tuple[str, ...]:
    """The MRZ lines of a permit card: one line (EEP) or three lines (MTP) of 30 characters."""
    if fields.layout is PermitLayout.EEP:
        grid = _Grid(1)
        grid.put(Span(0, 0, 2), _code(fields), "document_code")
        grid.put(EEP_NUMBER, _number(fields.document_number), "document_number")
        _dates(grid, fields, EEP_BIRTH, EEP_EXPIRY)
        grid.fill_checks(EEP_CHECKS)
        return grid.lines()
    return _generate_mtp(fields)


def _generate_mtp(fields: PermitMrzFields) -> tuple[str, ...]:
    grid = _Grid(3)
    grid.put(Span(0, 0, 2), _code(fields), "document_code")
    number = _number(fields.document_number)
    grid.put(MTP_NUMBER, number, "document_number")
    renewal = fields.renewal_count if fields.renewal_count is not None else 0
    if not 0 <= renewal <= 99:
        raise MrzFieldError(
            "renewal count 0-99", code="mrz_bad_renewal_count", field="renewal_count"
        )
    grid.put(MTP_RENEWAL, f"{renewal:02d}", "renewal_count")
    if fields.sex.strip().upper() not in _SEX:
        raise MrzFieldError(f"sex {fields.sex!r}: M, F or empty", code="mrz_bad_sex", field="sex")
    grid.put(MTP_SEX, _SEX[fields.sex.strip().upper()], "sex")
    _dates(grid, fields, MTP_BIRTH, MTP_EXPIRY)
    grid.put(MTP_HOME_ID, _text(fields.home_id, "home_id"), "home_id")
    taiwan = is_taiwan_mtp(fields.document_code.strip().upper(), number)
    name_span = MTP_TW_NAME if taiwan else MTP_NAME
    surname = transliterate_name(fields.surname, field="surname")
    given = transliterate_name(fields.given_names, field="given_names")
    if not surname and not given:
        raise MrzFieldError("a name is required", code="mrz_empty_name", field="surname")
    name = build_name_field(surname, given, name_span.end - name_span.start)
    grid.put(name_span, name.text, "name")
    if taiwan:
        grid.put(MTP_TW_AUTHORITY, _text(fields.authority_code, "authority_code"), "authority_code")
    grid.fill_checks(MTP_CHECKS)
    return grid.lines()
