"""Birth dates compared at the precision both sides know, with the typical recording errors.

Each comparison gives two numbers in [0, 1] — how strongly the dates agree and how strongly they
disagree — and a reason. The best of the entry's birth dates counts. The reason is written only
when asked for (the index scores many candidates and explains only its hits).
"""

from __future__ import annotations

from typing import NamedTuple

from guomen.screening.matching.model import BirthDate, BirthDateRange, BirthDateSpec

FAR_APART_YEARS = 10

_REASONS = {
    "unknown": "no birth date to compare",
    "same": "same birth date {e}",
    "swapped": "birth date {q} is {e} with day and month swapped",
    "same_day_year_apart": "birth dates {q} and {e}: same day, years one apart",
    "same_month": "birth dates {q} and {e}: same month, day differs",
    "same_year_only": "birth dates {q} and {e}: same year only",
    "month_differs": "birth dates {q} and {e}: same year, month differs",
    "same_year_month": "same birth year and month ({q} ~ {e})",
    "same_year": "same birth year ({q} ~ {e})",
    "year_apart": "birth years one apart ({q} ~ {e})",
    "apart": "birth dates {q} and {e} are {years} years apart",
    "apart_slip": "birth dates {q} and {e} are {years} years apart"
    " (the years differ in one digit: perhaps a typing error)",
    "apart_same_day": "birth dates {q} and {e} are {years} years apart"
    " (the same day and month: perhaps a wrong year)",
    "within": "birth date {q} lies within {e}",
    "year_outside": "birth date {q} is one year outside {e}",
    "outside": "birth date {q} is {years} years outside {e}",
}


class DateComparison(NamedTuple):
    agreement: float
    disagreement: float
    rule: str  # which rule decided: a key of the reasons table
    query: BirthDate | None = None
    listed: BirthDateSpec | None = None
    years: int = 0
    far_apart: bool = False  # ten years or more, not a one-digit slip (1957 ~ 1967) and
    # not on the same day and month (1972-11-02 ~ 1983-11-02: a wrong year, one of 365 days)

    @property
    def net(self) -> float:
        return self.agreement - self.disagreement

    @property
    def reason(self) -> str:
        return _REASONS[self.rule].format(q=self.query, e=self.listed, years=self.years)


UNKNOWN = DateComparison(0.0, 0.0, "unknown")


def compare_birth_dates(
    query: BirthDate | None, listed: tuple[BirthDateSpec, ...]
) -> DateComparison:
    if query is None or not listed:
        return UNKNOWN
    if len(listed) == 1:
        return _compare(query, listed[0])
    return max((_compare(query, spec) for spec in listed), key=_net)


def _net(comparison: DateComparison) -> float:
    return comparison.agreement - comparison.disagreement


def _compare(query: BirthDate, spec: BirthDateSpec) -> DateComparison:
    if isinstance(spec, BirthDateRange):
        return _against_range(query, spec)
    if query.day is not None and spec.day is not None:
        return _full_dates(query, spec)
    return _partial(query, spec)


def _full_dates(q: BirthDate, e: BirthDate) -> DateComparison:
    if q.year == e.year:
        if q.month == e.month:
            if q.day == e.day:
                return DateComparison(1.0, 0.0, "same", q, e)
            return DateComparison(0.3, 0.2, "same_month", q, e)
        if q.month == e.day and q.day == e.month:
            return DateComparison(0.7, 0.0, "swapped", q, e)
        return DateComparison(0.2, 0.3, "same_year_only", q, e)
    years = abs(q.year - e.year)
    if years == 1 and q.month == e.month and q.day == e.day:
        return DateComparison(0.3, 0.2, "same_day_year_apart", q, e)
    return _years_apart(q, e, years)


def _partial(q: BirthDate, e: BirthDate) -> DateComparison:
    years = abs(q.year - e.year)
    precise_month = q.month is not None and e.month is not None
    if years == 0 and precise_month and q.month != e.month:
        return DateComparison(0.2, 0.3, "month_differs", q, e)
    if years == 0:
        return DateComparison(0.6, 0.0, "same_year_month" if precise_month else "same_year", q, e)
    if years == 1:
        return DateComparison(0.1, 0.2, "year_apart", q, e)
    return _years_apart(q, e, years)


def _years_apart(q: BirthDate, e: BirthDate, years: int) -> DateComparison:
    disagreement = 0.4 if years == 1 else 0.7 if years == 2 else 1.0
    if years < FAR_APART_YEARS:
        return DateComparison(0.0, disagreement, "apart", q, e, years)
    if _one_digit_apart(q.year, e.year):
        return DateComparison(0.0, disagreement, "apart_slip", q, e, years)
    if q.day is not None and (q.month, q.day) == (e.month, e.day):
        return DateComparison(0.0, disagreement, "apart_same_day", q, e, years)
    return DateComparison(0.0, disagreement, "apart", q, e, years, far_apart=True)


def _one_digit_apart(a: int, b: int) -> bool:
    """Whether two four-digit years differ in exactly one digit (1957 ~ 1967)."""
    differing = 0
    for _ in range(4):
        differing += a % 10 != b % 10
        a, b = a // 10, b // 10
    return differing == 1


def _against_range(q: BirthDate, r: BirthDateRange) -> DateComparison:
    if r.earliest.year <= q.year <= r.latest.year:
        return DateComparison(0.5, 0.0, "within", q, r)
    years = min(abs(q.year - r.earliest.year), abs(q.year - r.latest.year))
    if years == 1:
        return DateComparison(0.1, 0.2, "year_outside", q, r, years)
    disagreement = 0.7 if years == 2 else 1.0
    return DateComparison(
        0.0, disagreement, "outside", q, r, years, far_apart=years >= FAR_APART_YEARS
    )
