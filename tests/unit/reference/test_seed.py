"""The reference data seeds: integrity of the shipped YAML and the checks that guard it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from guomen.reference import seed
from guomen.reference.model import PortType
from guomen.reference.seed import (
    load_countries,
    load_general_stations,
    load_offices,
    load_ports,
    load_stations,
)


def test_every_port_is_inspected_by_a_listed_station() -> None:
    stations = {s.code for s in load_stations()}
    assert all(p.station in stations for p in load_ports())


def test_every_station_belongs_to_a_listed_general_station() -> None:
    general = {g.code for g in load_general_stations()}
    assert all(s.general_station in general for s in load_stations())


def test_every_station_has_a_port_and_every_general_station_a_station() -> None:
    with_ports = {p.station for p in load_ports()}
    stations = load_stations()
    assert [s.code for s in stations if s.code not in with_ports] == []
    with_stations = {s.general_station for s in stations}
    assert [g.code for g in load_general_stations() if g.code not in with_stations] == []


@pytest.mark.parametrize(
    "loader",
    [load_general_stations, load_stations, load_ports, load_offices, load_countries],
)
def test_codes_are_unique_and_sorted(loader: Callable[[], list[Any]]) -> None:
    codes = [item.code for item in loader()]
    assert codes
    assert codes == sorted(set(codes))


def test_codes_are_short_uppercase_ascii() -> None:
    pattern = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*")
    groups: list[list[Any]] = [
        load_general_stations(),
        load_stations(),
        load_ports(),
        load_offices(),
    ]
    for items in groups:
        for item in items:
            assert pattern.fullmatch(item.code), item.code
            assert len(item.code) <= 32, item.code


def test_hong_kong_and_macao_land_crossings_are_present() -> None:
    land = {p.name_zh: p for p in load_ports() if p.port_type is PortType.LAND}
    for name in ("罗湖口岸", "皇岗口岸", "拱北口岸", "港珠澳大桥珠海公路口岸"):
        assert name in land, name
    assert land["罗湖口岸"].station == "ST-LUOHU"


def test_west_kowloon_rail_port_is_inspected_from_shenzhen() -> None:
    ports = {p.code: p for p in load_ports()}
    stations = {s.code: s for s in load_stations()}
    west_kowloon = ports["WESTKOWLOON"]
    assert west_kowloon.port_type is PortType.RAIL
    assert stations[west_kowloon.station].general_station == "GS-SZ"


def test_ports_cover_all_four_port_types() -> None:
    assert {p.port_type for p in load_ports()} == set(PortType)


def test_airports_use_their_iata_code_and_other_ports_have_none() -> None:
    for port in load_ports():
        if port.port_type is PortType.AIR:
            assert port.iata == port.code
        else:
            assert port.iata is None, port.code


def test_every_port_keeps_beijing_time() -> None:
    assert {p.timezone for p in load_ports()} == {"Asia/Shanghai"}


def test_text_fits_the_database_columns() -> None:
    ports, offices, countries = load_ports(), load_offices(), load_countries()
    assert max(len(p.name_zh) for p in ports) <= 128
    assert max(len(p.name_en) for p in ports) <= 256
    assert max(len(p.duty_region) for p in ports) <= 64
    assert max(len(p.city_zh) for p in ports) <= 64
    assert max(len(o.city_zh) for o in offices) <= 64
    assert max(len(o.province_zh) for o in offices) <= 64
    assert max(len(o.address_zh) for o in offices) <= 256
    assert max(len(c.name_zh) for c in countries) <= 128
    assert max(len(c.name_en) for c in countries) <= 256


def test_chinese_names_of_china_and_its_special_regions() -> None:
    countries = {c.code: c for c in load_countries()}
    assert countries["CHN"].name_zh == "中国"
    assert countries["HKG"].name_zh == "中国香港"
    assert countries["MAC"].name_zh == "中国澳门"
    assert countries["TWN"].name_zh == "中国台湾"
    assert countries["TWN"].name_en == "Taiwan"
    assert not countries["HKG"].icao_only


def test_icao_only_codes_are_marked() -> None:
    countries = {c.code: c for c in load_countries()}
    assert countries["D"].icao_only
    assert countries["D"].name_zh == "德国"
    assert countries["UTO"].icao_only
    assert countries["XXA"].icao_only
    assert not countries["DEU"].icao_only


def test_country_codes_are_one_to_three_uppercase_letters() -> None:
    countries = load_countries()
    assert len(countries) > 249
    assert all(re.fullmatch(r"[A-Z]{1,3}", c.code) for c in countries)
    assert all(c.name_zh and c.name_en for c in countries)


# --- The checks: bad data fails with a message that names the entry ---------------------------

_GENERAL = [{"code": "GS-SZ", "name_zh": "深圳总站", "name_en": "Shenzhen"}]
_STATIONS = [
    {"code": "ST-LUOHU", "name_zh": "罗湖边检站", "name_en": "Luohu", "general_station": "GS-SZ"}
]
_PORT = {
    "code": "LUOHU",
    "name_zh": "罗湖口岸",
    "name_en": "Luohu Port",
    "port_type": "land",
    "station": "ST-LUOHU",
    "duty_region": "粤港澳大湾区",
    "city_zh": "深圳市",
}


def _fake_data(monkeypatch: pytest.MonkeyPatch, data: dict[tuple[str, str], list[Any]]) -> None:
    base: dict[tuple[str, str], list[Any]] = {
        (seed.STATIONS_FILE, "general_stations"): _GENERAL,
        (seed.STATIONS_FILE, "stations"): _STATIONS,
        (seed.PORTS_FILE, "ports"): [_PORT],
        (seed.ICAO_CODES_FILE, "codes"): [],
    }
    base.update(data)
    monkeypatch.setattr(seed, "_records", lambda filename, key: base[(filename, key)])


def test_a_port_naming_an_unknown_station_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_data(monkeypatch, {(seed.PORTS_FILE, "ports"): [{**_PORT, "station": "ST-NOWHERE"}]})
    with pytest.raises(ValueError, match=r"port LUOHU names station 'ST-NOWHERE'"):
        load_ports()


def test_a_station_naming_an_unknown_general_station_is_rejected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = [{**_STATIONS[0], "general_station": "GS-XX"}]
    _fake_data(monkeypatch, {(seed.STATIONS_FILE, "stations"): bad})
    with pytest.raises(ValueError, match=r"station ST-LUOHU names general station 'GS-XX'"):
        load_stations()


def test_a_duplicate_code_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_data(monkeypatch, {(seed.PORTS_FILE, "ports"): [_PORT, _PORT]})
    with pytest.raises(ValueError, match="port code LUOHU appears more than once"):
        load_ports()


def test_an_unknown_port_type_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_data(monkeypatch, {(seed.PORTS_FILE, "ports"): [{**_PORT, "port_type": "river"}]})
    with pytest.raises(ValueError, match="port_type 'river'; expected one of air, sea, land, rail"):
        load_ports()


def test_a_misspelt_field_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    port = {**_PORT, "stations": "ST-LUOHU"}
    _fake_data(monkeypatch, {(seed.PORTS_FILE, "ports"): [port]})
    with pytest.raises(ValueError, match=r"entry LUOHU has unknown fields \['stations'\]"):
        load_ports()


def test_an_airport_without_its_iata_code_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    airport = {**_PORT, "code": "SZX", "port_type": "air"}
    _fake_data(monkeypatch, {(seed.PORTS_FILE, "ports"): [airport]})
    with pytest.raises(ValueError, match="airport SZX needs a three-letter iata code"):
        load_ports()


def test_an_iso_code_in_the_icao_file_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    chn = {"code": "CHN", "name_zh": "中国", "name_en": "China"}
    _fake_data(monkeypatch, {(seed.ICAO_CODES_FILE, "codes"): [chn]})
    with pytest.raises(ValueError, match="CHN is an ISO 3166-1 code"):
        load_countries()
