"""OCR-tolerant reading: choose the reading of confusable characters that satisfies the checks.

After the deterministic clean-up (``ocr_clean``), characters in letter-or-digit fields (document
number, optional data) that OCR confuses (O/0, I/1, B/8, S/5, Z/2, G/6, K/<) are ambiguous. The
search flips them, fewest flips first, field by field against that field's own check digit, then
combines the surviving readings against the composite check. It is bounded: at most
``MAX_FIELD_CANDIDATES`` readings per field and ``MAX_CANDIDATES`` in all. The result is always
re-parsed, so ``valid`` is never claimed for a reading whose checks fail.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

from guomen.documents.mrz.codes import IssueCode
from guomen.documents.mrz.formats import (
    COMPOSITE,
    LAYOUTS,
    CheckSpec,
    Kind,
    Layout,
    check_specs,
    detect_format,
)
from guomen.documents.mrz.inputs import MrzInput, PreparedInput, split_input
from guomen.documents.mrz.model import MrzIssue, MrzResult
from guomen.documents.mrz.ocr_clean import Reading, apply_field_types, read_cells
from guomen.documents.mrz.parse import parse_mrz, run_one_check
from guomen.documents.mrz.states import StateLookup, state_lookup

MAX_CANDIDATES = 4096
MAX_FIELD_CANDIDATES = 1024
MAX_KEPT_PER_FIELD = 16

# Only confusions a check digit can see. G (16) and 6, K (20) and < (0) have the same value
# modulo 10, so no check digit tells them apart: ``ocr_clean`` settles them by field type or
# context, or keeps them as read.
AMBIGUOUS = {"0": "O", "O": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S", "S": "5"}
AMBIGUOUS |= {"2": "Z", "Z": "2"}

Position = tuple[int, int]
Flips = tuple[Position, ...]


@dataclass(frozen=True, slots=True)
class _Option:
    cost: int
    flips: Flips


def repair_ocr(
    mrz: MrzInput,
    *,
    today: date,
    known_states: StateLookup | frozenset[str] | None = None,
) -> MrzResult:
    """Read MRZ lines as OCR produced them and return the parse of the best reading.

    Every change is listed in ``corrections`` (line, column, from, to, reason). ``valid`` is that
    of the corrected lines; ``ocr_ambiguous`` warns when another reading with as few changes also
    passes every check, ``ocr_unchecked_correction`` when a change sits where no check digit
    covers it (names, state codes, sex).
    """
    is_known = state_lookup(known_states)
    raw = split_input(mrz)
    if isinstance(raw, PreparedInput):
        return parse_mrz(mrz, today=today, known_states=is_known)
    reading = read_cells(raw)
    layout = _layout(reading)
    if layout is None:
        return _finish(reading, today, is_known, ())
    apply_field_types(reading, layout, is_known)
    warnings = _search(reading, layout)
    return _finish(reading, today, is_known, warnings)


def _layout(reading: Reading) -> Layout | None:
    fmt = detect_format(reading.lines())
    return LAYOUTS[fmt] if fmt else None


def _finish(
    reading: Reading, today: date, is_known: StateLookup, extra: Sequence[MrzIssue]
) -> MrzResult:
    result = parse_mrz(reading.lines(), today=today, known_states=is_known)
    layout = LAYOUTS[result.format] if result.format else None
    warnings = [*result.warnings, *extra]
    if layout is not None:
        warnings.extend(_unchecked(reading, layout, result.valid))
    return replace(result, warnings=tuple(warnings), corrections=tuple(reading.corrections))


def _unchecked(reading: Reading, layout: Layout, valid: bool) -> list[MrzIssue]:
    """A warning per field changed by a substitution that no passing check digit confirms."""
    specs = check_specs(layout, reading.lines())
    reasons_at: dict[tuple[int, int], set[str]] = {}
    for correction in reading.corrections:
        reasons_at.setdefault((correction.line, correction.column), set()).add(correction.reason)
    fields: dict[str, None] = {}
    for row, cells in enumerate(reading.rows):
        for column, cell in enumerate(cells):
            reasons = reasons_at.get((cell.line, cell.column), set())
            if not reasons & {"field_type", "check_digit", "k_filler"}:
                continue
            checked = valid and any(spec.covers(row, column) for spec in specs)
            if checked and "k_filler" not in reasons:  # K and < weigh the same in a check
                continue
            fields[_field_at(layout, row, column)] = None
    return [
        MrzIssue(
            IssueCode.OCR_UNCHECKED_CORRECTION, name, "corrected where no check digit confirms"
        )
        for name in fields
    ]


def _field_at(layout: Layout, row: int, column: int) -> str:
    for spec in layout.fields:
        if spec.span.line == row and spec.span.start <= column < spec.span.end:
            return spec.name
    return f"line{row + 1}"


def _ambiguous_positions(lines: Sequence[str], layout: Layout) -> dict[Position, str]:
    """Letter-or-digit positions whose character OCR often confuses, with the alternative."""
    found: dict[Position, str] = {}
    for row, text in enumerate(lines):
        for column, char in enumerate(text):
            if layout.kind_at(row, column) is not Kind.ALNUM:
                continue
            if char in AMBIGUOUS:
                found[(row, column)] = AMBIGUOUS[char]
    return found


def _apply(lines: Sequence[str], flips: Flips, alternatives: dict[Position, str]) -> list[str]:
    if not flips:
        return list(lines)
    rows = [list(text) for text in lines]
    for row, column in flips:
        rows[row][column] = alternatives[(row, column)]
    return ["".join(row) for row in rows]


def _subsets(positions: Sequence[Position], limit: int) -> Iterator[Flips]:
    """Subsets of positions, smallest first, at most ``limit`` of them."""
    count = 0
    for size in range(len(positions) + 1):
        for subset in combinations(positions, size):
            if count >= limit:
                return
            count += 1
            yield subset


def _field_options(
    lines: Sequence[str], spec: CheckSpec, positions: Sequence[Position], alt: dict[Position, str]
) -> list[_Option]:
    """Readings of one field's ambiguous positions that satisfy its own check digit."""
    kept: list[_Option] = []
    for flips in _subsets(positions, MAX_FIELD_CANDIDATES):
        if run_one_check(spec, _apply(lines, flips, alt)).ok:
            kept.append(_Option(len(flips), flips))
            if len(kept) >= MAX_KEPT_PER_FIELD:
                break
    return kept or [_Option(0, ())]


def _search(reading: Reading, layout: Layout) -> list[MrzIssue]:
    """Apply the cheapest flips that make every check digit pass, if there are any."""
    lines = reading.lines()
    alternatives = _ambiguous_positions(lines, layout)
    specs = check_specs(layout, lines)
    composite = next((spec for spec in specs if spec.field == COMPOSITE), None)
    groups: dict[str, list[Position]] = {}
    for position in alternatives:
        owner = next((s.field for s in specs if s.field != COMPOSITE and s.covers(*position)), None)
        if owner is None and composite is not None and composite.covers(*position):
            owner = COMPOSITE
        if owner is not None:
            groups.setdefault(owner, []).append(position)
    options = [
        _field_options(lines, spec, groups[spec.field], alternatives)
        for spec in specs
        if spec.field in groups and spec.field != COMPOSITE
    ]
    free = groups.get(COMPOSITE, [])
    flips, ambiguous = _combine(lines, composite, options, free, alternatives)
    repaired = _apply(lines, flips, alternatives)
    if not all(run_one_check(spec, repaired).ok for spec in check_specs(layout, repaired)):
        return []  # no reading passes every check: keep the characters as read
    for row, column in flips:
        reading.change(row, column, alternatives[(row, column)], "check_digit")
    if not ambiguous:
        return []
    return [MrzIssue(IssueCode.OCR_AMBIGUOUS, None, "another reading passes the checks as well")]


def _combine(
    lines: Sequence[str],
    composite: CheckSpec | None,
    options: list[list[_Option]],
    free: list[Position],
    alternatives: dict[Position, str],
) -> tuple[Flips, bool]:
    """The cheapest combination of field readings (and free flips) passing the composite."""
    combos = _field_combos(options)
    best = combos[0]
    if composite is None:
        tied = any(len(o) > 1 and o[0].cost == o[1].cost for o in options)
        return best.flips, tied
    budget = MAX_CANDIDATES
    for total in range(best.cost, best.cost + len(free) + 1):
        found: list[Flips] = []
        for combo in combos:
            size = total - combo.cost
            if size < 0 or size > len(free):
                continue
            for extra in combinations(free, size):
                budget -= 1
                if budget < 0:
                    return (found[0] if found else ()), len(found) > 1
                flips = combo.flips + extra
                if run_one_check(composite, _apply(lines, flips, alternatives)).ok:
                    found.append(flips)
        if found:
            return found[0], len(found) > 1
    # No combination passes the composite: keep the characters as read rather than claim fixes.
    return (), False


def _field_combos(options: list[list[_Option]]) -> list[_Option]:
    """All combinations of per-field readings (bounded), cheapest first."""
    combos = [_Option(0, ())]
    for field_options in options:
        combos = [
            _Option(a.cost + b.cost, a.flips + b.flips) for a in combos for b in field_options
        ][:MAX_CANDIDATES]
    return sorted(combos, key=lambda option: option.cost)
