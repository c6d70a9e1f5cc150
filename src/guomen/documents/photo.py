"""Reading an MRZ from a photo of a document: the port, the use case and a fake reader.

Pure domain code (standard library and guomen only). The OCR is a port, :class:`MrzImageReader`;
the production adapter is ``guomen.adapters.ocr.TesseractMrzReader``.

:func:`read_mrz_from_photo` checks the upload (size, image format and pixel count from the
header), takes the reader's readings of the image, best first, cuts MRZ candidates from each
(:func:`mrz_candidates`: runs of MRZ-like lines, filler runs fitted to the layout's line length),
tries each as read and with letters among digits read as digits, through
:func:`~guomen.documents.mrz.repair_ocr`, and keeps the best result. ``valid`` is always that of
the check digits on the returned lines. Length fixes are ``ocr_unchecked_correction`` warnings
(fillers weigh nothing in a check digit); digit fixes are corrections (reason ``digit_context``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice, product
from typing import Protocol

from guomen.documents.mrz import IssueCode, MrzCorrection, MrzIssue, MrzResult, repair_ocr
from guomen.documents.mrz.formats import LAYOUTS, Kind, Span, check_specs, detect_format
from guomen.documents.photo_image import (
    MAX_PHOTO_BYTES,
    MAX_PHOTO_PIXELS,
    PHOTO_NO_MRZ_FOUND,
    check_photo,
)
from guomen.shared.errors import ValidationFailed

# Line length -> number of lines (TD1: 3 x 30; TD2 and MRV-B: 2 x 36; TD3 and MRV-A: 2 x 44).
_LAYOUTS = ((3, 30), (2, 36), (2, 44))
_NAME_LINE = {30: 2, 36: 0, 44: 0}  # the line that holds the name (fillers pad its tail)
_MIN_LINE, _MAX_LINE = 20, 52
_MAX_SHIFT = 4  # at most this many fillers added or removed in a line other than the name line
_MAX_VARIANTS_PER_LINE = 3
MAX_CANDIDATES_PER_READING = 24
_MRZ_CHARS = re.compile(r"[^A-Z0-9<]")
_NAME_TAIL = re.compile(r"<<<")


class MrzImageReader(Protocol):
    """OCR of the machine-readable zone in a document photo.

    ``read_lines`` returns the text lines of each reading it makes of the image (several crops
    and preprocessings), best first. It may return a lazy iterable: the use case stops asking
    as soon as a reading gives a valid MRZ. It raises ``ValidationFailed`` for an upload that
    cannot be decoded and ``ServiceUnavailable`` when the OCR engine is missing.
    """

    def read_lines(self, image: bytes) -> Iterable[Sequence[str]]: ...


@dataclass(frozen=True, slots=True)
class MrzCandidate:
    """MRZ lines cut from one OCR reading, with the length fixes made to them."""

    lines: tuple[str, ...]
    fixes: tuple[MrzIssue, ...] = ()
    corrections: tuple[MrzCorrection, ...] = ()


class FakeMrzImageReader:
    """Test double for :class:`MrzImageReader`: canned readings per image, or one for all."""

    def __init__(
        self,
        readings: Sequence[Sequence[str]] = (),
        *,
        by_image: Mapping[bytes, Sequence[Sequence[str]]] | None = None,
    ) -> None:
        self.readings = [list(lines) for lines in readings]
        self.by_image = {key: [list(v) for v in value] for key, value in (by_image or {}).items()}
        self.calls: list[bytes] = []
        self.readings_taken = 0

    def read_lines(self, image: bytes) -> Iterator[list[str]]:
        self.calls.append(image)
        for lines in self.by_image.get(image, self.readings):
            self.readings_taken += 1
            yield lines


def read_mrz_from_photo(
    reader: MrzImageReader,
    image: bytes,
    *,
    today: date,
    max_bytes: int = MAX_PHOTO_BYTES,
    max_pixels: int = MAX_PHOTO_PIXELS,
) -> MrzResult:
    """The MRZ in a photo, read, repaired and validated. Raises ``ValidationFailed``.

    Codes: ``photo_empty``, ``photo_too_large`` (bytes or pixels), ``photo_not_an_image``,
    ``photo_unsupported_format`` (e.g. HEIC, GIF, PDF) and ``photo_no_mrz_found``.

    A valid result returns at once when a second reading agrees on its number and dates, or when
    it is unambiguous with no letter among the digits of its number fields. Otherwise, once the
    reader is done, the best result wins: valid first, then the most readings agreeing, the
    fewest errors, the fewest letters among digits, not ambiguous, the fewest warnings.
    """
    check_photo(image, max_bytes=max_bytes, max_pixels=max_pixels)
    seen: dict[tuple[object, ...], MrzResult] = {}
    votes: dict[tuple[object, ...], int] = {}
    for reading in reader.read_lines(image):
        result = _read_one(reading, today)
        if result is None:
            continue
        key = _key(result)
        seen.setdefault(key, result)
        if result.valid:
            votes[key] = votes.get(key, 0) + 1
            if votes[key] >= 2 or _is_clean(result):
                return seen[key]
    if not seen:
        raise ValidationFailed(
            "no machine-readable zone was found in the photo", code=PHOTO_NO_MRZ_FOUND
        )
    best = max(seen, key=lambda k: (seen[k].valid, votes.get(k, 0), *_rank(seen[k])[1:]))
    return seen[best]


def _key(result: MrzResult) -> tuple[object, ...]:
    """What two readings must agree on: the number and dates (under check digits), or lines."""
    fields = result.fields
    if not result.valid or fields is None:
        return result.lines
    return (fields.document_number, fields.birth_date, fields.expiry_date)


def _read_one(reading: Sequence[str], today: date) -> MrzResult | None:
    """The best result among the reading's candidates (the first clean one ends the search)."""
    best: MrzResult | None = None
    for candidate in mrz_candidates(reading):
        result = _evaluate(candidate, today)
        if _is_clean(result):
            return result
        if best is None or _rank(result) > _rank(best):
            best = result
    return best


def _is_clean(result: MrzResult) -> bool:
    unambiguous = IssueCode.OCR_AMBIGUOUS not in result.warning_codes()
    return result.valid and unambiguous and _lookalikes(result.lines) == 0


def _rank(result: MrzResult) -> tuple[int, ...]:
    return (
        result.valid,
        -len(result.errors),
        -_lookalikes(result.lines),
        IssueCode.OCR_AMBIGUOUS not in result.warning_codes(),
        -len(result.warnings),
        -len(result.corrections),
    )


def _evaluate(candidate: MrzCandidate, today: date) -> MrzResult:
    """The candidate and its digit-context variants through the repair; the best result.

    When more than one reading passes every check (an O read for a 0 twice can cancel out in a
    check digit), the one with the fewest letters among digits wins and ``ocr_ambiguous`` says
    that another reading passes as well.
    """
    results = [_repair(variant, today) for variant in _variants(candidate)]
    best = max(results, key=_rank)
    rivals = {result.lines for result in results if result.valid} - {best.lines}
    if not best.valid or not rivals or IssueCode.OCR_AMBIGUOUS in best.warning_codes():
        return best
    note = MrzIssue(IssueCode.OCR_AMBIGUOUS, None, f"also passes the checks: {min(rivals)}")
    return replace(best, warnings=(*best.warnings, note))


def _repair(candidate: MrzCandidate, today: date) -> MrzResult:
    result = repair_ocr(list(candidate.lines), today=today)
    if not candidate.fixes and not candidate.corrections:
        return result
    return replace(
        result,
        warnings=(*result.warnings, *candidate.fixes),
        corrections=(*candidate.corrections, *result.corrections),
    )


# --- letters read among digits -----------------------------------------------------------------

# Tesseract reads the OCR-B zero as O, Q or D; the other pairs are single look-alikes.
_ZERO_LIKE = {"O": "0", "Q": "0", "D": "0"}
_DIGIT_LIKE = {"Z": "2", "S": "5", "B": "8", "I": "1", "G": "6"}
_LOOKALIKES = frozenset(_ZERO_LIKE) | frozenset(_DIGIT_LIKE)


def _alnum_spans(lines: Sequence[str]) -> list[Span]:
    """Document number and optional data spans that some check digit covers."""
    fmt = detect_format(lines)
    if fmt is None:
        return []
    layout = LAYOUTS[fmt]
    checks = check_specs(layout, lines)
    return [
        spec.span
        for spec in layout.fields
        if spec.kind is Kind.ALNUM
        and any(check.covers(spec.span.line, spec.span.start) for check in checks)
    ]


def _lookalikes(lines: Sequence[str]) -> int:
    """Letters that look like digits next to a digit or another such letter, in number fields,
    leaving out a leading series of letters (as in CA000000 or BD0002028) other than O and Q."""
    count = 0
    for span in _alnum_spans(lines):
        text = span.take(lines)
        prefix = len(text) - len(text.lstrip("ABCDEFGHIJKLMNPRSTUVWXYZ"))
        for i, char in enumerate(text[prefix:], prefix):
            near = text[max(0, i - 1) : i] + text[i + 1 : i + 2]
            if char in _LOOKALIKES and any(c.isdigit() or c in _LOOKALIKES for c in near):
                count += 1
    return count


def _reads_as_zero(row: list[str], i: int, span: Span) -> bool:
    """O or Q next to a digit or another O or Q; D next to a digit, not opening the number."""
    near = [row[j] for j in (i - 1, i + 1) if span.start <= j < span.end]
    if row[i] == "D":
        return i != span.start and any(c.isdigit() for c in near)
    return any(c.isdigit() or c in "OQ" for c in near)


def _variants(candidate: MrzCandidate) -> list[MrzCandidate]:
    """The candidate; then O and Q read as 0 in runs of digits of the number fields; then D as
    well, and Z, S, B, I, G as 2, 5, 8, 1, 6 between two digits. The check digits decide."""
    variants = [candidate]
    for zeros, singles in (("OQ", False), ("OQD", True)):
        rows = [list(line) for line in candidate.lines]
        changes: list[MrzCorrection] = []
        for span in _alnum_spans(candidate.lines):
            changes += _to_digits(rows[span.line], span, zeros, singles, span.line + 1)
        lines = tuple("".join(row) for row in rows)
        if changes and all(lines != v.lines for v in variants):
            fixed = (*candidate.corrections, *changes)
            variants.append(replace(candidate, lines=lines, corrections=fixed))
    return variants


def _to_digits(
    row: list[str], span: Span, zeros: str, singles: bool, number: int
) -> list[MrzCorrection]:
    changes: list[MrzCorrection] = []
    changed = True
    while changed:  # zero look-alikes spread along a run: "0OOQ0" -> "00000"
        changed = False
        for i in range(span.start, span.end):
            if row[i] in zeros and _reads_as_zero(row, i, span):
                changes.append(MrzCorrection(number, i + 1, row[i], "0", "digit_context"))
                row[i], changed = "0", True
    for i in range(span.start + 1, span.end - 1) if singles else ():
        if row[i] in _DIGIT_LIKE and row[i - 1].isdigit() and row[i + 1].isdigit():
            to = _DIGIT_LIKE[row[i]]
            changes.append(MrzCorrection(number, i + 1, row[i], to, "digit_context"))
            row[i] = to
    return changes


# --- MRZ candidates from OCR text -------------------------------------------------------------


def mrz_candidates(
    text_lines: Sequence[str], limit: int = MAX_CANDIDATES_PER_READING
) -> list[MrzCandidate]:
    """MRZ line sets in one OCR reading: runs of 2 or 3 MRZ-like lines fitted to a layout.

    Spaces and characters outside the MRZ alphabet are dropped, ``«`` reads as ``<``. In the
    name line everything after the first ``<<<`` is a filler (Doc 9303 names never hold three
    fillers in a row) and its tail is padded or cut to length; in other lines the longest filler
    runs grow or shrink by up to four. The lines as read come first.
    """
    lines = [_clean(line) for line in text_lines[:64]]
    lines = [line for line in lines if _MIN_LINE <= len(line) <= _MAX_LINE]
    found: list[MrzCandidate] = []
    for count, length in _LAYOUTS:
        for start in range(len(lines) - count + 1):
            group = lines[start : start + count]
            found.extend(islice(_fit_group(group, length), limit))
    unique: dict[tuple[str, ...], MrzCandidate] = {}
    for candidate in found:
        unique.setdefault(candidate.lines, candidate)
    ordered = sorted(unique.values(), key=lambda candidate: len(candidate.fixes))
    return ordered[:limit]


def _clean(line: str) -> str:
    return _MRZ_CHARS.sub("", line.upper().replace("«", "<"))


def _fit_group(group: Sequence[str], length: int) -> Iterator[MrzCandidate]:
    options: list[list[tuple[str, MrzIssue | None]]] = []
    for index, line in enumerate(group):
        if index == _NAME_LINE[length]:
            fitted = _fit_name_line(line, length, index + 1)
        else:
            fitted = _fit_line(line, length, index + 1)
        if not fitted:
            return
        options.append(fitted)
    for combo in product(*options):
        fixes = tuple(fix for _, fix in combo if fix is not None)
        yield MrzCandidate(tuple(text for text, _ in combo), fixes)


def _fix(number: int, message: str) -> MrzIssue:
    return MrzIssue(IssueCode.OCR_UNCHECKED_CORRECTION, f"line{number}", message)


def _fit_name_line(line: str, length: int, number: int) -> list[tuple[str, MrzIssue | None]]:
    """Characters after the name become fillers; the line is padded or cut to ``length``."""
    tail = _NAME_TAIL.search(line, 5)
    fitted = line if tail is None else line[: tail.start()] + "<" * (len(line) - tail.start())
    if len(fitted) > length + _MAX_SHIFT and tail is None:
        return []
    fitted = fitted[:length].ljust(length, "<")
    if fitted == line:
        return [(line, None)]
    if fitted.rstrip("<") == line.rstrip("<"):
        message = f"filler run after the name fitted to {length} characters"
    else:
        message = f"characters after the name read as fillers, line fitted to {length}"
    return [(fitted, _fix(number, message))]


def _fit_line(line: str, length: int, number: int) -> list[tuple[str, MrzIssue | None]]:
    """The line as read if it has the right length, else up to three filler-run fixes."""
    diff = length - len(line)
    if diff == 0:
        return [(line, None)]
    if abs(diff) > _MAX_SHIFT:
        return []
    runs = sorted(re.finditer(r"<+", line), key=lambda run: run.start() - run.end())
    fitted: dict[str, MrzIssue | None] = {}
    verb = "lengthened" if diff > 0 else "shortened"
    for run in runs[:_MAX_VARIANTS_PER_LINE]:
        if diff < 0 and run.end() - run.start() + diff < 1:
            continue
        end = run.end()
        text = line[:end] + "<" * diff + line[end:] if diff > 0 else line[: end + diff] + line[end:]
        message = f"filler run at column {run.start() + 1} {verb} by {abs(diff)} to fit {length}"
        fitted.setdefault(text, _fix(number, message))
    return list(fitted.items())[:_MAX_VARIANTS_PER_LINE]
