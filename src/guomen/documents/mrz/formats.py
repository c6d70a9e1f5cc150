"""MRZ layouts of ICAO Doc 9303 as data: where each field and check digit sits.

Sources: Doc 9303 Part 4 (TD3 passports), Part 5 (TD1 cards), Part 6 (TD2), Part 7 (visas MRV-A
and MRV-B). Positions here are 0-based and end-exclusive; the standard counts from 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class MrzFormat(StrEnum):
    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRV_A = "MRV-A"
    MRV_B = "MRV-B"


class Kind(StrEnum):
    """What a position may hold; the OCR repair uses it to choose substitutions."""

    ALPHA = "alpha"  # letters and filler (document code, state codes)
    NAME = "name"  # letters and filler
    NUMERIC = "numeric"  # digits, filler allowed for unknown parts of a birth date
    CHECK = "check"  # one digit (filler allowed in a few places)
    SEX = "sex"  # M, F, X or filler
    ALNUM = "alnum"  # document number, optional data


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    start: int
    end: int

    def take(self, lines: Sequence[str]) -> str:
        return lines[self.line][self.start : self.end]

    def positions(self) -> list[tuple[int, int]]:
        return [(self.line, column) for column in range(self.start, self.end)]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    span: Span
    kind: Kind


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A check digit at ``check`` over the concatenated ``spans``.

    ``alt_spans`` is a second accepted reading (TD1/TD2 long document numbers, see
    :func:`check_specs`).
    """

    field: str
    spans: tuple[Span, ...]
    check: Span
    alt_spans: tuple[Span, ...] | None = None

    def data(self, lines: Sequence[str]) -> str:
        return "".join(span.take(lines) for span in self.spans)

    def alt_data(self, lines: Sequence[str]) -> str | None:
        if self.alt_spans is None:
            return None
        return "".join(span.take(lines) for span in self.alt_spans)

    def covers(self, line: int, column: int) -> bool:
        spans = (*self.spans, self.check, *(self.alt_spans or ()))
        return any(s.line == line and s.start <= column < s.end for s in spans)


COMPOSITE = "composite"


@dataclass(frozen=True, slots=True)
class Layout:
    format: MrzFormat
    line_count: int
    line_length: int
    document_letters: frozenset[str]
    fields: tuple[FieldSpec, ...]
    checks: tuple[CheckSpec, ...]
    # Where a document number longer than 9 characters continues (TD1, TD2 only).
    number_extension: Span | None = None

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def kind_at(self, line: int, column: int) -> Kind:
        for spec in self.fields:
            span = spec.span
            if span.line == line and span.start <= column < span.end:
                return spec.kind
        return Kind.ALNUM


def _f(name: str, line: int, start: int, end: int, kind: Kind) -> FieldSpec:
    return FieldSpec(name, Span(line, start, end), kind)


def _check(field: str, line: int, start: int, end: int) -> CheckSpec:
    return CheckSpec(field, (Span(line, start, end),), Span(line, end, end + 1))


def _top_line(name_end: int) -> tuple[FieldSpec, ...]:
    """Line 1 of TD2, TD3 and visas: document code, issuing state, name."""
    return (
        _f("document_code", 0, 0, 2, Kind.ALPHA),
        _f("issuing_state", 0, 2, 5, Kind.ALPHA),
        _f("name", 0, 5, name_end, Kind.NAME),
    )


def _second_line(optional_end: int) -> tuple[FieldSpec, ...]:
    """Line 2 of TD2, TD3 and visas up to the optional data."""
    return (
        _f("document_number", 1, 0, 9, Kind.ALNUM),
        _f("document_number_check", 1, 9, 10, Kind.CHECK),
        _f("nationality", 1, 10, 13, Kind.ALPHA),
        _f("birth_date", 1, 13, 19, Kind.NUMERIC),
        _f("birth_date_check", 1, 19, 20, Kind.CHECK),
        _f("sex", 1, 20, 21, Kind.SEX),
        _f("expiry_date", 1, 21, 27, Kind.NUMERIC),
        _f("expiry_date_check", 1, 27, 28, Kind.CHECK),
        _f("optional_data", 1, 28, optional_end, Kind.ALNUM),
    )


_SECOND_LINE_CHECKS = (
    _check("document_number", 1, 0, 9),
    _check("birth_date", 1, 13, 19),
    _check("expiry_date", 1, 21, 27),
)

TD3 = Layout(
    MrzFormat.TD3,
    2,
    44,
    frozenset("P"),
    (
        *_top_line(44),
        *_second_line(42),
        _f("optional_data_check", 1, 42, 43, Kind.CHECK),
        _f("composite_check", 1, 43, 44, Kind.CHECK),
    ),
    (
        *_SECOND_LINE_CHECKS,
        _check("optional_data", 1, 28, 42),
        CheckSpec(COMPOSITE, (Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, 43)), Span(1, 43, 44)),
    ),
)

TD2 = Layout(
    MrzFormat.TD2,
    2,
    36,
    frozenset("ACI"),
    (*_top_line(36), *_second_line(35), _f("composite_check", 1, 35, 36, Kind.CHECK)),
    (
        *_SECOND_LINE_CHECKS,
        CheckSpec(COMPOSITE, (Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, 35)), Span(1, 35, 36)),
    ),
    number_extension=Span(1, 28, 35),
)

MRV_A = Layout(
    MrzFormat.MRV_A, 2, 44, frozenset("V"), (*_top_line(44), *_second_line(44)), _SECOND_LINE_CHECKS
)

MRV_B = Layout(
    MrzFormat.MRV_B, 2, 36, frozenset("V"), (*_top_line(36), *_second_line(36)), _SECOND_LINE_CHECKS
)

TD1 = Layout(
    MrzFormat.TD1,
    3,
    30,
    frozenset("ACI"),
    (
        _f("document_code", 0, 0, 2, Kind.ALPHA),
        _f("issuing_state", 0, 2, 5, Kind.ALPHA),
        _f("document_number", 0, 5, 14, Kind.ALNUM),
        _f("document_number_check", 0, 14, 15, Kind.CHECK),
        _f("optional_data", 0, 15, 30, Kind.ALNUM),
        _f("birth_date", 1, 0, 6, Kind.NUMERIC),
        _f("birth_date_check", 1, 6, 7, Kind.CHECK),
        _f("sex", 1, 7, 8, Kind.SEX),
        _f("expiry_date", 1, 8, 14, Kind.NUMERIC),
        _f("expiry_date_check", 1, 14, 15, Kind.CHECK),
        _f("nationality", 1, 15, 18, Kind.ALPHA),
        _f("optional_data_2", 1, 18, 29, Kind.ALNUM),
        _f("composite_check", 1, 29, 30, Kind.CHECK),
        _f("name", 2, 0, 30, Kind.NAME),
    ),
    (
        _check("document_number", 0, 5, 14),
        _check("birth_date", 1, 0, 6),
        _check("expiry_date", 1, 8, 14),
        CheckSpec(
            COMPOSITE,
            (Span(0, 5, 30), Span(1, 0, 7), Span(1, 8, 15), Span(1, 18, 29)),
            Span(1, 29, 30),
        ),
    ),
    number_extension=Span(0, 15, 30),
)

LAYOUTS: dict[MrzFormat, Layout] = {
    layout.format: layout for layout in (TD1, TD2, TD3, MRV_A, MRV_B)
}

LINE_LENGTHS: dict[int, tuple[int, ...]] = {3: (30,), 2: (44, 36)}


def detect_format(lines: Sequence[str]) -> MrzFormat | None:
    """The format implied by line count, line length and the first character (V = visa)."""
    if not lines or any(len(line) != len(lines[0]) for line in lines):
        return None
    shape = (len(lines), len(lines[0]))
    visa = lines[0][:1] == "V"
    if shape == (3, 30):
        return MrzFormat.TD1
    if shape == (2, 44):
        return MrzFormat.MRV_A if visa else MrzFormat.TD3
    if shape == (2, 36):
        return MrzFormat.MRV_B if visa else MrzFormat.TD2
    return None


@dataclass(frozen=True, slots=True)
class NumberParts:
    """Where the document number, its check digit and the optional data really are."""

    spans: tuple[Span, ...]
    check: Span
    optional: Span | None
    extended: bool


def resolve_number(layout: Layout, lines: Sequence[str]) -> NumberParts:
    """Resolve a TD1/TD2 document number longer than 9 characters.

    Doc 9303 Part 5 (TD1) and Part 6 (TD2): when the number has more than 9 characters, the first
    9 fill the number field, the check-digit position holds ``<``, and the rest of the number
    followed by its check digit and a filler opens the optional data field.
    """
    number = layout.field("document_number").span
    check = layout.field("document_number_check").span
    optional = layout.field("optional_data").span
    extension = layout.number_extension
    if extension is None or check.take(lines) != "<":
        return NumberParts((number,), check, optional, extended=False)
    text = extension.take(lines)
    length = text.find("<")
    if length == -1:
        length = len(text)
    if length == 0:
        return NumberParts((number,), check, optional, extended=False)
    start = extension.start
    rest = Span(extension.line, start, start + length - 1)
    real_check = Span(extension.line, start + length - 1, start + length)
    after = Span(extension.line, min(start + length + 1, extension.end), extension.end)
    return NumberParts((number, rest), real_check, after, extended=True)


def check_specs(layout: Layout, lines: Sequence[str]) -> tuple[CheckSpec, ...]:
    """The layout's checks with the document-number check resolved for this MRZ.

    For a long TD1/TD2 number the check digit is accepted over the number itself or over the
    characters as printed (positions 6-15 with the filler, then the continuation): issuers differ,
    e.g. Belgian specimens BEL-BO-03003 and BEL-BO-11005 use one form each.
    """
    parts = resolve_number(layout, lines)
    if not parts.extended:
        return layout.checks
    first, rest = parts.spans
    printed = Span(first.line, first.start, first.end + 1)
    number_check = CheckSpec("document_number", parts.spans, parts.check, (printed, rest))
    return tuple(number_check if c.field == "document_number" else c for c in layout.checks)
