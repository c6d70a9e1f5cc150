"""Reference data seeds: the YAML files under ``data/`` and the ISO 3166-1 table of pycountry.

Every loader checks what it reads and raises ``ValueError`` naming the file and the entry when
something is wrong, so a bad edit to the data fails loudly at start-up, not deep in a request.
Results are sorted by code.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any, TypeVar

import pycountry
import yaml

from guomen.reference.model import Country, GeneralStation, Office, Port, PortType, Station

STATIONS_FILE = "stations.yaml"
PORTS_FILE = "ports.yaml"
OFFICES_FILE = "offices.yaml"
ICAO_CODES_FILE = "icao_codes.yaml"

_CODE = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*")
_CODE_MAX = 32
_COUNTRY_CODE = re.compile(r"[A-Z]{1,3}")
_IATA = re.compile(r"[A-Z]{3}")
_TIMEZONE = re.compile(r"[A-Za-z_]+(/[A-Za-z0-9_+-]+)+")

# The Chinese names used for the three ISO 3166-1 entries that are part of China.
_CHINESE_NAME_OVERRIDES: dict[str, str] = {
    "HKG": "中国香港",
    "MAC": "中国澳门",
    "TWN": "中国台湾",
}
# Short English names; pycountry's official name for TWN is "Taiwan, Province of China".
_ENGLISH_NAME_OVERRIDES: dict[str, str] = {
    "HKG": "Hong Kong",
    "MAC": "Macao",
    "TWN": "Taiwan",
}

_Record = dict[str, Any]
_Item = TypeVar("_Item", GeneralStation, Station, Port, Office, Country)


def load_general_stations() -> list[GeneralStation]:
    """出入境边防检查总站 from stations.yaml."""
    records = _records(STATIONS_FILE, "general_stations")
    result = [
        GeneralStation(
            code=_code(r, STATIONS_FILE),
            name_zh=_text(r, "name_zh", STATIONS_FILE),
            name_en=_text(r, "name_en", STATIONS_FILE),
        )
        for r in _only_keys(records, {"code", "name_zh", "name_en"}, STATIONS_FILE)
    ]
    return _sorted_unique(result, STATIONS_FILE, "general station")


def load_stations() -> list[Station]:
    """出入境边防检查站 from stations.yaml; each must name an existing general station."""
    general = {g.code for g in load_general_stations()}
    keys = {"code", "name_zh", "name_en", "general_station"}
    result: list[Station] = []
    for r in _only_keys(_records(STATIONS_FILE, "stations"), keys, STATIONS_FILE):
        station = Station(
            code=_code(r, STATIONS_FILE),
            name_zh=_text(r, "name_zh", STATIONS_FILE),
            name_en=_text(r, "name_en", STATIONS_FILE),
            general_station=_text(r, "general_station", STATIONS_FILE),
        )
        if station.general_station not in general:
            raise ValueError(
                f"{STATIONS_FILE}: station {station.code} names general station "
                f"{station.general_station!r}, which is not listed under general_stations"
            )
        result.append(station)
    return _sorted_unique(result, STATIONS_FILE, "station")


def load_ports() -> list[Port]:
    """口岸 from ports.yaml; each must name an existing station."""
    stations = {s.code for s in load_stations()}
    keys = {"code", "name_zh", "name_en", "port_type", "station", "duty_region", "city_zh"}
    optional = {"timezone", "iata"}
    result: list[Port] = []
    for r in _only_keys(_records(PORTS_FILE, "ports"), keys | optional, PORTS_FILE, keys):
        port = _port(r)
        if port.station not in stations:
            raise ValueError(
                f"{PORTS_FILE}: port {port.code} names station {port.station!r}, "
                f"which is not listed in {STATIONS_FILE}"
            )
        result.append(port)
    return _sorted_unique(result, PORTS_FILE, "port")


def load_offices() -> list[Office]:
    """出入境接待大厅 from offices.yaml."""
    keys = {"code", "name_zh", "name_en", "city_zh", "province_zh", "address_zh"}
    result = [
        Office(
            code=_code(r, OFFICES_FILE),
            name_zh=_text(r, "name_zh", OFFICES_FILE),
            name_en=_text(r, "name_en", OFFICES_FILE),
            city_zh=_text(r, "city_zh", OFFICES_FILE),
            province_zh=_text(r, "province_zh", OFFICES_FILE),
            address_zh=_text(r, "address_zh", OFFICES_FILE),
        )
        for r in _only_keys(_records(OFFICES_FILE, "offices"), keys, OFFICES_FILE)
    ]
    return _sorted_unique(result, OFFICES_FILE, "office")


def load_countries() -> list[Country]:
    """Every ISO 3166-1 alpha-3 entry, then the ICAO-only codes of icao_codes.yaml.

    English names are pycountry's common name where it has one, else its name; Chinese names
    come from pycountry's own zh_CN catalogue, except for HKG, MAC and TWN (中国香港, 中国澳门,
    中国台湾).
    """
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    countries: dict[str, Country] = {}
    for entry in pycountry.countries:
        code = str(entry.alpha_3)
        iso_name = str(entry.name)
        name_en = _ENGLISH_NAME_OVERRIDES.get(code) or str(getattr(entry, "common_name", iso_name))
        name_zh = _CHINESE_NAME_OVERRIDES.get(code) or zh.gettext(iso_name)
        countries[code] = Country(code=code, name_zh=name_zh, name_en=name_en)
    for icao in _icao_only_countries():
        if icao.code in countries:
            raise ValueError(
                f"{ICAO_CODES_FILE}: {icao.code} is an ISO 3166-1 code; list only codes that "
                "ISO 3166-1 lacks"
            )
        countries[icao.code] = icao
    return [countries[code] for code in sorted(countries)]


def _icao_only_countries() -> list[Country]:
    keys = {"code", "name_zh", "name_en"}
    result: list[Country] = []
    for r in _only_keys(_records(ICAO_CODES_FILE, "codes"), keys, ICAO_CODES_FILE):
        code = _text(r, "code", ICAO_CODES_FILE)
        if not _COUNTRY_CODE.fullmatch(code):
            raise ValueError(f"{ICAO_CODES_FILE}: code {code!r} is not 1-3 uppercase letters")
        name_zh = _text(r, "name_zh", ICAO_CODES_FILE)
        name_en = _text(r, "name_en", ICAO_CODES_FILE)
        result.append(Country(code=code, name_zh=name_zh, name_en=name_en, icao_only=True))
    return _sorted_unique(result, ICAO_CODES_FILE, "code")


def _port(r: _Record) -> Port:
    code = _code(r, PORTS_FILE)
    raw_type = _text(r, "port_type", PORTS_FILE)
    try:
        port_type = PortType(raw_type)
    except ValueError:
        allowed = ", ".join(t.value for t in PortType)
        raise ValueError(
            f"{PORTS_FILE}: port {code} has port_type {raw_type!r}; expected one of {allowed}"
        ) from None
    timezone = _text(r, "timezone", PORTS_FILE) if "timezone" in r else "Asia/Shanghai"
    if not _TIMEZONE.fullmatch(timezone):
        raise ValueError(f"{PORTS_FILE}: port {code} has timezone {timezone!r}, not an IANA name")
    iata = _text(r, "iata", PORTS_FILE) if r.get("iata") is not None else None
    if port_type is PortType.AIR:
        if iata is None or not _IATA.fullmatch(iata):
            raise ValueError(f"{PORTS_FILE}: airport {code} needs a three-letter iata code")
        if code != iata:
            raise ValueError(f"{PORTS_FILE}: airport {code} must use its IATA code {iata}")
    elif iata is not None:
        raise ValueError(f"{PORTS_FILE}: port {code} is not an airport but has iata {iata!r}")
    return Port(
        code=code,
        name_zh=_text(r, "name_zh", PORTS_FILE),
        name_en=_text(r, "name_en", PORTS_FILE),
        port_type=port_type,
        station=_text(r, "station", PORTS_FILE),
        duty_region=_text(r, "duty_region", PORTS_FILE),
        city_zh=_text(r, "city_zh", PORTS_FILE),
        timezone=timezone,
        iata=iata,
    )


def _records(filename: str, key: str) -> list[_Record]:
    """The list of mappings stored under ``key`` in the data file ``filename``."""
    path = resources.files("guomen.reference") / "data" / filename
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{filename}: not valid YAML: {exc}") from exc
    items = document.get(key) if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ValueError(f"{filename}: expected a list under the top-level key {key!r}")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"{filename}: entry {index + 1} under {key!r} is not a mapping")
    return items


def _only_keys(
    records: list[_Record],
    allowed: set[str],
    filename: str,
    required: set[str] | None = None,
) -> list[_Record]:
    """Reject entries with unknown or missing fields (a typo must not pass as a default)."""
    needed = allowed if required is None else required
    for r in records:
        label = r.get("code", "(no code)")
        unknown = sorted(set(r) - allowed)
        if unknown:
            raise ValueError(f"{filename}: entry {label} has unknown fields {unknown}")
        missing = sorted(needed - set(r))
        if missing:
            raise ValueError(f"{filename}: entry {label} lacks fields {missing}")
    return records


def _text(r: _Record, key: str, filename: str) -> str:
    value = r.get(key)
    if not isinstance(value, str) or not value.strip():
        label = r.get("code", "(no code)")
        raise ValueError(f"{filename}: entry {label} needs a non-empty text {key!r}")
    return value.strip()


def _code(r: _Record, filename: str) -> str:
    code = _text(r, "code", filename)
    if len(code) > _CODE_MAX or not _CODE.fullmatch(code):
        raise ValueError(
            f"{filename}: code {code!r} must be uppercase ASCII letters, digits and single "
            f"hyphens, at most {_CODE_MAX} characters"
        )
    return code


def _sorted_unique(items: Iterable[_Item], filename: str, what: str) -> list[_Item]:
    by_code: dict[str, _Item] = {}
    for item in items:
        if item.code in by_code:
            raise ValueError(f"{filename}: {what} code {item.code} appears more than once")
        by_code[item.code] = item
    return [by_code[code] for code in sorted(by_code)]
