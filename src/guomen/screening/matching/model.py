"""What the matcher compares and what it returns: queries, list entries, results.

All value objects are frozen; their invariants are checked on construction and broken input
raises :class:`~guomen.shared.errors.ValidationFailed` with a message a user can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from guomen.people.model import Sex
from guomen.shared.errors import ValidationFailed

MAX_NAME_CHARS = 500  # the longest name on the UN list has 324 characters
MAX_NAMES_PER_ENTRY = 200
MAX_NAMES_PER_QUERY = 10
MAX_VALUES = 50  # birth dates, nationalities, document numbers per record
MAX_DOCUMENT_CHARS = 40

_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")
_RANGE = re.compile(r"^\s*(\d{4}(?:[-/.]\d{1,2}){0,2})\s*(?:\.\.|–|—|~| to )\s*(\d{4}.*)$")


class ListType(StrEnum):
    """The values of ``guomen.screening.model.ListType``: either enum can key thresholds."""

    DENY_ENTRY = "deny_entry"
    DENY_EXIT = "deny_exit"
    WANTED = "wanted"
    WATCH = "watch"


class Decision(StrEnum):
    MATCH = "match"
    POSSIBLE = "possible"
    NONE = "none"


@dataclass(frozen=True, slots=True, order=True)
class BirthDate:
    """A birth date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1800 <= self.year <= 2200:
            raise ValidationFailed(f"birth year {self.year} is out of range (1800-2200)")
        if self.month is None and self.day is not None:
            raise ValidationFailed("a birth date with a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationFailed(f"birth month {self.month} is not 1-12")
        if self.day is not None and self.month is not None:
            try:
                date(self.year, self.month, self.day)
            except ValueError:
                raise ValidationFailed(
                    f"{self.year:04d}-{self.month:02d}-{self.day:02d} is not a calendar date"
                ) from None

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True)
class BirthDateRange:
    """ "Born between" — both ends inclusive, each end as precise as it is known."""

    earliest: BirthDate
    latest: BirthDate

    def __post_init__(self) -> None:
        if (self.latest.year, self.latest.month or 12) < (
            self.earliest.year,
            self.earliest.month or 1,
        ):
            raise ValidationFailed(f"birth date range {self} ends before it starts")

    def __str__(self) -> str:
        return f"{self.earliest}..{self.latest}"


BirthDateSpec = BirthDate | BirthDateRange


def parse_birth_date(text: str) -> BirthDateSpec:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (also ``/`` or ``.``) or a range ``A..B``."""
    if len(text) > 40:
        raise ValidationFailed("birth date is too long (at most 40 characters)")
    ranged = _RANGE.match(text)
    if ranged:
        return BirthDateRange(_parse_one(ranged.group(1)), _parse_one(ranged.group(2)))
    return _parse_one(text)


def _parse_one(text: str) -> BirthDate:
    found = _DATE.match(text)
    if not found:
        raise ValidationFailed(f"birth date {text.strip()!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = found.groups()
    return BirthDate(int(year), int(month) if month else None, int(day) if day else None)


def _check_names(names: tuple[str, ...], limit: int, what: str) -> None:
    if not names:
        raise ValidationFailed(f"{what} needs at least one name")
    if len(names) > limit:
        raise ValidationFailed(f"{what} has {len(names)} names; at most {limit} are allowed")
    for name in names:
        if not isinstance(name, str):
            raise ValidationFailed(f"{what}: every name must be text")
        if len(name) > MAX_NAME_CHARS:
            raise ValidationFailed(
                f"{what}: a name of {len(name)} characters is too long (at most {MAX_NAME_CHARS})"
            )


def _check_values(values: tuple[str, ...], what: str) -> None:
    if len(values) > MAX_VALUES:
        raise ValidationFailed(f"{what}: at most {MAX_VALUES} values are allowed")
    for value in values:
        if len(value) > MAX_DOCUMENT_CHARS:
            raise ValidationFailed(f"{what}: {value[:12]!r}… is too long")


@dataclass(frozen=True, slots=True)
class Query:
    """A person to screen, as read from a document or an application."""

    names: tuple[str, ...]
    birth_date: BirthDate | None = None
    nationality: str | None = None  # ICAO/ISO alpha-3 as printed in the MRZ
    document_number: str | None = None
    sex: Sex | None = None

    def __post_init__(self) -> None:
        _check_names(self.names, MAX_NAMES_PER_QUERY, "query")
        _check_values(tuple(v for v in (self.nationality, self.document_number) if v), "query")


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed person: several names (aliases, any script) and identifying details."""

    entry_id: str
    list_type: ListType
    names: tuple[str, ...]
    birth_dates: tuple[BirthDateSpec, ...] = ()
    sex: Sex | None = None
    nationalities: tuple[str, ...] = ()
    document_numbers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.entry_id or len(self.entry_id) > 100:
            raise ValidationFailed("entry_id must be 1-100 characters")
        _check_names(self.names, MAX_NAMES_PER_ENTRY, f"entry {self.entry_id}")
        if len(self.birth_dates) > MAX_VALUES:
            raise ValidationFailed(f"entry {self.entry_id}: too many birth dates")
        _check_values(self.nationalities, f"entry {self.entry_id} nationalities")
        _check_values(self.document_numbers, f"entry {self.entry_id} document numbers")


@dataclass(frozen=True, slots=True)
class FeatureResult:
    """One feature's verdict: a score in [0, 1], its weight and why."""

    name: str
    weight: float
    score: float
    explanation: str

    @property
    def contribution(self) -> float:
        return self.weight * self.score


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome of comparing one query with one entry; stored with every hit."""

    entry_id: str
    list_type: ListType
    score: float
    decision: Decision
    features: tuple[FeatureResult, ...]
    algorithm: str
    algorithm_version: str
    matched_name: str = ""
    explanations: tuple[str, ...] = field(default=())

    @property
    def explanation(self) -> str:
        """One line for a CSV cell or a hit list."""
        return "; ".join(self.explanations)
