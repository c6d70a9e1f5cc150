"""The name field: primary identifier ``<<`` secondary identifier(s), padded with ``<``.

Doc 9303 Part 3, 4.6 and Part 4, 4.2.2: components are separated by one filler, the primary and
secondary identifiers by two; a name that does not fit is truncated so that the field ends with a
letter, which marks possible truncation.
"""

from __future__ import annotations

from dataclasses import dataclass

from guomen.documents.mrz.codes import IssueCode
from guomen.documents.mrz.model import MrzIssue

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True, slots=True)
class ParsedName:
    surname: str
    given_names: str
    errors: tuple[MrzIssue, ...]
    truncated: bool


def parse_name_field(text: str) -> ParsedName:
    errors: list[MrzIssue] = []
    odd = sorted({char for char in text if char not in _LETTERS and char != "<"})
    if odd:
        errors.append(MrzIssue(IssueCode.BAD_NAME, "name", f"not a letter or filler: {odd}"))
    body = text.rstrip("<")
    if not body:
        errors.append(MrzIssue(IssueCode.BAD_NAME, "name", "the name field is empty"))
    primary, _, secondary = body.partition("<<")
    primary_parts = primary.split("<") if primary else []
    secondary_parts = secondary.split("<") if secondary else []
    if "" in primary_parts or "" in secondary_parts:
        errors.append(
            MrzIssue(IssueCode.BAD_FILLER, "name", "unexpected run of fillers inside the name")
        )
    return ParsedName(
        surname=" ".join(part for part in primary_parts if part),
        given_names=" ".join(part for part in secondary_parts if part),
        errors=tuple(errors),
        truncated=bool(text) and text[-1] in _LETTERS,
    )


@dataclass(frozen=True, slots=True)
class NameField:
    text: str
    truncated: bool


def build_name_field(surname: str, given_names: str, width: int) -> NameField:
    """The padded name field from MRZ-form names (A-Z words separated by spaces).

    Truncation (Doc 9303 Part 4, 4.2.2.3): secondary identifiers are cut first; the primary
    identifier is cut only when even one initial of the first given name would not fit, and then
    leaves room for ``<<`` and that initial. A cut that would end on a filler drops the filler, so
    the field then ends with ``<`` (the truncation is still reported by the generator).
    """
    primary = "<".join(surname.split())
    secondary = "<".join(given_names.split())
    full = f"{primary}<<{secondary}" if secondary else primary
    if len(full) <= width:
        return NameField(full.ljust(width, "<"), truncated=False)
    if not secondary:
        cut = primary[:width].rstrip("<")
    elif len(primary) + 3 <= width:
        cut = full[:width].rstrip("<")
    else:
        cut = primary[: width - 3].rstrip("<") + "<<" + secondary[0]
    return NameField(cut.ljust(width, "<"), truncated=True)
