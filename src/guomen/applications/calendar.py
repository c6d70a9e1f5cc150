"""Working days for the 7-working-day pledge, in the mainland calendar.

Holidays and adjusted working days (调休) come from ``chinese-calendar`` (through
:mod:`guomen.flows.holiday_calendar`), which covers 2004–2026. For later years an administrator
loads the year's official arrangement (the State Council's notice) from a YAML file
(``guomen applications calendar load FILE``); a year that is neither covered nor loaded falls
back to Monday–Friday and every answer about it carries a clear warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import yaml

from guomen.applications.model import CalendarYear
from guomen.applications.ports import WorkingDays
from guomen.flows.holiday_calendar import CN_COVERED, mainland_day
from guomen.shared.errors import ValidationFailed

PLEDGE_WORKING_DAYS = 7
AT_RISK_WORKING_DAYS = 2
MAX_CALENDAR_FILE = 64 * 1024


@dataclass(frozen=True, slots=True)
class MainlandWorkingDays:
    """The ``WorkingDays`` port: chinese-calendar, then loaded years, then Mon–Fri (warned)."""

    loaded: dict[int, CalendarYear] = field(default_factory=dict)

    def is_working_day(self, day: date) -> bool:
        lo, hi = CN_COVERED
        year = self.loaded.get(day.year)
        if year is not None and not lo <= day.year <= hi:
            return _loaded_working(year, day)
        if lo <= day.year <= hi:
            facts = mainland_day(day)
            if facts.adjusted_workday:
                return True
            return not facts.holiday and day.weekday() < 5
        return day.weekday() < 5

    def warnings_for(self, days: Sequence[date]) -> tuple[str, ...]:
        lo, hi = CN_COVERED
        years = sorted({d.year for d in days if not lo <= d.year <= hi} - set(self.loaded))
        return tuple(
            f"no official working-day calendar for {year}: chinese-calendar covers {lo}–{hi} "
            f"and none was loaded; deadlines in {year} count Monday–Friday only and ignore "
            f"public holidays. An administrator loads the year with "
            f"`guomen applications calendar load FILE`."
            for year in years
        )


def _loaded_working(year: CalendarYear, day: date) -> bool:
    if day in year.workdays:
        return True
    if day in year.holidays:
        return False
    return day.weekday() < 5


def add_working_days(calendar: WorkingDays, start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (the day of intake does not count)."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_days_between(calendar: WorkingDays, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is
    earlier)."""
    if end < start:
        return -working_days_between(calendar, end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def parse_calendar_year(
    text: str, *, loaded_at: datetime | None = None, by: str = ""
) -> CalendarYear:
    """A year's arrangement from YAML::

        year: 2027
        source: 国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号)
        holidays: [2027-01-01, 2027-02-05, ...]    # days off (statutory and moved)
        workdays: [2027-02-14, ...]                 # adjusted working days (调休上班)

    Raises ``ValidationFailed`` naming the problem: nothing is stored from a bad file."""
    if len(text) > MAX_CALENDAR_FILE:
        raise ValidationFailed("a calendar file is at most 64 KiB", code="too_large")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationFailed(f"not valid YAML: {exc}", code="calendar_yaml") from None
    except ValueError as exc:  # a date such as 2027-02-30 fails in the YAML loader itself
        raise ValidationFailed(f"not a date: {exc}", code="calendar_days") from None
    if not isinstance(data, dict):
        raise ValidationFailed("a mapping with year, source, holidays and workdays is expected")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationFailed("year must be a year such as 2027", code="calendar_year")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ValidationFailed(
            "name the source (the State Council's notice)", code="calendar_source"
        )
    holidays = _days(data.get("holidays"), year, "holidays")
    workdays = _days(data.get("workdays"), year, "workdays")
    both = holidays & workdays
    if both:
        raise ValidationFailed(
            f"a day cannot be both a holiday and a working day: {min(both)}", code="calendar_both"
        )
    if not holidays:
        raise ValidationFailed(
            "a year has public holidays; none were listed", code="calendar_empty"
        )
    return CalendarYear(year, holidays, workdays, " ".join(source.split())[:500], loaded_at, by)


def _days(value: object, year: int, name: str) -> frozenset[date]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise ValidationFailed(f"{name} must be a list of dates", code="calendar_days")
    days: set[date] = set()
    for item in value:
        day = item if isinstance(item, date) else _iso(item, name)
        if day.year != year:
            raise ValidationFailed(f"{name}: {day} is not in {year}", code="calendar_days")
        days.add(day)
    return frozenset(days)


def _iso(item: object, name: str) -> date:
    try:
        return date.fromisoformat(str(item))
    except ValueError:
        raise ValidationFailed(f"{name}: {item!r} is not a date", code="calendar_days") from None


def calendar_of(years: Iterable[CalendarYear]) -> MainlandWorkingDays:
    return MainlandWorkingDays({y.year: y for y in years})
