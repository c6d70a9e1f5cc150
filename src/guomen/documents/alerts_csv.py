"""Import format for external lost/stolen document lists (fields like INTERPOL SLTD).

Header (UTF-8 CSV): ``issuing_state,document_number,document_type,status,reported_on``;
``status`` is lost, stolen, revoked or invalidated; ``reported_on`` is YYYY-MM-DD or empty.
Rows are checked one by one and bad rows are reported with their line numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from guomen.documents.model import normalise_number
from guomen.documents.registry import AlertStatus
from guomen.shared.errors import ValidationFailed

HEADER = ("issuing_state", "document_number", "document_type", "status", "reported_on")
MAX_FIELD = 64


@dataclass(frozen=True, slots=True)
class AlertRow:
    line: int
    issuing_state: str
    number: str
    doc_type: str
    status: AlertStatus
    reported_on: date | None


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    problem: str


def parse_alert_csv(text: str) -> tuple[list[AlertRow], list[BadRow]]:
    if not text.strip():
        raise ValidationFailed("the file is empty", code="csv_empty")
    if "\x00" in text:
        raise ValidationFailed("the file is not a text CSV file", code="csv_binary")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = tuple(h.strip().lower() for h in next(reader))
    except csv.Error as exc:
        raise ValidationFailed(f"unreadable CSV: {exc}", code="csv_unreadable") from exc
    if header != HEADER:
        raise ValidationFailed("the header must be: " + ",".join(HEADER), code="csv_bad_header")
    good: list[AlertRow] = []
    bad: list[BadRow] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            parsed = _row(line, values)
            if isinstance(parsed, AlertRow):
                good.append(parsed)
            else:
                bad.append(parsed)
    except csv.Error as exc:
        bad.append(BadRow(reader.line_num, f"unreadable CSV: {exc}"))
    return good, bad


def _row(line: int, values: list[str]) -> AlertRow | BadRow:
    if len(values) != len(HEADER):
        return BadRow(line, f"expected {len(HEADER)} fields, found {len(values)}")
    if any(len(v) > MAX_FIELD for v in values):
        return BadRow(line, f"a field is longer than {MAX_FIELD} characters")
    state, number, doc_type, status, reported = (v.strip() for v in values)
    state = state.upper()
    if not (1 <= len(state) <= 3 and state.isascii() and state.isalpha()):
        return BadRow(line, f"issuing_state {state!r} is not an ICAO code")
    clean = normalise_number(number)
    if not (1 <= len(clean) <= 20 and clean.isascii()):
        return BadRow(line, f"document_number {number!r} is empty or too long")
    try:
        kind = AlertStatus(status.lower())
    except ValueError:
        return BadRow(line, f"status {status!r} is not one of {[s.value for s in AlertStatus]}")
    try:
        when = date.fromisoformat(reported) if reported else None
    except ValueError:
        return BadRow(line, f"reported_on {reported!r} is not YYYY-MM-DD")
    return AlertRow(line, state, clean, doc_type.upper()[:8] or "P", kind, when)
