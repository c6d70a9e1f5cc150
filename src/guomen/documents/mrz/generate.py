"""Building MRZ lines from fields (the inverse of ``parse_mrz``).

Every check digit, the composite included, is computed here (Doc 9303 Part 3, 4.9); names are
transliterated (``transliterate``) and truncated (``names``) as Doc 9303 says.
"""

from __future__ import annotations

from dataclasses import dataclass

from guomen.documents.mrz.checkdigit import compute_check_digit
from guomen.documents.mrz.dates import format_yymmdd
from guomen.documents.mrz.errors import MrzFieldError
from guomen.documents.mrz.formats import LAYOUTS, Layout, MrzFormat, Span, check_specs
from guomen.documents.mrz.model import MrzFields
from guomen.documents.mrz.names import build_name_field
from guomen.documents.mrz.transliterate import transliterate_name

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _LETTERS | frozenset("0123456789")
_SEX_CHARS = {"M": "M", "F": "F", "X": "X", "<": "<", "": "<"}


@dataclass(frozen=True, slots=True)
class GeneratedMrz:
    format: MrzFormat
    lines: tuple[str, ...]
    name_truncated: bool

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def generate_mrz(fields: MrzFields, mrz_format: MrzFormat | str) -> GeneratedMrz:
    """The MRZ lines for ``fields`` in the given format (``TD1``, ``TD2``, ``TD3``, ``MRV-A``,
    ``MRV-B``). Raises ``MrzFieldError`` (a ``ValidationFailed``) for a field that cannot be
    written, with a code such as ``mrz_bad_state_code`` or ``mrz_document_number_too_long``.
    """
    layout = _layout(mrz_format)
    lines = [["<"] * layout.line_length for _ in range(layout.line_count)]

    def put(name: str, text: str) -> None:
        _write(lines, layout.field(name).span, text)

    put("document_code", _document_code(fields.document_code, layout))
    put("issuing_state", _state(fields.issuing_state, "issuing_state"))
    put("nationality", _state(fields.nationality, "nationality"))
    name_span = layout.field("name").span
    surname = transliterate_name(fields.surname, field="surname")
    given = transliterate_name(fields.given_names, field="given_names")
    if not surname and not given:
        raise MrzFieldError("a name is required", code="mrz_empty_name", field="surname")
    name = build_name_field(surname, given, name_span.end - name_span.start)
    _write(lines, name_span, name.text)
    put("birth_date", format_yymmdd(fields.birth_date) if fields.birth_date else "<<<<<<")
    put("sex", _sex(fields.sex))
    if fields.expiry_date is None:
        raise MrzFieldError(
            "an expiry date is required", code="mrz_missing_expiry_date", field="expiry_date"
        )
    put("expiry_date", format_yymmdd(fields.expiry_date))
    _write_number_and_optional(lines, layout, fields)
    _fill_check_digits(lines, layout)
    return GeneratedMrz(layout.format, tuple("".join(line) for line in lines), name.truncated)


def _layout(mrz_format: MrzFormat | str) -> Layout:
    try:
        return LAYOUTS[MrzFormat(str(mrz_format).upper())]
    except ValueError:
        raise MrzFieldError(
            f"unknown MRZ format {mrz_format!r}", code="mrz_bad_format", field="format"
        ) from None


def _write(lines: list[list[str]], span: Span, text: str) -> None:
    width = span.end - span.start
    if len(text) > width:
        raise ValueError(f"{text!r} does not fit in {width} positions")  # a bug, not user input
    lines[span.line][span.start : span.end] = list(text.ljust(width, "<"))


def _document_code(code: str, layout: Layout) -> str:
    text = code.strip().upper()
    ok = 1 <= len(text) <= 2 and text[0] in layout.document_letters
    if not ok or not all(char in _LETTERS or char == "<" for char in text):
        letters = "/".join(sorted(layout.document_letters))
        raise MrzFieldError(
            f"document code {code!r}: one or two letters starting with {letters}",
            code="mrz_bad_document_code",
            field="document_code",
        )
    return text


def _state(code: str, field: str) -> str:
    text = code.strip().upper()
    if not 1 <= len(text) <= 3 or not all(char in _LETTERS for char in text):
        raise MrzFieldError(
            f"{field} {code!r}: one to three letters", code="mrz_bad_state_code", field=field
        )
    return text


def _sex(sex: str) -> str:
    try:
        return _SEX_CHARS[sex.strip().upper()]
    except KeyError:
        raise MrzFieldError(
            f"sex {sex!r}: M, F, X or empty", code="mrz_bad_sex", field="sex"
        ) from None


def _mrz_text(value: str, field: str) -> str:
    text = value.upper().rstrip().replace(" ", "<")
    if not all(char in _ALNUM or char == "<" for char in text):
        raise MrzFieldError(
            f"{field} {value!r}: letters, digits and spaces only",
            code=f"mrz_bad_{field}",
            field=field,
        )
    return text


def _write_number_and_optional(lines: list[list[str]], layout: Layout, fields: MrzFields) -> None:
    number = _mrz_text(fields.document_number.strip(), "document_number")
    if not number or "<" in number:
        raise MrzFieldError(
            f"document number {fields.document_number!r}: letters and digits, no spaces",
            code="mrz_bad_document_number",
            field="document_number",
        )
    optional = _mrz_text(fields.optional_data, "optional_data")
    if len(number) > 9:
        if layout.number_extension is None:
            raise MrzFieldError(
                f"a {layout.format} document number has at most 9 characters",
                code="mrz_document_number_too_long",
                field="document_number",
            )
        extension = number[9:] + compute_check_digit(number)
        optional = extension + ("<" + optional if optional else "")
        number = number[:9]
    else:
        # Written now so that the filler in the check position only ever marks a long number.
        check = compute_check_digit(number.ljust(9, "<"))
        _write(lines, layout.field("document_number_check").span, check)
    _write(lines, layout.field("document_number").span, number)
    _write_optional(lines, layout, "optional_data", optional)
    if layout.format is MrzFormat.TD1:
        _write_optional(
            lines, layout, "optional_data_2", _mrz_text(fields.optional_data_2, "optional_data_2")
        )
    elif fields.optional_data_2.strip():
        raise MrzFieldError(
            f"{layout.format} has no second optional data field",
            code="mrz_optional_data_too_long",
            field="optional_data_2",
        )


def _write_optional(lines: list[list[str]], layout: Layout, name: str, text: str) -> None:
    span = layout.field(name).span
    if len(text) > span.end - span.start:
        raise MrzFieldError(
            f"{name} does not fit in {span.end - span.start} positions of a {layout.format}",
            code="mrz_optional_data_too_long",
            field=name,
        )
    _write(lines, span, text)


def _fill_check_digits(lines: list[list[str]], layout: Layout) -> None:
    """Compute every check digit in layout order (the composite comes last).

    An unused TD3 optional data field gets its computed check digit ``0`` (Doc 9303 Part 4 also
    allows a filler there; parsing accepts both).
    """
    for spec in check_specs(layout, ["".join(line) for line in lines]):
        data = spec.data(["".join(line) for line in lines])
        _write(lines, spec.check, compute_check_digit(data))
