"""First pass over OCR output: case, filler look-alikes, whitespace, field-type substitutions.

Every change is recorded with the line and column of the character in the input as given
(1-based, blank lines counted), so an officer can see exactly what was read differently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from guomen.documents.mrz.formats import LINE_LENGTHS, Kind, Layout, Span
from guomen.documents.mrz.model import MrzCorrection

# Look-alikes of the filler that OCR engines produce.
FILLER_LOOKALIKES = frozenset("«‹<≪〈＜")
# Substitutions when the field type says a digit (or a letter) must stand here. Reasons recorded:
# "case", "filler" (look-alike or space read as a filler), "whitespace" (removed), "field_type",
# "k_filler" (K read as a filler from context) and, in ocr_repair, "check_digit".
TO_DIGIT = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
}
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}


@dataclass(slots=True)
class Cell:
    """One character of a cleaned line and where it came from in the input."""

    char: str
    line: int
    column: int


@dataclass(slots=True)
class Reading:
    """Cleaned lines (as cells) plus the corrections made so far."""

    rows: list[list[Cell]]
    corrections: list[MrzCorrection]

    def lines(self) -> list[str]:
        return ["".join(cell.char for cell in row) for row in self.rows]

    def change(self, row: int, column: int, char: str, reason: str) -> None:
        cell = self.rows[row][column]
        if cell.char != char:
            self.corrections.append(MrzCorrection(cell.line, cell.column, cell.char, char, reason))
            cell.char = char


def read_cells(raw_lines: list[str]) -> Reading:
    """Trim lines, drop blank ones, raise case, map filler look-alikes, settle whitespace."""
    rows: list[list[Cell]] = []
    corrections: list[MrzCorrection] = []
    for number, text in enumerate(raw_lines, 1):
        if not text.strip():
            continue
        offset = len(text) - len(text.lstrip())
        rows.append([Cell(c, number, offset + i + 1) for i, c in enumerate(text.strip())])
    reading = Reading(rows, corrections)
    for row_index, row in enumerate(rows):
        for column, cell in enumerate(row):
            if cell.char in FILLER_LOOKALIKES:
                reading.change(row_index, column, "<", "filler")
            elif "a" <= cell.char <= "z":
                reading.change(row_index, column, cell.char.upper(), "case")
    _settle_whitespace(reading)
    return reading


def _settle_whitespace(reading: Reading) -> None:
    """Spaces inside a line: dropped, or read as fillers when that gives the right length."""
    allowed = LINE_LENGTHS.get(len(reading.rows))
    if not allowed:
        return
    squeezed = [sum(1 for c in row if not c.char.isspace()) for row in reading.rows]
    target = min(allowed, key=lambda length: abs(length - max(squeezed)))
    for index, row in enumerate(reading.rows):
        if len(row) == squeezed[index]:
            continue
        if squeezed[index] != target and len(row) == target:
            for column, cell in enumerate(row):
                if cell.char.isspace():
                    reading.change(index, column, "<", "filler")
            continue
        for cell in row:
            if cell.char.isspace():
                reading.corrections.append(
                    MrzCorrection(cell.line, cell.column, cell.char, "", "whitespace")
                )
        reading.rows[index] = [cell for cell in row if not cell.char.isspace()]


def apply_field_types(reading: Reading, layout: Layout, is_known: Callable[[str], bool]) -> None:
    """Deterministic substitutions where the field type leaves no choice."""
    for row_index, row in enumerate(reading.rows):
        for column, cell in enumerate(row):
            kind = layout.kind_at(row_index, column)
            char = cell.char
            if kind in (Kind.NUMERIC, Kind.CHECK) and char in TO_DIGIT:
                reading.change(row_index, column, TO_DIGIT[char], "field_type")
            elif kind in (Kind.ALPHA, Kind.NAME) and char in TO_LETTER:
                reading.change(row_index, column, TO_LETTER[char], "field_type")
            elif kind in (Kind.CHECK, Kind.SEX) and char == "K":
                reading.change(row_index, column, "<", "k_filler")
    _name_fillers(reading, layout)
    code = layout.field("document_code").span
    if reading.rows[code.line][code.start + 1].char == "K":
        # No Doc 9303 document code has K as its type letter (P<, PO, ID, IR, AC, V< ...).
        reading.change(code.line, code.start + 1, "<", "k_filler")
    for spec in layout.fields:
        if spec.kind is Kind.ALNUM:
            _padding_fillers(reading, spec.span)
    for name in ("issuing_state", "nationality"):
        _state_fillers(reading, layout, name, is_known)


def _name_fillers(reading: Reading, layout: Layout) -> None:
    """``K`` read for ``<`` in the name's padding: after 3+ fillers, or after ``<<`` once the
    primary/secondary separator has been seen (a name never has those runs)."""
    span = layout.field("name").span
    row = reading.rows[span.line]
    separator_seen = False
    run = 0
    for column in range(span.start, span.end):
        char = row[column].char
        if char == "K" and (run >= 3 or (run >= 2 and separator_seen)):
            reading.change(span.line, column, "<", "k_filler")
            char = "<"
        if char == "<":
            run += 1
            continue
        if run >= 2:
            separator_seen = True
        run = 0


def _padding_fillers(reading: Reading, span: Span) -> None:
    """``K`` read for ``<`` in a letter-or-digit field: after a filler, and followed by a filler
    or only by padding. No check digit can confirm it (K and < have the same check value)."""
    row = reading.rows[span.line]
    for column in range(span.start + 1, span.end):
        rest = "".join(cell.char for cell in row[column + 1 : span.end])
        padding = rest == "" or rest[0] == "<" or set(rest) <= {"<", "K"}
        if row[column].char == "K" and row[column - 1].char == "<" and padding:
            reading.change(span.line, column, "<", "k_filler")


def _state_fillers(
    reading: Reading, layout: Layout, name: str, is_known: Callable[[str], bool]
) -> None:
    """``DKK`` → ``D<<``: trailing K read as filler when only that gives a known state code."""
    span = layout.field(name).span
    text = span.take(reading.lines())
    if is_known(text.rstrip("<")):
        return
    stripped = text.rstrip("<K")
    for length in range(len(stripped), len(text)):
        candidate = text[:length].ljust(len(text), "<")
        if text[length:].strip("<K") == "" and is_known(candidate.rstrip("<")):
            for column in range(span.start + length, span.end):
                reading.change(span.line, column, "<", "k_filler")
            return
