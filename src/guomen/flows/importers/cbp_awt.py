"""US CBP Airport Wait Times (awt.cbp.gov) hourly CSV, one row per terminal and clock hour.

Used columns: airport, terminal, date (m/d/yyyy), hour ("0700 - 0800"), all_avg_wait (minutes;
optional for prediction input), all_total (passengers), all_booths. A row with passengers but no
booths is kept with a warning (its wait cannot be modelled from booths).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from guomen.flows.importers.common import parse_count, raise_errors, read_text
from guomen.flows.model import FlowIssue, HourlyLoad, LoadImport, Severity

REQUIRED = ("airport", "terminal", "date", "hour", "all_total", "all_booths")
MAX_PASSENGERS_PER_HOUR = 20_000
MAX_BOOTHS = 300
MAX_WAIT_MINUTES = 24 * 60


def read_cbp_awt(path: Path) -> LoadImport:
    return parse_cbp_awt(read_text(path), source=str(path))


def parse_cbp_awt(text: str, *, source: str = "input") -> LoadImport:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise_errors(source, [FlowIssue(Severity.ERROR, f"missing columns {missing}", 1)])
    errors: list[FlowIssue] = []
    warnings: list[FlowIssue] = []
    seen: set[tuple[str, str, date, int]] = set()
    rows: list[HourlyLoad] = []
    for line, cells in enumerate(reader, start=2):
        row = _row(cells, line)
        if isinstance(row, FlowIssue):
            errors.append(row)
            continue
        key = (row.airport, row.terminal, row.day, row.hour)
        if key in seen:
            errors.append(FlowIssue(Severity.ERROR, f"{key} appears twice", line))
            continue
        seen.add(key)
        if row.booths == 0 and row.passengers > 0:
            warnings.append(
                FlowIssue(Severity.WARNING, f"{row.passengers} passengers but no booths", line)
            )
        rows.append(row)
    raise_errors(source, errors)
    if not rows:
        raise_errors(source, [FlowIssue(Severity.ERROR, "no data rows")])
    return LoadImport(tuple(rows), tuple(warnings))


def _row(cells: dict[str, str | None], line: int) -> HourlyLoad | FlowIssue:
    text = {k: (v or "").strip() for k, v in cells.items() if k is not None}
    try:
        day = datetime.strptime(text["date"], "%m/%d/%Y").date()
    except ValueError:
        return FlowIssue(Severity.ERROR, f"date {text['date']!r} is not m/d/yyyy", line)
    hour = _hour(text["hour"])
    if hour is None:
        return FlowIssue(Severity.ERROR, f"hour {text['hour']!r} is not like '0700 - 0800'", line)
    passengers = parse_count(text["all_total"], "all_total", line, MAX_PASSENGERS_PER_HOUR)
    booths = parse_count(text["all_booths"], "all_booths", line, MAX_BOOTHS)
    wait: int | FlowIssue | None = None
    if text.get("all_avg_wait"):
        wait = parse_count(text["all_avg_wait"], "all_avg_wait", line, MAX_WAIT_MINUTES)
    for value in (passengers, booths, wait):
        if isinstance(value, FlowIssue):
            return value
    assert isinstance(passengers, int) and isinstance(booths, int)
    assert wait is None or isinstance(wait, int)
    if not text["airport"] or not text["terminal"]:
        return FlowIssue(Severity.ERROR, "airport or terminal is empty", line)
    return HourlyLoad(
        text["airport"],
        text["terminal"],
        day,
        hour,
        passengers,
        booths,
        None if wait is None else float(wait),
        date_text=text["date"],
        hour_text=text["hour"],
    )


def _hour(text: str) -> int | None:
    start, sep, end = text.partition("-")
    start, end = start.strip(), end.strip()
    if not sep or len(start) != 4 or not start.isdigit() or not end.isdigit():
        return None
    hour = int(start[:2])
    return hour if 0 <= hour <= 23 and start[2:] == "00" else None
