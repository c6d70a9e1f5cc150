from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from guomen.documents.chinese import (
    HK_MACAO_OFFERINGS,
    SOURCES,
    TAIWAN_OFFERINGS,
    Destination,
    DocumentKind,
    Endorsement,
    EndorsementError,
    ReasonCode,
    TravelPurpose,
    TripAllowance,
    check_stay,
    check_trip,
    find_offering,
    issue_endorsement,
    purpose_of,
    use_trip,
)

HK, MO, TW = Destination.HONG_KONG, Destination.MACAO, Destination.TAIWAN
P = TravelPurpose
R = ReasonCode


def _g_two_trips() -> Endorsement:
    """赴港个人旅游 G, 3 months, two trips, 7 days a stay, from 10 January 2025."""
    return issue_endorsement(HK, "G", TripAllowance.TWO, date(2025, 1, 10), months=3)


def test_issued_endorsement_has_the_offering_terms() -> None:
    e = _g_two_trips()
    assert (e.purpose, e.valid_from, e.valid_until) == (
        P.INDIVIDUAL_TOURISM,
        date(2025, 1, 10),
        date(2025, 4, 9),
    )
    assert (e.stay_days, e.trips_left, e.permit_kind) == (7, 2, DocumentKind.HK_MACAO_PERMIT)


@pytest.mark.parametrize(
    ("destination", "code", "purpose"),
    [
        (HK, "G", P.INDIVIDUAL_TOURISM),
        (MO, "L", P.GROUP_TOURISM),
        (HK, "T", P.FAMILY_VISIT),
        (HK, "S", P.BUSINESS),
        (MO, "D", P.STAY),
        (HK, "Q", P.OTHER),
        (TW, "D", P.SETTLEMENT),  # the same letter means settlement for Taiwan
        (TW, "F", P.BUSINESS),
        (TW, "Y", P.INVITED),
        (TW, "X", P.STUDY),
        (TW, "C", P.CREW),
        (TW, "S", None),  # no S endorsement for Taiwan
        (HK, "F", None),
    ],
)
def test_endorsement_codes_are_read_per_destination(
    destination: Destination, code: str, purpose: TravelPurpose | None
) -> None:
    assert purpose_of(destination, code) is purpose


@pytest.mark.parametrize(
    ("on", "purpose", "destination", "permit_expiry", "codes"),
    [
        (date(2025, 1, 10), P.INDIVIDUAL_TOURISM, HK, None, []),
        (date(2025, 4, 9), P.INDIVIDUAL_TOURISM, HK, None, []),
        (date(2025, 1, 9), P.INDIVIDUAL_TOURISM, HK, None, [R.ENDORSEMENT_NOT_YET_VALID]),
        (date(2025, 4, 10), P.INDIVIDUAL_TOURISM, HK, None, [R.ENDORSEMENT_EXPIRED]),
        (date(2025, 2, 1), P.BUSINESS, HK, None, [R.PURPOSE_MISMATCH]),
        (date(2025, 2, 1), P.GROUP_TOURISM, HK, None, [R.PURPOSE_MISMATCH]),
        (date(2025, 2, 1), P.INDIVIDUAL_TOURISM, MO, None, [R.WRONG_DESTINATION]),
        (date(2025, 2, 2), P.INDIVIDUAL_TOURISM, HK, date(2025, 2, 1), [R.PERMIT_EXPIRED]),
        (date(2025, 2, 1), P.INDIVIDUAL_TOURISM, HK, date(2025, 2, 1), []),
        (
            date(2025, 5, 1),
            P.BUSINESS,
            MO,
            None,
            [R.WRONG_DESTINATION, R.PURPOSE_MISMATCH, R.ENDORSEMENT_EXPIRED],
        ),
    ],
)
def test_check_trip_reports_every_failed_rule(
    on: date,
    purpose: TravelPurpose,
    destination: Destination,
    permit_expiry: date | None,
    codes: list[ReasonCode],
) -> None:
    decision = check_trip(
        _g_two_trips(), purpose=purpose, destination=destination, on=on, permit_expiry=permit_expiry
    )
    assert decision.allowed is (not codes)
    assert [reason.code for reason in decision.reasons] == codes
    assert all(reason.blocking for reason in decision.reasons)


def test_an_allowed_trip_says_until_when_the_holder_may_stay() -> None:
    decision = check_trip(
        _g_two_trips(), purpose=P.INDIVIDUAL_TOURISM, destination=HK, on=date(2025, 3, 1)
    )
    assert (decision.trips_left, decision.stay_until) == (1, date(2025, 3, 7))


def test_trips_are_counted_down_to_zero_and_then_refused() -> None:
    e = _g_two_trips()
    first = use_trip(e, purpose=P.INDIVIDUAL_TOURISM, destination=HK, on=date(2025, 1, 20))
    second = use_trip(
        first.endorsement, purpose=P.INDIVIDUAL_TOURISM, destination=HK, on=date(2025, 2, 20)
    )
    third = use_trip(
        second.endorsement, purpose=P.INDIVIDUAL_TOURISM, destination=HK, on=date(2025, 3, 20)
    )
    assert (first.decision.allowed, first.decision.trips_left, first.endorsement.trips_used) == (
        True,
        1,
        1,
    )
    assert (second.decision.allowed, second.decision.trips_left, second.endorsement.trips_left) == (
        True,
        0,
        0,
    )
    assert not third.decision.allowed
    assert [reason.code for reason in third.decision.reasons] == [R.NO_TRIPS_LEFT]
    assert third.endorsement == second.endorsement  # a refused trip changes nothing
    assert e.trips_used == 0  # the original is untouched (frozen)


def test_a_refused_trip_is_not_counted() -> None:
    e = _g_two_trips()
    outcome = use_trip(e, purpose=P.BUSINESS, destination=HK, on=date(2025, 1, 20))
    assert not outcome.decision.allowed
    assert outcome.endorsement is e


def test_multiple_entry_endorsements_never_run_out() -> None:
    e = issue_endorsement(HK, "G", TripAllowance.MULTIPLE, date(2025, 1, 1), months=12)
    for day in range(1, 29):
        outcome = use_trip(e, purpose=P.INDIVIDUAL_TOURISM, destination=HK, on=date(2025, 2, day))
        assert outcome.decision.allowed
        assert outcome.decision.trips_left is None
        e = outcome.endorsement
    assert e.trips_used == 28
    assert e.valid_until == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("second_trip", "allowed"),
    [
        (date(2025, 1, 12), False),  # Sunday of the same natural week
        (date(2025, 1, 13), True),  # next Monday
        (date(2025, 1, 6), False),  # the same day
    ],
)
def test_once_a_week_endorsements_allow_one_trip_per_natural_week(
    second_trip: date, allowed: bool
) -> None:
    e = issue_endorsement(MO, "G", TripAllowance.ONCE_PER_WEEK, date(2025, 1, 1), months=12)
    first = use_trip(e, purpose=P.INDIVIDUAL_TOURISM, destination=MO, on=date(2025, 1, 6))  # Monday
    assert first.decision.allowed
    second = check_trip(
        first.endorsement, purpose=P.INDIVIDUAL_TOURISM, destination=MO, on=second_trip
    )
    assert second.allowed is allowed
    assert [reason.code for reason in second.reasons] == ([] if allowed else [R.WEEKLY_TRIP_USED])


@pytest.mark.parametrize(
    ("code", "trips", "entered", "left", "ok"),
    [
        ("G", TripAllowance.ONE, date(2025, 3, 1), date(2025, 3, 7), True),
        ("G", TripAllowance.ONE, date(2025, 3, 1), date(2025, 3, 8), False),
        ("T", TripAllowance.ONE, date(2025, 3, 1), date(2025, 3, 14), True),
        ("T", TripAllowance.ONE, date(2025, 3, 1), date(2025, 3, 15), False),
        ("T", TripAllowance.MULTIPLE, date(2025, 3, 1), date(2025, 5, 29), True),
        ("Q", TripAllowance.TWO, date(2025, 3, 1), date(2025, 3, 15), False),
    ],
)
def test_stays_are_limited_to_the_endorsed_days(
    code: str, trips: TripAllowance, entered: date, left: date, ok: bool
) -> None:
    e = issue_endorsement(HK, code, trips, date(2025, 1, 1), months=3)
    check = check_stay(e, entered_on=entered, left_on=left)
    assert check.ok is ok
    assert [reason.code for reason in check.reasons] == ([] if ok else [R.STAY_EXCEEDED])


def test_stay_endorsements_have_case_by_case_terms() -> None:
    with pytest.raises(EndorsementError) as raised:
        issue_endorsement(HK, "D", TripAllowance.MULTIPLE, date(2025, 9, 1), months=None)
    assert raised.value.code == "endorsement_dates"
    e = issue_endorsement(
        HK,
        "D",
        TripAllowance.MULTIPLE,
        date(2025, 9, 1),
        months=None,
        valid_until=date(2027, 8, 31),
    )
    decision = check_trip(e, purpose=P.STAY, destination=HK, on=date(2026, 1, 5))
    assert decision.allowed
    assert (decision.trips_left, decision.stay_until) == (None, None)
    assert check_stay(e, entered_on=date(2026, 1, 5), left_on=date(2026, 12, 1)).ok


def test_taiwan_endorsements_leave_the_stay_to_the_entry_permit() -> None:
    e = issue_endorsement(TW, "L", TripAllowance.ONE, date(2025, 1, 1), months=6)
    assert (e.permit_kind, e.valid_until, e.stay_days) == (
        DocumentKind.TAIWAN_PERMIT,
        date(2025, 6, 30),
        None,
    )
    used = use_trip(e, purpose=P.GROUP_TOURISM, destination=TW, on=date(2025, 2, 1))
    assert used.decision.allowed and used.decision.stay_until is None
    again = check_trip(
        used.endorsement, purpose=P.GROUP_TOURISM, destination=TW, on=date(2025, 3, 1)
    )
    assert [reason.code for reason in again.reasons] == [R.NO_TRIPS_LEFT]


@pytest.mark.parametrize(
    ("destination", "code", "trips", "months", "error"),
    [
        (HK, "Z", TripAllowance.ONE, 3, "endorsement_code"),
        (TW, "S", TripAllowance.ONE, 6, "endorsement_code"),
        (HK, "G", TripAllowance.MULTIPLE, 3, "endorsement_not_offered"),
        (HK, "L", TripAllowance.MULTIPLE, 12, "endorsement_not_offered"),
        (TW, "G", TripAllowance.TWO, 6, "endorsement_not_offered"),
    ],
)
def test_only_offered_endorsements_can_be_issued(
    destination: Destination, code: str, trips: TripAllowance, months: int, error: str
) -> None:
    with pytest.raises(EndorsementError) as raised:
        issue_endorsement(destination, code, trips, date(2025, 1, 1), months=months)
    assert raised.value.code == error
    assert raised.value.status == 422


def test_endorsements_keep_their_invariants() -> None:
    e = _g_two_trips()
    with pytest.raises(EndorsementError):
        replace(e, trips_used=3)
    with pytest.raises(EndorsementError):
        replace(e, valid_until=date(2024, 1, 1))


def test_offerings_name_known_sources_and_unique_terms() -> None:
    for offerings in (HK_MACAO_OFFERINGS, TAIWAN_OFFERINGS):
        assert {offering.source for offering in offerings} <= set(SOURCES)
        terms = [(o.code, o.months, o.trips) for o in offerings]
        assert len(terms) == len(set(terms))
    assert find_offering(HK, "g", 12, TripAllowance.TWO) is not None
