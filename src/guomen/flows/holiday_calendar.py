"""Holiday and season features for daily flow forecasts (mainland China, Hong Kong, Macao).

Mainland holidays and adjusted working days (调休) come from `chinese-calendar`, which covers
2004–2026 only. For other years the mainland holidays come from the `holidays` package's rule
tables (an estimate before the State Council publishes the year's arrangement) and adjusted
working days are unknown; every such year is reported as a warning.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
import holidays

FEATURES = (
    "cn_holiday",
    "cn_adjusted_workday",
    "cn_holiday_first",
    "cn_holiday_last",
    "cn_holiday_eve",
    "spring_festival",
    "golden_week",
    "hk_holiday",
    "mo_holiday",
    "summer_school_break",
)
CN_COVERED = (2004, 2026)
SUMMER = ((7, 10), (8, 31))  # approximate HK and mainland school summer break


@dataclass(frozen=True, slots=True)
class MainlandDay:
    holiday: bool
    adjusted_workday: bool
    name: str | None


@dataclass(frozen=True, slots=True)
class CalendarFeatures:
    days: tuple[date, ...]
    columns: dict[str, list[float]]
    warnings: tuple[str, ...]


def uncovered_years(days: Sequence[date]) -> list[int]:
    lo, hi = CN_COVERED
    return sorted({d.year for d in days if not lo <= d.year <= hi})


def coverage_warnings(days: Sequence[date]) -> tuple[str, ...]:
    return tuple(
        f"chinese-calendar covers {CN_COVERED[0]}–{CN_COVERED[1]} only: mainland holidays for "
        f"{year} are estimated from the `holidays` rules and adjusted working days (调休) are "
        "unknown"
        for year in uncovered_years(days)
    )


@functools.lru_cache(maxsize=8192)
def mainland_day(day: date) -> MainlandDay:
    lo, hi = CN_COVERED
    if lo <= day.year <= hi:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
        statutory = bool(is_holiday) and name is not None
        return MainlandDay(statutory, not is_holiday and name is not None, name)
    name = _cn_rules(day.year).get(day)
    return MainlandDay(name is not None, False, _english_name(name))


@functools.lru_cache(maxsize=64)
def _cn_rules(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("CN", years=year).items())


@functools.lru_cache(maxsize=64)
def _region_rules(region: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(region, years=year).keys())


def _english_name(name: str | None) -> str | None:
    if name is None:
        return None
    if "Spring Festival" in name or "Chinese New Year" in name:
        return "Spring Festival"
    return name


def calendar_features(days: Sequence[date]) -> CalendarFeatures:
    """One 0/1 column per feature in `FEATURES`, aligned with `days`."""
    columns: dict[str, list[float]] = {name: [] for name in FEATURES}
    for day in days:
        for name, value in _day_features(day).items():
            columns[name].append(1.0 if value else 0.0)
    return CalendarFeatures(tuple(days), columns, coverage_warnings(days))


def _day_features(day: date) -> dict[str, bool]:
    today = mainland_day(day)
    before = mainland_day(day - timedelta(days=1))
    after = mainland_day(day + timedelta(days=1))
    (m0, d0), (m1, d1) = SUMMER
    return {
        "cn_holiday": today.holiday,
        "cn_adjusted_workday": today.adjusted_workday,
        "cn_holiday_first": today.holiday and not before.holiday,
        "cn_holiday_last": today.holiday and not after.holiday,
        "cn_holiday_eve": after.holiday and not today.holiday,
        "spring_festival": today.holiday and today.name == "Spring Festival",
        "golden_week": today.holiday and today.name == "National Day",
        "hk_holiday": day in _region_rules("HK", day.year),
        "mo_holiday": day in _region_rules("MO", day.year),
        "summer_school_break": (m0, d0) <= (day.month, day.day) <= (m1, d1),
    }
