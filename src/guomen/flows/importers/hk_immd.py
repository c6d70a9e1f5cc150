"""Hong Kong Immigration Department "statistics on daily passenger traffic" CSV.

Columns: Date (dd-mm-yyyy), Control Point, Arrival / Departure, Hong Kong Residents, Mainland
Visitors, Other Visitors, Total (UTF-8 with BOM, trailing comma). Bad numbers, negative or
absurd counts and conflicting duplicates are errors; identical duplicates, totals that do not add
up, unknown control points and gaps in a series are warnings.
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

from guomen.flows.importers.common import parse_count, raise_errors, read_text
from guomen.flows.model import DailyFlow, Direction, FlowImport, FlowIssue, Severity

HEADER = (
    "Date",
    "Control Point",
    "Arrival / Departure",
    "Hong Kong Residents",
    "Mainland Visitors",
    "Other Visitors",
    "Total",
)
KNOWN_CONTROL_POINTS = frozenset(
    {
        "Airport",
        "China Ferry Terminal",
        "Express Rail Link West Kowloon",
        "Harbour Control",
        "Heung Yuen Wai",
        "Hong Kong-Zhuhai-Macao Bridge",
        "Hung Hom",
        "Kai Tak Cruise Terminal",
        "Lo Wu",
        "Lok Ma Chau",
        "Lok Ma Chau Spur Line",
        "Macau Ferry Terminal",
        "Man Kam To",
        "Sha Tau Kok",
        "Shenzhen Bay",
        "Tuen Mun Ferry Terminal",
    }
)
# The busiest control point peaked near 170,000 a day in one direction; 1.5 million is absurd.
MAX_DAILY = 1_500_000
ONE_DAY = timedelta(days=1)
GROUPS = ("Hong Kong Residents", "Mainland Visitors", "Other Visitors", "Total")


def read_hk_immd(path: Path) -> FlowImport:
    return parse_hk_immd(read_text(path), source=str(path))


def parse_hk_immd(text: str, *, source: str = "input") -> FlowImport:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = tuple(h.strip() for h in next(reader, []) if h.strip())
    if header != HEADER:
        raise_errors(source, [FlowIssue(Severity.ERROR, f"expected columns {HEADER}", 1)])
    errors: list[FlowIssue] = []
    warnings: list[FlowIssue] = []
    seen: dict[tuple[date, str, Direction], DailyFlow] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _row(cells, line)
        if isinstance(row, FlowIssue):
            errors.append(row)
            continue
        key = (row.day, row.control_point, row.direction)
        if key in seen:
            what = f"{row.control_point} {row.direction.value} on {row.day} appears twice"
            if seen[key] != row:
                errors.append(FlowIssue(Severity.ERROR, f"{what} with different counts", line))
            else:
                warnings.append(FlowIssue(Severity.WARNING, f"{what}; the copy is ignored", line))
            continue
        if row.residents + row.mainland_visitors + row.other_visitors != row.total:
            warnings.append(
                FlowIssue(Severity.WARNING, "the groups do not add up to the Total", line)
            )
        seen[key] = row
    raise_errors(source, errors)
    rows = tuple(sorted(seen.values(), key=lambda r: (r.control_point, r.direction, r.day)))
    if not rows:
        raise_errors(source, [FlowIssue(Severity.ERROR, "no data rows")])
    warnings.extend(_unknown_points(rows))
    warnings.extend(_gaps(rows))
    return FlowImport(rows, tuple(warnings))


def _row(cells: list[str], line: int) -> DailyFlow | FlowIssue:
    if len(cells) < len(HEADER):
        return FlowIssue(Severity.ERROR, f"{len(cells)} columns, expected {len(HEADER)}", line)
    try:
        day = datetime.strptime(cells[0].strip(), "%d-%m-%Y").date()
    except ValueError:
        return FlowIssue(Severity.ERROR, f"date {cells[0]!r} is not dd-mm-yyyy", line)
    point = cells[1].strip()
    if not point:
        return FlowIssue(Severity.ERROR, "the control point is empty", line)
    try:
        direction = Direction(cells[2].strip())
    except ValueError:
        return FlowIssue(Severity.ERROR, f"direction {cells[2]!r} is not Arrival/Departure", line)
    counts: list[int] = []
    for name, cell in zip(GROUPS, cells[3:7], strict=True):
        value = parse_count(cell, name, line, MAX_DAILY)
        if isinstance(value, FlowIssue):
            return value
        counts.append(value)
    return DailyFlow(day, point, direction, *counts)


def _unknown_points(rows: tuple[DailyFlow, ...]) -> list[FlowIssue]:
    unknown = sorted({r.control_point for r in rows} - KNOWN_CONTROL_POINTS)
    return [
        FlowIssue(Severity.WARNING, f"unknown control point {name!r}; kept as a new series")
        for name in unknown
    ]


def _gaps(rows: tuple[DailyFlow, ...]) -> list[FlowIssue]:
    """One warning per series with missing days between its first and last day."""
    issues: list[FlowIssue] = []
    by_series: dict[str, list[date]] = {}
    for r in rows:
        by_series.setdefault(r.series_id, []).append(r.day)
    for sid, days in by_series.items():
        missing = [a + timedelta(days=1) for a, b in itertools.pairwise(days) if b - a > ONE_DAY]
        if missing:
            total = sum((b - a).days - 1 for a, b in itertools.pairwise(days))
            issues.append(
                FlowIssue(
                    Severity.WARNING,
                    f"{sid}: {total} missing days in {len(missing)} gaps, first from {missing[0]}",
                )
            )
    return issues
