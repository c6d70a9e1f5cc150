"""Endorsements (签注) on the 往来港澳通行证 and 往来台湾通行证, and the rules that decide a trip.

Pure functions: ``check_trip`` decides whether an endorsement permits a trip on a date and says
why; ``use_trip`` also counts the trip down (returning a new endorsement); ``check_stay`` tells
whether a stay kept to the days allowed. Assumptions ``stay_counting`` and ``trip_counting``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from guomen.documents.chinese.endorsement_types import (
    TravelPurpose,
    TripAllowance,
    find_offering,
    purpose_of,
)
from guomen.documents.chinese.kinds import Destination, DocumentKind
from guomen.documents.chinese.reasons import Reason, ReasonCode, error
from guomen.shared.errors import ValidationFailed


class EndorsementError(ValidationFailed):
    """An endorsement that cannot exist (unknown code, offering not issued, bad dates)."""


@dataclass(frozen=True, slots=True)
class Endorsement:
    """One endorsement. ``valid_until`` is the last day it can be used; ``stay_days`` the longest
    stay per trip (None: not limited by the endorsement)."""

    destination: Destination
    code: str
    purpose: TravelPurpose
    trips: TripAllowance
    valid_from: date
    valid_until: date
    stay_days: int | None
    trips_used: int = 0
    last_trip_on: date | None = None

    def __post_init__(self) -> None:
        if self.valid_until < self.valid_from:
            raise EndorsementError("valid_until is before valid_from", code="endorsement_dates")
        limit = self.trips.limit
        if self.trips_used < 0 or (limit is not None and self.trips_used > limit):
            raise EndorsementError(
                f"{self.trips_used} trips used of {self.trips}", code="endorsement_trips"
            )

    @property
    def permit_kind(self) -> DocumentKind:
        if self.destination is Destination.TAIWAN:
            return DocumentKind.TAIWAN_PERMIT
        return DocumentKind.HK_MACAO_PERMIT

    @property
    def trips_left(self) -> int | None:
        """Trips left over the validity; None when the count is not limited."""
        limit = self.trips.limit
        return None if limit is None else limit - self.trips_used


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def issue_endorsement(
    destination: Destination,
    code: str,
    trips: TripAllowance,
    valid_from: date,
    *,
    months: int | None,
    valid_until: date | None = None,
) -> Endorsement:
    """A new endorsement of a standard offering. ``months`` None is for offerings whose validity
    is set case by case (e.g. 逗留 D), which then need ``valid_until``."""
    purpose = purpose_of(destination, code)
    if purpose is None:
        raise EndorsementError(
            f"no endorsement {code!r} for {destination}", code="endorsement_code"
        )
    offering = find_offering(destination, code, months, trips)
    if offering is None:
        raise EndorsementError(
            f"{code} for {months} months, {trips} trips is not issued for {destination}",
            code="endorsement_not_offered",
        )
    if months is not None:
        valid_until = add_months(valid_from, months) - timedelta(days=1)
    elif valid_until is None:
        raise EndorsementError("this endorsement needs valid_until", code="endorsement_dates")
    return Endorsement(
        destination, offering.code, purpose, trips, valid_from, valid_until, offering.stay_days
    )


@dataclass(frozen=True, slots=True)
class TripDecision:
    """``trips_left`` counts after this trip when allowed, else as it stands."""

    allowed: bool
    reasons: tuple[Reason, ...]
    trips_left: int | None
    stay_until: date | None


def _same_week(first: date, second: date) -> bool:
    return first.isocalendar()[:2] == second.isocalendar()[:2]


def _trip_reasons(
    e: Endorsement,
    purpose: TravelPurpose,
    destination: Destination,
    on: date,
    permit_expiry: date | None,
) -> list[Reason]:
    reasons: list[Reason] = []
    if destination is not e.destination:
        reasons.append(error(ReasonCode.WRONG_DESTINATION, f"endorsed for {e.destination}"))
    if purpose is not e.purpose:
        reasons.append(error(ReasonCode.PURPOSE_MISMATCH, f"{e.code} permits {e.purpose}"))
    if on < e.valid_from:
        reasons.append(error(ReasonCode.ENDORSEMENT_NOT_YET_VALID, f"valid from {e.valid_from}"))
    if on > e.valid_until:
        reasons.append(error(ReasonCode.ENDORSEMENT_EXPIRED, f"expired after {e.valid_until}"))
    if permit_expiry is not None and on > permit_expiry:
        reasons.append(error(ReasonCode.PERMIT_EXPIRED, f"permit expired after {permit_expiry}"))
    left = e.trips_left
    if left is not None and left <= 0:
        reasons.append(error(ReasonCode.NO_TRIPS_LEFT, f"all {e.trips.limit} trips used"))
    weekly = e.trips is TripAllowance.ONCE_PER_WEEK
    if weekly and e.last_trip_on is not None and _same_week(e.last_trip_on, on):
        reasons.append(error(ReasonCode.WEEKLY_TRIP_USED, f"already used on {e.last_trip_on}"))
    return reasons


def check_trip(
    endorsement: Endorsement,
    *,
    purpose: TravelPurpose,
    destination: Destination,
    on: date,
    permit_expiry: date | None = None,
) -> TripDecision:
    """May the holder leave for ``destination`` on ``on`` for ``purpose``? Every failed rule is
    reported, not only the first."""
    reasons = tuple(_trip_reasons(endorsement, purpose, destination, on, permit_expiry))
    left = endorsement.trips_left
    if reasons:
        return TripDecision(False, reasons, left, None)
    stay_until = (
        None if endorsement.stay_days is None else on + timedelta(days=endorsement.stay_days - 1)
    )
    return TripDecision(True, (), None if left is None else left - 1, stay_until)


@dataclass(frozen=True, slots=True)
class TripOutcome:
    decision: TripDecision
    endorsement: Endorsement  # counted down when allowed, unchanged otherwise


def use_trip(
    endorsement: Endorsement,
    *,
    purpose: TravelPurpose,
    destination: Destination,
    on: date,
    permit_expiry: date | None = None,
) -> TripOutcome:
    """Decide the trip and, when allowed, count it (assumption trip_counting: on departure)."""
    decision = check_trip(
        endorsement, purpose=purpose, destination=destination, on=on, permit_expiry=permit_expiry
    )
    if not decision.allowed:
        return TripOutcome(decision, endorsement)
    used = replace(endorsement, trips_used=endorsement.trips_used + 1, last_trip_on=on)
    return TripOutcome(decision, used)


@dataclass(frozen=True, slots=True)
class StayCheck:
    ok: bool
    stay_until: date | None
    reasons: tuple[Reason, ...]


def check_stay(endorsement: Endorsement, *, entered_on: date, left_on: date) -> StayCheck:
    """Did a stay from ``entered_on`` to ``left_on`` keep within the endorsement's stay days?"""
    if endorsement.stay_days is None:
        return StayCheck(True, None, ())
    stay_until = entered_on + timedelta(days=endorsement.stay_days - 1)
    if left_on <= stay_until:
        return StayCheck(True, stay_until, ())
    days = (left_on - entered_on).days + 1
    message = f"stayed {days} days, {endorsement.code} allows {endorsement.stay_days}"
    return StayCheck(False, stay_until, (error(ReasonCode.STAY_EXCEEDED, message),))
