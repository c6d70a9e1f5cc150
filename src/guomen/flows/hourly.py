"""Counts from Guomen's own movements, and hourly profiles that turn a daily forecast into
arrivals per hour."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from guomen.flows.model import DailyFlow, Direction

# A prior shape of the day at a busy crossing (share of the day's travellers per local hour);
# profiles from few movements are pulled towards it (see `hourly_profile`).
PRIOR = (
    1.0, 0.5, 0.3, 0.2, 0.3, 0.8, 2.0, 4.0, 6.0, 7.0, 7.5, 7.0,
    6.5, 6.5, 7.0, 7.0, 7.5, 8.0, 7.5, 6.5, 5.0, 4.0, 3.0, 2.0,
)  # fmt: skip
PRIOR_WEIGHT = 200.0  # the prior counts as this many movements
DIRECTION_OF = {"entry": Direction.ARRIVAL, "exit": Direction.DEPARTURE}
RESIDENT_GROUPS = {"mainland": "residents", "hk_macao": "residents"}


@dataclass(frozen=True, slots=True)
class HourCount:
    """Movements in one local clock hour at one port, by direction, traveller group and lane."""

    port_code: str
    local_hour: datetime  # naive local time, minutes zero
    direction: str  # entry | exit
    traveller_group: str
    lane: str  # egate | counter
    count: int


@dataclass(frozen=True, slots=True)
class HourlyProfile:
    """Share of the day's travellers in each local hour (sums to 1) and the e-gate share."""

    port_code: str
    direction: Direction
    shares: tuple[float, ...]
    egate_share: float
    movements: int

    def spread(self, daily_total: float) -> list[float]:
        return [daily_total * s for s in self.shares]


def daily_flows(counts: Iterable[HourCount]) -> list[DailyFlow]:
    """Daily totals per port and direction, split into the three ImmD-style groups."""
    acc: dict[tuple[date, str, Direction], list[int]] = {}
    for c in counts:
        key = (c.local_hour.date(), c.port_code, DIRECTION_OF[c.direction])
        slot = acc.setdefault(key, [0, 0, 0])
        group = c.traveller_group
        slot[0 if group in RESIDENT_GROUPS else 1 if group == "mainland_visitor" else 2] += c.count
    return [
        DailyFlow(day, port, direction, g[0], g[1], g[2], sum(g))
        for (day, port, direction), g in sorted(acc.items())
    ]


def hourly_totals(counts: Iterable[HourCount]) -> dict[tuple[date, int], int]:
    out: dict[tuple[date, int], int] = {}
    for c in counts:
        key = (c.local_hour.date(), c.local_hour.hour)
        out[key] = out.get(key, 0) + c.count
    return out


def hourly_profile(
    port_code: str, direction: Direction, counts: Sequence[HourCount]
) -> HourlyProfile:
    """Shares per hour from the movements in `counts` (one port and direction), shrunk towards
    `PRIOR` so that a profile from a few dozen movements is not all noise."""
    wanted = {k for k, v in DIRECTION_OF.items() if v is direction}
    mine = [c for c in counts if c.port_code == port_code and c.direction in wanted]
    per_hour = [0.0] * 24
    egate = 0
    for c in mine:
        per_hour[c.local_hour.hour] += c.count
        egate += c.count if c.lane == "egate" else 0
    total = sum(per_hour)
    prior_total = sum(PRIOR)
    blended = [h + PRIOR_WEIGHT * p / prior_total for h, p in zip(per_hour, PRIOR, strict=True)]
    norm = sum(blended)
    share = egate / total if total else 0.6
    return HourlyProfile(port_code, direction, tuple(b / norm for b in blended), share, int(total))
