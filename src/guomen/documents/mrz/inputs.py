"""Turning untrusted input (a text block or a list of lines) into MRZ lines, never raising.

Each kind of bad input gets its own code: empty input, too much input, wrong line count or
length, control characters, non-ASCII characters, lower case, other characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from guomen.documents.mrz.checkdigit import MRZ_ALPHABET
from guomen.documents.mrz.codes import IssueCode
from guomen.documents.mrz.formats import LINE_LENGTHS
from guomen.documents.mrz.model import MrzIssue

# The longest MRZ is 2 x 44 characters; leave generous room for whitespace and line breaks.
MAX_INPUT_CHARS = 1024
MAX_INPUT_LINES = 32

_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")

MrzInput = str | Sequence[str]


@dataclass(frozen=True, slots=True)
class PreparedInput:
    """Non-blank lines, trimmed, ASCII lower case raised; ``fatal`` when no layout applies."""

    lines: tuple[str, ...]
    errors: tuple[MrzIssue, ...]
    fatal: bool


def _fatal(code: IssueCode, message: str, lines: tuple[str, ...] = ()) -> PreparedInput:
    return PreparedInput(lines, (MrzIssue(code, None, message),), fatal=True)


def split_input(mrz: object) -> list[str] | PreparedInput:
    """Raw lines of the input, or a fatal result for the wrong type or size."""
    if isinstance(mrz, str):
        if len(mrz) > MAX_INPUT_CHARS:
            return _fatal(IssueCode.INPUT_TOO_LARGE, f"more than {MAX_INPUT_CHARS} characters")
        return mrz.split("\n")
    if not isinstance(mrz, Sequence) or not all(isinstance(line, str) for line in mrz):
        return _fatal(IssueCode.BAD_INPUT_TYPE, "expected a text or a list of text lines")
    if len(mrz) > MAX_INPUT_LINES or sum(len(line) for line in mrz) > MAX_INPUT_CHARS:
        return _fatal(IssueCode.INPUT_TOO_LARGE, f"more than {MAX_INPUT_CHARS} characters")
    return [str(line) for line in mrz]


def prepare_lines(mrz: object) -> PreparedInput:
    raw = split_input(mrz)
    if isinstance(raw, PreparedInput):
        return raw
    lines = tuple(line.strip() for line in raw if line.strip())
    if not lines:
        return _fatal(IssueCode.EMPTY_INPUT, "no MRZ lines in the input")
    errors = [
        issue for number, line in enumerate(lines, 1) for issue in character_issues(number, line)
    ]
    upper = tuple(line.translate(_UPPER) for line in lines)
    shape = shape_issue(upper)
    if shape is not None:
        return PreparedInput(upper, (*errors, shape), fatal=True)
    return PreparedInput(upper, tuple(errors), fatal=False)


def _char_code(char: str) -> IssueCode | None:
    if char in MRZ_ALPHABET:
        return None
    if unicodedata.category(char) in ("Cc", "Cf"):
        return IssueCode.CONTROL_CHARACTER
    if ord(char) > 127:
        return IssueCode.NON_ASCII
    if "a" <= char <= "z":
        return IssueCode.LOWER_CASE
    return IssueCode.BAD_CHARACTER


def character_issues(number: int, line: str) -> list[MrzIssue]:
    """One issue per kind of bad character in the line, naming the first column."""
    first: dict[IssueCode, tuple[int, str]] = {}
    for column, char in enumerate(line, 1):
        code = _char_code(char)
        if code is not None and code not in first:
            first[code] = (column, char)
    return [
        MrzIssue(code, f"line{number}", f"line {number}, column {column}: {char!r}")
        for code, (column, char) in first.items()
    ]


def shape_issue(lines: Sequence[str]) -> MrzIssue | None:
    """Wrong line count or line length for every Doc 9303 layout, else None."""
    allowed = LINE_LENGTHS.get(len(lines))
    if allowed is None:
        return MrzIssue(
            IssueCode.BAD_LINE_COUNT, None, f"an MRZ has 2 or 3 lines, found {len(lines)}"
        )
    expected = next((len(line) for line in lines if len(line) in allowed), allowed[0])
    for number, line in enumerate(lines, 1):
        if len(line) != expected:
            return MrzIssue(
                IssueCode.BAD_LENGTH,
                f"line{number}",
                f"line {number} has {len(line)} characters, expected {expected}",
            )
    return None
