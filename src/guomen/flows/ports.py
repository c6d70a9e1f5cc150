"""What the flows use cases need from outside: a daily forecaster (statsforecast in production,
a simple fake in tests), movement counts, a roster store, reference ports and the audit trail."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from guomen.audit.model import AuditEvent
from guomen.flows.hourly import HourCount
from guomen.flows.roster import Roster
from guomen.flows.series import DailySeries, SeriesForecast
from guomen.reference.model import Port

Forecaster = Callable[[DailySeries, int], SeriesForecast]
"""Forecast `horizon` days after the series ends, with lo90/hi90 bounds."""


@dataclass(frozen=True, slots=True)
class StoredRoster:
    id: str
    port_code: str
    created_at: datetime
    created_by: str
    officers: int
    roster: Roster

    @property
    def end(self) -> date:
        from datetime import timedelta

        return self.roster.start + timedelta(days=self.roster.days - 1)


class FlowCountRepository(Protocol):
    """Movements counted per local hour (the adapter groups in SQL)."""

    def hour_counts(
        self, port_codes: Sequence[str], since: datetime, until: datetime, tz: str
    ) -> list[HourCount]: ...

    def recent(self, port_code: str, since: datetime) -> dict[tuple[str, str], int]:
        """Movements since `since` per (direction, lane)."""
        ...


class RosterStore(Protocol):
    def save(self, roster: StoredRoster) -> None: ...

    def covering(self, port_code: str, day: date) -> StoredRoster | None:
        """The newest roster of a port that covers `day`."""
        ...


class AuditTrail(Protocol):
    def append(self, event: AuditEvent, at: datetime) -> object: ...


class PortDirectory(Protocol):
    def ports(self) -> list[Port]: ...


class FlowsUnitOfWork(Protocol):
    @property
    def flow_counts(self) -> FlowCountRepository: ...
    @property
    def rosters(self) -> RosterStore: ...
    @property
    def reference(self) -> PortDirectory: ...
    @property
    def audit(self) -> AuditTrail: ...
    def commit(self) -> None: ...
