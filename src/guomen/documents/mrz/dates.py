"""Six-digit MRZ dates (YYMMDD) and the choice of century.

Rules (documented for users in the API):

* Birth dates lie in the past: the century is the one giving the latest date not after ``today``
  (so with today = 2025-06-01, ``250701`` is 1925-07-01 and ``250501`` is 2025-05-01).
* Expiry dates lie within a 100-year window from ``today.year - 49`` to ``today.year + 50``
  (with today in 2025: ``75`` is 2075, ``76`` is 1976). Documents are valid for at most a few
  decades, and expired ones are read for decades after.
"""

from __future__ import annotations

from datetime import date

EXPIRY_YEARS_AHEAD = 50


def split_yymmdd(text: str) -> tuple[int, int, int] | None:
    """``(yy, mm, dd)`` when the text is six ASCII digits, else None."""
    if len(text) != 6 or not all("0" <= char <= "9" for char in text):
        return None
    return int(text[0:2]), int(text[2:4]), int(text[4:6])


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_birth_date(text: str, today: date) -> date | None:
    """The birth date for YYMMDD, in the past relative to ``today``; None if impossible."""
    parts = split_yymmdd(text)
    if parts is None:
        return None
    yy, month, day = parts
    year = today.year - ((today.year - yy) % 100)
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return _make(year, month, day)


def resolve_expiry_date(text: str, today: date) -> date | None:
    """The expiry date for YYMMDD within the window around ``today``; None if impossible."""
    parts = split_yymmdd(text)
    if parts is None:
        return None
    yy, month, day = parts
    lowest = today.year + EXPIRY_YEARS_AHEAD - 99
    year = lowest + ((yy - lowest) % 100)
    return _make(year, month, day)


def format_yymmdd(value: date) -> str:
    return f"{value.year % 100:02d}{value.month:02d}{value.day:02d}"
