"""Endorsement (签注) types and the standard offerings, as data.

The same letter means different things by destination (D is 逗留 "stay" for Hong Kong/Macao but
定居 "settlement" for Taiwan), so codes are looked up per destination. Sources:
``hkm_endorsements`` and ``nia_2024_multi_entry`` (Hong Kong/Macao), ``tw_endorsements``
(Taiwan); assumptions ``hkm_endorsement_offerings`` and ``tw_endorsement_stay``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from guomen.documents.chinese.kinds import Destination


class TravelPurpose(StrEnum):
    """What an endorsement permits, and what a traveller declares for a trip."""

    INDIVIDUAL_TOURISM = "individual_tourism"  # 个人旅游
    GROUP_TOURISM = "group_tourism"  # 团队旅游
    FAMILY_VISIT = "family_visit"  # 探亲
    BUSINESS = "business"  # 商务
    STAY = "stay"  # 逗留: study, work or training in Hong Kong/Macao
    OTHER = "other"  # 其他
    SETTLEMENT = "settlement"  # 定居 (Taiwan)
    INVITED = "invited"  # 应邀 (Taiwan)
    STUDY = "study"  # 学习 (Taiwan)
    CREW = "crew"  # 乘务 (Taiwan)
    RESIDENCE = "residence"  # 居留 (Taiwan)


class TripAllowance(StrEnum):
    ONE = "one"  # 一次
    TWO = "two"  # 二次
    MULTIPLE = "multiple"  # 多次 (一签多行)
    ONCE_PER_WEEK = "once_per_week"  # 一周一行: one trip in each natural week (Mon-Sun)

    @property
    def limit(self) -> int | None:
        """Trips over the whole validity; None when not limited by count."""
        return {"one": 1, "two": 2}.get(self.value)


_P = TravelPurpose
HK_MACAO_CODES: dict[str, TravelPurpose] = {
    "G": _P.INDIVIDUAL_TOURISM,
    "L": _P.GROUP_TOURISM,
    "T": _P.FAMILY_VISIT,
    "S": _P.BUSINESS,
    "D": _P.STAY,
    "Q": _P.OTHER,
}

TAIWAN_CODES: dict[str, TravelPurpose] = {
    "L": _P.GROUP_TOURISM,
    "G": _P.INDIVIDUAL_TOURISM,
    "T": _P.FAMILY_VISIT,
    "D": _P.SETTLEMENT,
    "Y": _P.INVITED,
    "F": _P.BUSINESS,
    "X": _P.STUDY,
    "C": _P.CREW,
    "Q": _P.OTHER,
    "J": _P.RESIDENCE,
}


def codes_for(destination: Destination) -> dict[str, TravelPurpose]:
    return TAIWAN_CODES if destination is Destination.TAIWAN else HK_MACAO_CODES


def purpose_of(destination: Destination, code: str) -> TravelPurpose | None:
    return codes_for(destination).get(code.strip().upper())


@dataclass(frozen=True, slots=True)
class Offering:
    """One endorsement the authorities issue: code, validity in months (None: as approved),
    trips, stay per trip in days (None: not limited by the endorsement)."""

    code: str
    months: int | None
    trips: TripAllowance
    stay_days: int | None
    source: str


def _offers(
    code: str, menu: tuple[tuple[int | None, TripAllowance], ...], stay: int | None, source: str
) -> tuple[Offering, ...]:
    return tuple(Offering(code, months, trips, stay, source) for months, trips in menu)


_ONE, _TWO, _MULTI, _WEEK = (
    TripAllowance.ONE,
    TripAllowance.TWO,
    TripAllowance.MULTIPLE,
    TripAllowance.ONCE_PER_WEEK,
)
_ONE_OR_TWO = ((3, _ONE), (3, _TWO), (12, _ONE), (12, _TWO))
_HKM = "hkm_endorsements"
_TW = "tw_endorsements"
_MULTI_YEARS = ((12, _MULTI), (24, _MULTI), (36, _MULTI))

HK_MACAO_OFFERINGS: tuple[Offering, ...] = (
    *_offers("G", _ONE_OR_TWO, 7, _HKM),
    *_offers("G", ((12, _MULTI), (12, _WEEK)), 7, "nia_2024_multi_entry"),
    *_offers("L", _ONE_OR_TWO, 7, _HKM),
    *_offers("T", ((3, _ONE),), 14, _HKM),
    *_offers("T", ((3, _MULTI), (12, _MULTI)), 90, _HKM),
    *_offers("S", ((3, _ONE), (3, _MULTI), (12, _MULTI)), 7, _HKM),
    *_offers("Q", _ONE_OR_TWO, 14, _HKM),
    *_offers("D", ((None, _MULTI),), None, _HKM),
)

TAIWAN_OFFERINGS: tuple[Offering, ...] = (
    *_offers("L", ((6, _ONE), (12, _MULTI)), None, _TW),
    *_offers("G", ((6, _ONE),), None, _TW),
    *_offers("T", ((6, _ONE), *_MULTI_YEARS), None, _TW),
    *_offers("D", ((6, _ONE),), None, _TW),
    *_offers("Y", ((6, _ONE), (6, _MULTI), *_MULTI_YEARS), None, _TW),
    *_offers("F", ((6, _ONE), (6, _MULTI), *_MULTI_YEARS), None, _TW),
    *_offers("X", ((None, _MULTI),), None, _TW),
    *_offers("C", _MULTI_YEARS, None, _TW),
    *_offers("Q", ((6, _ONE), (12, _MULTI)), None, _TW),
    *_offers("J", ((36, _MULTI),), None, _TW),
)


def offerings_for(destination: Destination) -> tuple[Offering, ...]:
    return TAIWAN_OFFERINGS if destination is Destination.TAIWAN else HK_MACAO_OFFERINGS


def find_offering(
    destination: Destination, code: str, months: int | None, trips: TripAllowance
) -> Offering | None:
    """The standard offering with this code, validity and trips, if the authorities issue it."""
    wanted = code.strip().upper()
    for offering in offerings_for(destination):
        if (offering.code, offering.months, offering.trips) == (wanted, months, trips):
            return offering
    return None
