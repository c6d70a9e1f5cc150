"""Birth dates compared at the precision both sides know, with the typical recording errors.

Each comparison gives two numbers in [0, 1] — how strongly the dates agree and how strongly they
disagree — and a reason. The best of the entry's birth dates counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from guomen.screening.matching.model import BirthDate, BirthDateRange, BirthDateSpec

FAR_APART_YEARS = 10


@dataclass(frozen=True, slots=True)
class DateComparison:
    agreement: float
    disagreement: float
    reason: str
    far_apart: bool = False  # ten years or more, and not a one-digit slip (1957 ~ 1967)

    @property
    def net(self) -> float:
        return self.agreement - self.disagreement


UNKNOWN = DateComparison(0.0, 0.0, "no birth date to compare")


def compare_birth_dates(
    query: BirthDate | None, listed: tuple[BirthDateSpec, ...]
) -> DateComparison:
    if query is None or not listed:
        return UNKNOWN
    return max((_compare(query, spec) for spec in listed), key=lambda c: c.net)


def _compare(query: BirthDate, spec: BirthDateSpec) -> DateComparison:
    if isinstance(spec, BirthDateRange):
        return _against_range(query, spec)
    if query.day is not None and spec.day is not None:
        return _full_dates(query, spec)
    return _partial(query, spec)


def _full_dates(q: BirthDate, e: BirthDate) -> DateComparison:
    if q == e:
        return DateComparison(1.0, 0.0, f"same birth date {e}")
    if q.year == e.year and q.month == e.day and q.day == e.month:
        return DateComparison(0.7, 0.0, f"birth date {q} is {e} with day and month swapped")
    years = abs(q.year - e.year)
    if years == 1 and (q.month, q.day) == (e.month, e.day):
        return DateComparison(0.3, 0.2, f"birth dates {q} and {e}: same day, years one apart")
    if years == 0 and q.month == e.month:
        return DateComparison(0.3, 0.2, f"birth dates {q} and {e}: same month, day differs")
    if years == 0:
        return DateComparison(0.2, 0.3, f"birth dates {q} and {e}: same year only")
    return _years_apart(q, e, years)


def _partial(q: BirthDate, e: BirthDate) -> DateComparison:
    years = abs(q.year - e.year)
    precise_month = q.month is not None and e.month is not None
    if years == 0 and precise_month and q.month != e.month:
        return DateComparison(0.2, 0.3, f"birth dates {q} and {e}: same year, month differs")
    if years == 0:
        shared = "year and month" if precise_month else "year"
        return DateComparison(0.6, 0.0, f"same birth {shared} ({q} ~ {e})")
    if years == 1:
        return DateComparison(0.1, 0.2, f"birth years one apart ({q} ~ {e})")
    return _years_apart(q, e, years)


def _years_apart(q: BirthDate, e: BirthDate, years: int) -> DateComparison:
    disagreement = 0.4 if years == 1 else 0.7 if years == 2 else 1.0
    slip = sum(a != b for a, b in zip(f"{q.year:04d}", f"{e.year:04d}", strict=True)) == 1
    far = years >= FAR_APART_YEARS and not slip
    reason = f"birth dates {q} and {e} are {years} years apart"
    if years >= FAR_APART_YEARS and slip:
        reason += " (the years differ in one digit: perhaps a typing error)"
    return DateComparison(0.0, disagreement, reason, far_apart=far)


def _against_range(q: BirthDate, r: BirthDateRange) -> DateComparison:
    if r.earliest.year <= q.year <= r.latest.year:
        return DateComparison(0.5, 0.0, f"birth date {q} lies within {r}")
    years = min(abs(q.year - r.earliest.year), abs(q.year - r.latest.year))
    if years == 1:
        return DateComparison(0.1, 0.2, f"birth date {q} is one year outside {r}")
    disagreement = 0.7 if years == 2 else 1.0
    reason = f"birth date {q} is {years} years outside {r}"
    return DateComparison(0.0, disagreement, reason, far_apart=years >= FAR_APART_YEARS)
