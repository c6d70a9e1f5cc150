"""Small synthetic flow data for the flows tests."""

from __future__ import annotations

import random
from datetime import date, timedelta

from guomen.flows.model import DailyFlow, Direction, HourlyLoad

WEEKLY = (1.0, 0.9, 0.9, 0.95, 1.1, 1.4, 1.3)


def daily_rows(
    point: str, start: date, days: int, level: float = 1000.0, seed: int = 1
) -> list[DailyFlow]:
    rng = random.Random(seed)
    rows = []
    for i in range(days):
        day = start + timedelta(days=i)
        for direction in Direction:
            total = round(level * WEEKLY[day.weekday()] * rng.uniform(0.95, 1.05))
            rows.append(DailyFlow(day, point, direction, total, 0, 0, total))
    return rows


def hk_csv(rows: list[DailyFlow]) -> str:
    head = (
        "Date,Control Point,Arrival / Departure,Hong Kong Residents,Mainland Visitors,"
        "Other Visitors,Total,\n"
    )
    body = "".join(
        f"{r.day:%d-%m-%Y},{r.control_point},{r.direction.value},{r.residents},"
        f"{r.mainland_visitors},{r.other_visitors},{r.total},\n"
        for r in rows
    )
    return head + body


def hourly_loads(days: int, start: date, seed: int = 3) -> list[HourlyLoad]:
    """Waits that grow with passengers per booth, plus noise; a daily profile of arrivals."""
    rng = random.Random(seed)
    rows = []
    for d in range(days):
        day = start + timedelta(days=d)
        for hour in range(6, 22):
            passengers = rng.randint(100, 900)
            booths = max(1, passengers // rng.randint(30, 60))
            wait = max(0.0, 3 + 0.25 * passengers / booths + rng.gauss(0, 2))
            rows.append(HourlyLoad("ORD", "T5", day, hour, passengers, booths, round(wait)))
    return rows
