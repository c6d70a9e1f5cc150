"""What an entitlement check is asked and what it answers.

The clearance pipeline builds an :class:`EntitlementQuery` from the document, the direction, the
port and what the traveller shows (visa, endorsement, onward ticket), and gets back an
:class:`EntitlementAssessment`: whether the traveller is entitled to cross on this basis, until
when they may stay, and which dated, cited table rows decided it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Crossing(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class Holder(StrEnum):
    """Who the traveller is for the rules: the same passport means different things to each."""

    MAINLAND_RESIDENT = "mainland_resident"  # PRC citizen living in the mainland
    HK_MACAO_RESIDENT = "hk_macao_resident"  # permanent resident of Hong Kong or Macao
    TAIWAN_RESIDENT = "taiwan_resident"
    FOREIGNER = "foreigner"


class Outcome(StrEnum):
    ENTITLED = "entitled"  # the rules allow the crossing on the basis named
    NOT_ENTITLED = "not_entitled"  # no rule allows it (an officer decides what follows)
    NEEDS_OFFICER = "needs_officer"  # the rules need a judgement a machine must not make


@dataclass(frozen=True, slots=True)
class Visa:
    """A visa or equivalent permission shown with the passport."""

    kind: str  # "visa", "port_visa", "residence_permit", "apec_card"
    category: str = ""  # e.g. "L", "M", "Z", "X1" for a Chinese visa
    valid_from: date | None = None
    valid_until: date | None = None
    entries_left: int | None = None  # None: multiple entries
    stay_days: int | None = None  # duration of each stay printed on the visa


@dataclass(frozen=True, slots=True)
class Endorsement:
    """An endorsement (签注) on a mainland resident's Hong Kong/Macao or Taiwan permit."""

    destination: str  # "HKG", "MAC" or "TWN"
    kind: str  # "G" individual tourism, "L" group, "T" relatives, "S" business, "D" stay, "Q"
    valid_from: date | None = None
    valid_until: date | None = None
    trips_left: int | None = None  # None: unlimited trips within validity
    stay_days: int | None = None  # days per trip


@dataclass(frozen=True, slots=True)
class Itinerary:
    arriving_from: str = ""  # alpha-3 country or region (HKG, MAC, TWN) of the previous leg
    onward_destination: str = ""  # the next country or region after this stay
    onward_departure: date | None = None  # date of the confirmed onward ticket
    transport: str = ""  # flight, vessel or vehicle reference


@dataclass(frozen=True, slots=True)
class EntitlementQuery:
    crossing: Crossing
    holder: Holder
    nationality: str  # ICAO alpha-3 of the document (CHN, HKG for an HKSAR passport, FRA, ...)
    document_kind: str  # a guomen.documents.chinese.DocumentKind value
    document_expires_on: date
    port_code: str
    on: date  # the day of the crossing, in the port's time zone
    visa: Visa | None = None
    endorsement: Endorsement | None = None
    itinerary: Itinerary | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """The published text a table row rests on."""

    title: str
    url: str
    published_on: date | None = None


@dataclass(frozen=True, slots=True)
class EntitlementAssessment:
    outcome: Outcome
    basis: str  # id of the rule that decided, e.g. "visa_free.unilateral" or "transit_240h"
    reason_codes: tuple[str, ...]  # e.g. ("ENT_VISA_FREE",) or ("ENT_ENDORSEMENT_EXPIRED",)
    explanations: tuple[str, ...]  # one English sentence per reason, for the officer
    permitted_until: date | None = None  # last day of the permitted stay, for an entry
    permitted_regions: tuple[str, ...] = ()  # e.g. provinces a 240-hour transit may visit
    consumes_trip: bool = False  # an endorsement trip is used up by this crossing
    sources: tuple[Source, ...] = field(default=())
    tables_version: str = ""  # version of the entitlement tables that were applied
    # Added with the tables (additive): the days per stay or trip the basis allows (None: no
    # limit, or as approved by the destination), and whether the entry uses up one entry of a
    # visa with a counted number of entries.
    stay_days: int | None = None
    consumes_entry: bool = False
