"""Flow counts from the movements table (grouped in SQL) and stored rosters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, func, literal_column, select

from guomen.adapters.db.tables import movements
from guomen.adapters.db.tables_flows import flow_rosters
from guomen.clearance.model import Decision
from guomen.flows.hourly import HourCount
from guomen.flows.ports import StoredRoster
from guomen.flows.roster import Assignment, Roster, Shortfall, Skill
from guomen.shared.clock import as_utc

COUNTED = (Decision.CLEAR.value, Decision.REFER.value)  # refused travellers did not cross


class SqlFlowCountRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def _utc_hour(self) -> ColumnElement[str]:
        """The movement's UTC clock hour as text 'YYYY-MM-DD HH' on SQLite and PostgreSQL."""
        if self._conn.dialect.name == "postgresql":
            return func.to_char(
                literal_column("movements.occurred_at AT TIME ZONE 'UTC'"), "YYYY-MM-DD HH24"
            )
        return func.substr(movements.c.occurred_at, 1, 13)

    def hour_counts(
        self, port_codes: Sequence[str], since: datetime, until: datetime, tz: str
    ) -> list[HourCount]:
        """Counts per port, local hour, direction, traveller group and lane. Grouped by UTC hour
        in SQL and shifted to the local zone here (exact for zones a whole number of hours from
        UTC, such as Asia/Shanghai)."""
        if not port_codes:
            return []
        hour = self._utc_hour().label("utc_hour")
        m = movements.c
        q = (
            select(m.port_code, hour, m.direction, m.traveller_group, m.lane, func.count())
            .where(m.port_code.in_(list(port_codes)))
            .where(m.occurred_at >= since.astimezone(UTC))
            .where(m.occurred_at < until.astimezone(UTC))
            .where(m.decision.in_(COUNTED))
            .group_by(m.port_code, hour, m.direction, m.traveller_group, m.lane)
        )
        zone = ZoneInfo(tz)
        out = []
        for port, utc_hour, direction, group, lane, n in self._conn.execute(q):
            at = datetime.strptime(utc_hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
            local = at.astimezone(zone).replace(tzinfo=None)
            out.append(HourCount(port, local, direction, group, lane, int(n)))
        out.sort(key=lambda c: (c.port_code, c.local_hour, c.direction, c.traveller_group, c.lane))
        return out

    def recent(self, port_code: str, since: datetime) -> dict[tuple[str, str], int]:
        m = movements.c
        q = (
            select(m.direction, m.lane, func.count())
            .where(m.port_code == port_code)
            .where(m.occurred_at >= since.astimezone(UTC))
            .where(m.decision.in_(COUNTED))
            .group_by(m.direction, m.lane)
        )
        return {(d, lane): int(n) for d, lane, n in self._conn.execute(q)}


class SqlRosterRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def save(self, stored: StoredRoster) -> None:
        r = stored.roster
        self._conn.execute(
            flow_rosters.insert().values(
                id=stored.id,
                port_code=stored.port_code,
                start_day=r.start,
                end_day=stored.end,
                created_at=stored.created_at,
                created_by=stored.created_by,
                officers=stored.officers,
                status=r.status,
                payload=json.dumps(roster_payload(r), ensure_ascii=False),
            )
        )

    def covering(self, port_code: str, day: date) -> StoredRoster | None:
        t = flow_rosters.c
        q = (
            select(flow_rosters)
            .where(t.port_code == port_code, t.start_day <= day, t.end_day >= day)
            .order_by(t.created_at.desc(), t.id.desc())
            .limit(1)
        )
        row = self._conn.execute(q).first()
        if row is None:
            return None
        roster = roster_from_payload(json.loads(row.payload))
        return StoredRoster(
            row.id, row.port_code, as_utc(row.created_at), row.created_by, row.officers, roster
        )


def roster_payload(r: Roster) -> dict[str, Any]:
    return {
        "start": r.start.isoformat(),
        "days": r.days,
        "status": r.status,
        "assignments": [
            [a.officer, a.day.isoformat(), a.shift, a.skill.value] for a in r.assignments
        ],
        "shortfalls": [
            [s.day.isoformat(), s.hour, s.skill.value, s.needed, s.rostered, s.reason]
            for s in r.shortfalls
        ],
        "overtime_shifts": r.overtime_shifts,
        "shift_spread": r.shift_spread,
        "night_spread": r.night_spread,
        "solve_seconds": r.solve_seconds,
        "objective": r.objective,
    }


def roster_from_payload(p: dict[str, Any]) -> Roster:
    return Roster(
        date.fromisoformat(p["start"]),
        int(p["days"]),
        str(p["status"]),
        tuple(Assignment(o, date.fromisoformat(d), s, Skill(k)) for o, d, s, k in p["assignments"]),
        tuple(
            Shortfall(date.fromisoformat(d), int(h), Skill(k), int(n), int(r), str(why))
            for d, h, k, n, r, why in p["shortfalls"]
        ),
        int(p["overtime_shifts"]),
        int(p["shift_spread"]),
        int(p["night_spread"]),
        float(p["solve_seconds"]),
        float(p["objective"]),
    )
