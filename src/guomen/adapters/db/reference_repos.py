"""Reference data in SQL: ports, stations, offices, countries."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, select

from guomen.adapters.db.tables import countries, general_stations, offices, ports, stations
from guomen.identity.policy import Geography
from guomen.reference.model import Country, GeneralStation, Office, Port, PortType, Station


class SqlReferenceRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def is_empty(self) -> bool:
        return self._conn.execute(select(ports.c.code).limit(1)).first() is None

    def replace_all(
        self,
        general: list[GeneralStation],
        station_list: list[Station],
        port_list: list[Port],
        office_list: list[Office],
        country_list: list[Country],
    ) -> None:
        """Upsert every row (reference data is small); rows that vanished are kept."""
        for table, items in (
            (general_stations, general),
            (stations, station_list),
            (ports, port_list),
            (offices, office_list),
            (countries, country_list),
        ):
            existing = {r[0] for r in self._conn.execute(select(table.c[_pk(table)]))}
            for item in items:
                values = _values(item)
                key = values[_pk(table)]
                if key in existing:
                    self._conn.execute(
                        table.update().where(table.c[_pk(table)] == key).values(**values)
                    )
                else:
                    self._conn.execute(table.insert().values(**values))

    def ports(self) -> list[Port]:
        rows = self._conn.execute(select(ports).order_by(ports.c.code))
        return [
            Port(
                code=r.code,
                name_zh=r.name_zh,
                name_en=r.name_en,
                port_type=PortType(r.port_type),
                station=r.station,
                duty_region=r.duty_region,
                city_zh=r.city_zh,
                timezone=r.timezone,
                iata=r.iata,
            )
            for r in rows
        ]

    def stations(self) -> list[Station]:
        rows = self._conn.execute(select(stations).order_by(stations.c.code))
        return [Station(r.code, r.name_zh, r.name_en, r.general_station) for r in rows]

    def general_stations(self) -> list[GeneralStation]:
        rows = self._conn.execute(select(general_stations).order_by(general_stations.c.code))
        return [GeneralStation(r.code, r.name_zh, r.name_en) for r in rows]

    def offices(self) -> list[Office]:
        rows = self._conn.execute(select(offices).order_by(offices.c.code))
        return [
            Office(r.code, r.name_zh, r.name_en, r.city_zh, r.province_zh, r.address_zh)
            for r in rows
        ]

    def countries(self) -> list[Country]:
        rows = self._conn.execute(select(countries).order_by(countries.c.code))
        return [Country(r.code, r.name_zh, r.name_en, r.icao_only) for r in rows]

    def geography(self) -> Geography:
        return Geography(
            station_of_port={p.code: p.station for p in self.ports()},
            general_station_of_station={s.code: s.general_station for s in self.stations()},
        )


def _pk(table: Any) -> str:
    return str(next(iter(table.primary_key.columns)).name)


def _values(item: Any) -> dict[str, Any]:
    values = asdict(item)
    if "port_type" in values:
        values["port_type"] = str(values["port_type"])
    return values
