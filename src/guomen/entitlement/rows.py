"""The rows of the entitlement tables, as loaded from the YAML files under ``data/``.

Every row carries a :class:`RowInfo`: the period it applies (both ends inclusive, ``None`` for an
open end), the ids of the sources it rests on, whether its facts were verified, and where it was
read from (file and position), so that errors and the officer's explanation can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from guomen.entitlement.model import Crossing, Holder, Source


class StayCounting(StrEnum):
    """How a stay of N days is counted."""

    FROM_NEXT_DAY = "from_next_day"  # the day of entry is free: the stay ends on entry + N days
    FROM_ENTRY_DAY = "from_entry_day"  # the day of entry is day 1: the stay ends on entry + N - 1

    def last_day(self, entry: date, days: int) -> date:
        offset = days if self is StayCounting.FROM_NEXT_DAY else days - 1
        return entry + timedelta(days=max(offset, 0))


class Scheme(StrEnum):
    MUTUAL = "mutual"
    UNILATERAL = "unilateral"


@dataclass(frozen=True, slots=True)
class Window:
    effective_from: date
    effective_until: date | None = None

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )

    def overlaps(self, other: Window) -> bool:
        ends_first = (
            self.effective_until is not None and self.effective_until < other.effective_from
        )
        starts_after = (
            other.effective_until is not None and other.effective_until < self.effective_from
        )
        return not (ends_first or starts_after)

    def __str__(self) -> str:
        until = self.effective_until.isoformat() if self.effective_until else "open"
        return f"{self.effective_from.isoformat()}..{until}"


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: str
    title: str
    url: str
    published_on: date | None
    verified: bool
    note: str = ""
    seen_at: str = ""

    def to_source(self) -> Source:
        return Source(title=self.title, url=self.url, published_on=self.published_on)


@dataclass(frozen=True, slots=True)
class RowInfo:
    window: Window
    sources: tuple[str, ...]
    verified: bool | None  # None: verified when every source it cites is
    note: str = ""
    where: str = ""  # "visa_free.yaml rows[3]"

    def covers(self, day: date) -> bool:
        return self.window.covers(day)


@dataclass(frozen=True, slots=True)
class VisaFreeRow:
    id: str
    nationality: str
    scheme: Scheme
    stay_days: int
    document_kinds: tuple[str, ...]
    info: RowInfo


@dataclass(frozen=True, slots=True)
class TransitPolicyRow:
    id: str
    hours: int
    info: RowInfo


@dataclass(frozen=True, slots=True)
class TransitNationalityRow:
    nationality: str
    info: RowInfo


@dataclass(frozen=True, slots=True)
class TransitPortRow:
    port_code: str | None  # Guomen port code; None when Guomen does not list the port yet
    name_zh: str
    province_zh: str
    info: RowInfo


@dataclass(frozen=True, slots=True)
class TransitRegionRow:
    province_zh: str
    areas_zh: tuple[str, ...]  # empty: the whole province
    info: RowInfo

    def label(self) -> str:
        return (
            self.province_zh
            if not self.areas_zh
            else f"{self.province_zh}:{','.join(self.areas_zh)}"
        )


@dataclass(frozen=True, slots=True)
class EndorsementRow:
    destination: str
    kind: str
    name_zh: str
    name_en: str
    stay_days: int | None  # None: as approved by the destination's authorities
    info: RowInfo


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    holder: Holder
    crossings: tuple[Crossing, ...]
    document_kinds: tuple[str, ...]
    destinations: tuple[str, ...]
    endorsement_required: bool
    stay_limit_days: int | None
    info: RowInfo


@dataclass(frozen=True, slots=True)
class RequirementRow:
    nationality: str  # "*": every nationality without a row of its own
    document_kinds: tuple[str, ...]
    visa_required: bool
    stay_days: int | None
    info: RowInfo


@dataclass(frozen=True, slots=True)
class PermissionRow:
    id: str
    visa_kind: str
    needs_officer: bool
    stay_days: int | None
    nationalities: tuple[str, ...]  # empty: every nationality
    info: RowInfo
