"""Entitlement answers against the cited rules in the packaged tables, one table of cases.

Day counting (manifest.yaml, source ``nia_stay_counting``): a stay of N days is counted from
00:00 of the day after entry, so its last day is the entry day + N; 240 hours end on entry + 10.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from guomen.entitlement import reasons
from guomen.entitlement.model import (
    Crossing,
    Endorsement,
    EntitlementQuery,
    Holder,
    Itinerary,
    Outcome,
    Visa,
)
from guomen.entitlement.rules import assess
from guomen.entitlement.tables import EntitlementTables, load_tables

FAR = date(2035, 1, 1)


@pytest.fixture(scope="module")
def tables() -> EntitlementTables:
    return load_tables()


def foreigner(nationality: str, on: date, port: str = "PEK", **kw: object) -> EntitlementQuery:
    return EntitlementQuery(
        crossing=Crossing.ENTRY,
        holder=Holder.FOREIGNER,
        nationality=nationality,
        document_kind="foreign_passport",
        document_expires_on=FAR,
        port_code=port,
        on=on,
        **kw,  # type: ignore[arg-type]
    )


def transit(
    nationality: str, on: date, port: str, frm: str, to: str, leave: date
) -> EntitlementQuery:
    return foreigner(nationality, on, port, itinerary=Itinerary(frm, to, leave, "XX123"))


def mainland_to(destination: str, on: date, e: Endorsement | None) -> EntitlementQuery:
    kind = "taiwan_permit" if destination == "TWN" else "hk_macao_permit"
    return EntitlementQuery(
        crossing=Crossing.EXIT,
        holder=Holder.MAINLAND_RESIDENT,
        nationality="CHN",
        document_kind=kind,
        document_expires_on=FAR,
        port_code="LUOHU",
        on=on,
        endorsement=e,
        itinerary=Itinerary(onward_destination=destination),
    )


def resident(holder: Holder, kind: str, crossing: Crossing = Crossing.ENTRY) -> EntitlementQuery:
    return EntitlementQuery(
        crossing=crossing,
        holder=holder,
        nationality="CHN",
        document_kind=kind,
        document_expires_on=FAR,
        port_code="LUOHU",
        on=date(2026, 11, 22),
    )


D = date
G_HKG = Endorsement("HKG", "G", D(2026, 1, 1), D(2026, 12, 31), trips_left=1)
USA = "USA"


@dataclass(frozen=True)
class Case:
    name: str
    query: EntitlementQuery
    outcome: Outcome
    codes: tuple[str, ...]
    until: date | None = None
    stay_days: int | None = None
    consumes_trip: bool = False
    regions: tuple[str, ...] = field(default=())  # some that must be among permitted_regions


CASES = [
    # ----- visa-free entry ---------------------------------------------------------------------
    Case(
        "France, unilateral 30 days (until on + 30)",
        foreigner("FRA", D(2026, 12, 1)),
        Outcome.ENTITLED,
        ("ENT_VISA_FREE_UNILATERAL",),
        until=D(2026, 12, 31),
        stay_days=30,
    ),
    Case(
        "Germany prints D in its MRZ",
        foreigner("D", D(2026, 3, 10)),
        Outcome.ENTITLED,
        ("ENT_VISA_FREE_UNILATERAL",),
        until=D(2026, 4, 9),
    ),
    Case(
        "Singapore, mutual agreement",
        foreigner("SGP", D(2026, 3, 1)),
        Outcome.ENTITLED,
        ("ENT_VISA_FREE_MUTUAL",),
        until=D(2026, 3, 31),
    ),
    Case(
        "Malaysia, last day of the unilateral policy",
        foreigner("MYS", D(2025, 7, 16)),
        Outcome.ENTITLED,
        ("ENT_VISA_FREE_UNILATERAL",),
        until=D(2025, 8, 15),
    ),
    Case(
        "Malaysia, first day of the mutual agreement",
        foreigner("MYS", D(2025, 7, 17)),
        Outcome.ENTITLED,
        ("ENT_VISA_FREE_MUTUAL",),
    ),
    Case(
        "Russia, last day of the trial",
        foreigner("RUS", D(2026, 9, 14)),
        Outcome.ENTITLED,
        ("ENT_VISA_FREE_UNILATERAL",),
        until=D(2026, 10, 14),
    ),
    Case(
        "Russia, the day after the trial ended: the rule does not apply",
        foreigner("RUS", D(2026, 9, 15)),
        Outcome.NOT_ENTITLED,
        ("ENT_VISA_REQUIRED",),
    ),
    Case(
        "Sweden, the day before its visa-free entry began",
        foreigner("SWE", D(2025, 11, 9)),
        Outcome.NOT_ENTITLED,
        ("ENT_VISA_REQUIRED",),
    ),
    Case(
        "France after the unilateral policy ends on 2026-12-31",
        foreigner("FRA", D(2027, 1, 1)),
        Outcome.NOT_ENTITLED,
        ("ENT_VISA_REQUIRED",),
    ),
    Case(
        "United States, no visa and no exemption",
        foreigner(USA, D(2026, 12, 1)),
        Outcome.NOT_ENTITLED,
        ("ENT_VISA_REQUIRED",),
    ),
    # ----- 240-hour transit ----------------------------------------------------------------------
    Case(
        "US citizen, Seoul - Shanghai Pudong - Tokyo within 240 hours",
        transit(USA, D(2026, 3, 1), "PVG", "KOR", "JPN", D(2026, 3, 11)),
        Outcome.ENTITLED,
        ("ENT_TRANSIT_240H",),
        until=D(2026, 3, 11),
        stay_days=10,
        regions=("上海市", "江苏省", "浙江省", "山西省:太原市,大同市"),
    ),
    Case(
        "Same traveller at Luohu, which is not a designated port",
        transit(USA, D(2026, 3, 1), "LUOHU", "KOR", "JPN", D(2026, 3, 5)),
        Outcome.NOT_ENTITLED,
        ("ENT_TRANSIT_PORT_NOT_DESIGNATED", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "Onward ticket back to the country of arrival",
        transit(USA, D(2026, 3, 1), "PEK", "KOR", "KOR", D(2026, 3, 5)),
        Outcome.NOT_ENTITLED,
        ("ENT_TRANSIT_ONWARD_NOT_THIRD", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "Onward departure after the 240 hours",
        transit(USA, D(2026, 3, 1), "PEK", "KOR", "JPN", D(2026, 3, 12)),
        Outcome.NOT_ENTITLED,
        ("ENT_TRANSIT_ONWARD_TOO_LATE", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "Hong Kong counts as a third region",
        transit("GBR", D(2026, 3, 1), "CAN", "GBR", "HKG", D(2026, 3, 3)),
        Outcome.ENTITLED,
        ("ENT_TRANSIT_240H",),
        until=D(2026, 3, 11),
    ),
    Case(
        "Nationality not on the transit list",
        transit("IND", D(2026, 3, 1), "PEK", "KOR", "JPN", D(2026, 3, 5)),
        Outcome.NOT_ENTITLED,
        ("ENT_TRANSIT_NATIONALITY_NOT_ELIGIBLE", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "West Kowloon the day before it was designated",
        transit(USA, D(2025, 11, 4), "WESTKOWLOON", "HKG", "JPN", D(2025, 11, 6)),
        Outcome.NOT_ENTITLED,
        ("ENT_TRANSIT_PORT_NOT_DESIGNATED", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "West Kowloon from its first designated day",
        transit(USA, D(2025, 11, 5), "WESTKOWLOON", "HKG", "JPN", D(2025, 11, 6)),
        Outcome.ENTITLED,
        ("ENT_TRANSIT_240H",),
        until=D(2025, 11, 15),
    ),
    Case(
        "Before 2024-12-17 there was no 240-hour transit",
        transit(USA, D(2024, 12, 16), "PVG", "KOR", "JPN", D(2024, 12, 18)),
        Outcome.NOT_ENTITLED,
        ("ENT_VISA_REQUIRED",),
    ),
    Case(
        "Transit without a dated onward ticket",
        foreigner(USA, D(2026, 3, 1), "PVG", itinerary=Itinerary("KOR", "JPN")),
        Outcome.NOT_ENTITLED,
        ("ENT_TRANSIT_NO_ONWARD_TICKET", "ENT_VISA_REQUIRED"),
    ),
    # ----- visas and what stands for them -----
    Case(
        "Valid single-entry L visa, 30 days per stay",
        foreigner(
            USA, D(2026, 5, 1), visa=Visa("visa", "L", D(2026, 1, 1), D(2026, 12, 31), 1, 30)
        ),
        Outcome.ENTITLED,
        ("ENT_VISA_VALID",),
        until=D(2026, 5, 31),
        stay_days=30,
    ),
    Case(
        "Expired visa, no exemption",
        foreigner(
            USA, D(2026, 5, 1), visa=Visa("visa", "L", D(2025, 1, 1), D(2025, 12, 31), 1, 30)
        ),
        Outcome.NOT_ENTITLED,
        ("ENT_VISA_EXPIRED", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "Visa with no entries left",
        foreigner(
            USA, D(2026, 5, 1), visa=Visa("visa", "M", D(2026, 1, 1), D(2026, 12, 31), 0, 30)
        ),
        Outcome.NOT_ENTITLED,
        ("ENT_VISA_NO_ENTRIES_LEFT", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "Expired visa but visa-free nationality",
        foreigner("ITA", D(2026, 5, 1), visa=Visa("visa", "L", D(2025, 1, 1), D(2025, 12, 31))),
        Outcome.ENTITLED,
        ("ENT_VISA_EXPIRED", "ENT_VISA_FREE_UNILATERAL"),
        until=D(2026, 5, 31),
    ),
    Case(
        "Residence permit: stay until it expires",
        foreigner(
            USA, D(2026, 5, 1), visa=Visa("residence_permit", "Z", D(2026, 1, 1), D(2027, 6, 30))
        ),
        Outcome.ENTITLED,
        ("ENT_RESIDENCE_PERMIT_VALID",),
        until=D(2027, 6, 30),
    ),
    Case(
        "Port visa goes to an officer",
        foreigner(USA, D(2026, 5, 1), visa=Visa("port_visa")),
        Outcome.NEEDS_OFFICER,
        ("ENT_PORT_VISA",),
    ),
    Case(
        "APEC card of a pre-clearing economy",
        foreigner("AUS", D(2027, 2, 1), visa=Visa("apec_card", "", D(2025, 1, 1), D(2029, 12, 31))),
        Outcome.ENTITLED,
        ("ENT_APEC_CARD_VALID",),
        until=D(2027, 4, 2),
        stay_days=60,
    ),
    Case(
        "APEC card of a transitional member does not replace a visa",
        foreigner(USA, D(2027, 2, 1), visa=Visa("apec_card", "", D(2025, 1, 1), D(2029, 12, 31))),
        Outcome.NOT_ENTITLED,
        ("ENT_PERMISSION_NOT_FOR_NATIONALITY", "ENT_VISA_REQUIRED"),
    ),
    Case(
        "An identity card is not a document to enter China with, even in transit",
        replace(
            transit(USA, D(2026, 3, 1), "PVG", "KOR", "JPN", D(2026, 3, 5)),
            document_kind="foreign_id_card",
        ),
        Outcome.NOT_ENTITLED,
        ("ENT_DOCUMENT_NOT_ACCEPTED",),
    ),
    Case(
        "Expired passport",
        replace(foreigner("FRA", D(2026, 6, 1)), document_expires_on=D(2026, 5, 31)),
        Outcome.NOT_ENTITLED,
        ("ENT_DOCUMENT_EXPIRED",),
    ),
    Case(
        "Foreigner leaving",
        replace(foreigner(USA, D(2026, 6, 1)), crossing=Crossing.EXIT),
        Outcome.ENTITLED,
        ("ENT_DOCUMENT_ENTITLES",),
    ),
    # ----- mainland residents -----
    Case(
        "Valid G endorsement for Hong Kong",
        mainland_to("HKG", D(2026, 11, 22), G_HKG),
        Outcome.ENTITLED,
        ("ENT_ENDORSEMENT_VALID",),
        stay_days=7,
        consumes_trip=True,
    ),
    Case(
        "Stay printed on the endorsement wins",
        mainland_to(
            "HKG", D(2026, 11, 22), replace(G_HKG, kind="S", stay_days=14, trips_left=None)
        ),
        Outcome.ENTITLED,
        ("ENT_ENDORSEMENT_VALID",),
        stay_days=14,
        consumes_trip=True,
    ),
    Case(
        "Expired endorsement",
        mainland_to("HKG", D(2027, 1, 2), G_HKG),
        Outcome.NOT_ENTITLED,
        ("ENT_ENDORSEMENT_EXPIRED",),
    ),
    Case(
        "No trips left",
        mainland_to("MAC", D(2026, 11, 22), replace(G_HKG, destination="MAC", trips_left=0)),
        Outcome.NOT_ENTITLED,
        ("ENT_ENDORSEMENT_NO_TRIPS_LEFT",),
    ),
    Case(
        "Expired and used up: both reasons",
        mainland_to("HKG", D(2027, 1, 2), replace(G_HKG, trips_left=0)),
        Outcome.NOT_ENTITLED,
        ("ENT_ENDORSEMENT_EXPIRED", "ENT_ENDORSEMENT_NO_TRIPS_LEFT"),
    ),
    Case(
        "Endorsement for Macao, going to Hong Kong",
        mainland_to("HKG", D(2026, 11, 22), replace(G_HKG, destination="MAC")),
        Outcome.NOT_ENTITLED,
        ("ENT_ENDORSEMENT_WRONG_DESTINATION",),
    ),
    Case(
        "Permit without endorsement",
        mainland_to("HKG", D(2026, 11, 22), None),
        Outcome.NOT_ENTITLED,
        ("ENT_ENDORSEMENT_MISSING",),
    ),
    Case(
        "Individual travel to Taiwan, suspended since 2019-08-01",
        mainland_to(
            "TWN", D(2026, 11, 22), Endorsement("TWN", "G", D(2026, 1, 1), D(2026, 12, 31), 1)
        ),
        Outcome.NOT_ENTITLED,
        ("ENT_ENDORSEMENT_KIND_NOT_IN_FORCE",),
    ),
    Case(
        "Individual travel to Taiwan before the suspension",
        mainland_to(
            "TWN", D(2019, 7, 31), Endorsement("TWN", "G", D(2019, 1, 1), D(2019, 12, 31), 1)
        ),
        Outcome.ENTITLED,
        ("ENT_ENDORSEMENT_VALID",),
        stay_days=15,
        consumes_trip=True,
    ),
    Case(
        "Mainland resident returning with the permit needs no endorsement",
        replace(mainland_to("HKG", D(2026, 11, 22), None), crossing=Crossing.ENTRY),
        Outcome.ENTITLED,
        ("ENT_DOCUMENT_ENTITLES",),
    ),
    Case(
        "Mainland resident leaving with an ordinary passport",
        replace(
            resident(Holder.MAINLAND_RESIDENT, "ordinary_passport", Crossing.EXIT), port_code="PEK"
        ),
        Outcome.ENTITLED,
        ("ENT_DOCUMENT_ENTITLES",),
    ),
    # ----- Hong Kong, Macao and Taiwan residents -----
    Case(
        "Hong Kong resident with the Home Return Permit: no stay limit",
        resident(Holder.HK_MACAO_RESIDENT, "mainland_travel_permit_hkm"),
        Outcome.ENTITLED,
        ("ENT_DOCUMENT_ENTITLES",),
    ),
    Case(
        "Hong Kong resident with an HKSAR passport cannot enter the mainland on it",
        resident(Holder.HK_MACAO_RESIDENT, "hksar_passport"),
        Outcome.NOT_ENTITLED,
        ("ENT_DOCUMENT_NOT_ACCEPTED",),
    ),
    Case(
        "Taiwan resident with the Taiwan compatriot permit",
        resident(Holder.TAIWAN_RESIDENT, "mainland_travel_permit_tw"),
        Outcome.ENTITLED,
        ("ENT_DOCUMENT_ENTITLES",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_entitlement_matches_the_cited_rule(tables: EntitlementTables, case: Case) -> None:
    answer = assess(tables, case.query)
    assert (answer.outcome, answer.reason_codes) == (case.outcome, case.codes)
    if case.until is not None:
        assert answer.permitted_until == case.until
    if case.stay_days is not None:
        assert answer.stay_days == case.stay_days
    assert answer.consumes_trip is case.consumes_trip
    assert set(case.regions) <= set(answer.permitted_regions)
    assert answer.tables_version == tables.version
    assert len(answer.explanations) == len(answer.reason_codes)


def test_entitled_answers_cite_their_sources(tables: EntitlementTables) -> None:
    for case in CASES:
        answer = assess(tables, case.query)
        if answer.outcome is Outcome.ENTITLED:
            assert answer.sources, case.name
            titles = {s.title for s in answer.sources}
            assert any(t in answer.explanations[-1] for t in titles), case.name


def test_transit_regions_only_for_transit(tables: EntitlementTables) -> None:
    visa_free = assess(tables, foreigner("FRA", D(2026, 3, 1)))
    passing = assess(tables, transit(USA, D(2026, 3, 1), "PVG", "KOR", "JPN", D(2026, 3, 5)))
    assert visa_free.permitted_regions == ()
    assert len(passing.permitted_regions) == 24


def test_home_return_permit_has_no_stay_limit(tables: EntitlementTables) -> None:
    answer = assess(tables, resident(Holder.HK_MACAO_RESIDENT, "mainland_travel_permit_hkm"))
    assert answer.permitted_until is None
    assert answer.stay_days is None


def test_reason_codes_are_stable_upper_snake_with_english_text() -> None:
    codes = {v for k, v in vars(reasons).items() if k.isupper() and isinstance(v, str)}
    assert codes == set(reasons.TEXTS)
    assert all(re.fullmatch(r"ENT_[A-Z0-9_]+", c) for c in codes)
