"""Reference entities. Codes are stable identifiers used across every capability."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PortType(StrEnum):
    AIR = "air"
    SEA = "sea"
    LAND = "land"
    RAIL = "rail"


@dataclass(frozen=True, slots=True)
class GeneralStation:
    """出入境边防检查总站: the regional headquarters above several stations."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Station:
    """出入境边防检查站: the inspection unit at one or more ports."""

    code: str
    name_zh: str
    name_en: str
    general_station: str


@dataclass(frozen=True, slots=True)
class Port:
    """口岸: a place where people cross, inspected by one station."""

    code: str
    name_zh: str
    name_en: str
    port_type: PortType
    station: str
    duty_region: str
    city_zh: str
    timezone: str = "Asia/Shanghai"
    iata: str | None = None


@dataclass(frozen=True, slots=True)
class Office:
    """出入境接待大厅: a document-service office where applicants are received."""

    code: str
    name_zh: str
    name_en: str
    city_zh: str
    province_zh: str
    address_zh: str


@dataclass(frozen=True, slots=True)
class Country:
    """A state, territory or ICAO document code as printed in MRZs (alpha-3, or 'D')."""

    code: str
    name_zh: str
    name_en: str
    icao_only: bool = False
