"""Flow entities and value objects (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Direction(StrEnum):
    ARRIVAL = "Arrival"
    DEPARTURE = "Departure"


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class FlowIssue:
    """A problem found in flow data; errors stop an import, warnings are reported."""

    severity: Severity
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.describe()}"

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.message}"


@dataclass(frozen=True, slots=True)
class DailyFlow:
    """Travellers on one day at one control point in one direction, by traveller group."""

    day: date
    control_point: str
    direction: Direction
    residents: int
    mainland_visitors: int
    other_visitors: int
    total: int

    @property
    def series_id(self) -> str:
        return series_id(self.control_point, self.direction)


def series_id(control_point: str, direction: Direction) -> str:
    return f"{control_point}|{direction.value}"


def split_series_id(sid: str) -> tuple[str, Direction]:
    point, _, direction = sid.rpartition("|")
    return point, Direction(direction)


@dataclass(frozen=True, slots=True)
class HourlyLoad:
    """Arrivals and open booths at one terminal in one clock hour (e.g. a CBP row)."""

    airport: str
    terminal: str
    day: date
    hour: int
    passengers: int
    booths: int
    avg_wait: float | None = None
    date_text: str = ""
    hour_text: str = ""

    @property
    def place(self) -> tuple[str, str]:
        return (self.airport, self.terminal)


@dataclass(frozen=True, slots=True)
class FlowImport:
    """Rows read from a file plus the warnings found on the way."""

    rows: tuple[DailyFlow, ...]
    warnings: tuple[FlowIssue, ...]


@dataclass(frozen=True, slots=True)
class LoadImport:
    rows: tuple[HourlyLoad, ...]
    warnings: tuple[FlowIssue, ...]


@dataclass(frozen=True, slots=True)
class LaneType:
    """A kind of inspection lane and its mean service time per traveller."""

    name: str
    service_seconds: float

    @property
    def rate_per_hour(self) -> float:
        return 3600.0 / self.service_seconds


MANUAL_COUNTER = LaneType("counter", 45.0)
E_GATE = LaneType("e-gate", 10.0)


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    """The queue pledge: no wait over `pledge_minutes`; act at `open_lanes_at` and
    `emergency_at` minutes."""

    pledge_minutes: float = 30.0
    open_lanes_at: float = 15.0
    emergency_at: float = 25.0

    def status(self, wait_minutes: float) -> str:
        if wait_minutes > self.pledge_minutes:
            return "pledge-broken"
        if wait_minutes >= self.emergency_at:
            return "emergency-plan"
        if wait_minutes >= self.open_lanes_at:
            return "open-lanes"
        return "ok"
