"""Demo watchlists: two small fictional lists, approved under four eyes, then re-screened so
the back office's hit review queue has something to show after ``make run``.

A few entries are modelled on demo travellers who crossed at Shenzhen ports recently (the
demo back-office account's region): the same person written another way (pinyin for a Hong
Kong resident's Cantonese spelling, the Chinese name with only the birth year), so the
re-screening finds them as the matcher would in real life — and, with only a birth year,
some namesakes too, as "possible" hits for the officer to dismiss. The other entries are
invented people who match nobody. Everything is fictional and marked as demo data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from guomen.adapters.db.tables import movements, persons
from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.people.model import Person
from guomen.screening import services as lists
from guomen.screening.model import (
    DateSpec,
    EntryName,
    EntrySource,
    ListType,
    NameKind,
    Watchlist,
    WatchlistEntry,
)
from guomen.screening.rescreen import approve_and_rescreen
from guomen.shared.clock import Clock

AUTHOR = "demo-loader"
APPROVER = "demo-approver"
WATCH = Watchlist(
    "DEMO-WATCH",
    "关注人员名单（演示）",
    ListType.WATCH,
    "国家移民管理局（演示数据）",
    "演示数据，人物均为虚构",
    "Notify the back office; let the traveller pass.",
    priority=7,
)
DENY_EXIT = Watchlist(
    "DEMO-DENY-EXIT",
    "不准出境人员名单（演示）",
    ListType.DENY_EXIT,
    "人民法院（演示数据）",
    "《出境入境管理法》第十二条（演示数据）",
    "Refuse exit and call the duty officer; the court's decision is on file.",
    priority=2,
)
INVENTED = (  # (latin, chinese, birth date): nobody in the demo population
    ("SIMA Yuanzhi", "司马远志", date(1961, 3, 14)),
    ("OUYANG Qingshan", "欧阳青山", date(1975, 11, 2)),
    ("DUANMU Lan", "端木兰", date(1983, 7, 30)),
)
SZ_GENERAL_STATION = "GS-SZ"
MIN_POPULATION = 1000  # `make run` loads 20,000 people, `guomen demo load` 3,000 by default


@dataclass(frozen=True, slots=True)
class DemoWatchlists:
    entries: int
    planted: int  # entries modelled on demo travellers
    hits: int  # hits the re-screening put in the review queue


def load_watchlists(
    uow_factory: Callable[[], SqlUnitOfWork],
    clock: Clock,
    *,
    population: int | None = None,
    planted: int = 3,
) -> DemoWatchlists | None:
    """Create, approve and re-screen the demo lists; None when they exist already, or when
    ``population`` (the people just loaded) is below ``MIN_POPULATION``: the small
    populations of tests stay free of planted hits."""
    if population is not None and population < MIN_POPULATION:
        return None
    with uow_factory() as uow:
        if uow.watchlists.get(WATCH.list_id) is not None:
            return None
        travellers = _recent_shenzhen_travellers(uow, clock, planted)
    hits = entries = 0
    for watchlist, people in ((WATCH, travellers[:2]), (DENY_EXIT, travellers[2:])):
        made = [*_planted_entries(watchlist, people), *_invented_entries(watchlist)]
        with uow_factory() as uow:
            lists.create_watchlist(uow, clock, AUTHOR, watchlist)
            outcome = lists.import_list_version(
                uow, clock, AUTHOR, watchlist.list_id, made, source="demo data"
            )
        assert outcome.version is not None
        with uow_factory() as uow:
            _, report = approve_and_rescreen(
                uow, clock, APPROVER, outcome.version.id, comment="demo data"
            )
        hits += report.hits
        entries += len(made)
    return DemoWatchlists(entries, len(travellers), hits)


def _recent_shenzhen_travellers(uow: SqlUnitOfWork, clock: Clock, wanted: int) -> list[Person]:
    """Demo travellers with a Chinese name whose last crossing was at a Shenzhen port in the
    last 20 days, in id order (the same demo seed gives the same people)."""
    geo = uow.reference.geography()
    ports = sorted(
        p
        for p, station in geo.station_of_port.items()
        if geo.general_station_of_station.get(station) == SZ_GENERAL_STATION
    )
    since = clock.now() - timedelta(days=20)
    m = movements.c
    latest = (
        select(m.person_id, func.max(m.occurred_at).label("last_at"))
        .group_by(m.person_id)
        .subquery()
    )
    q = (
        select(m.person_id)
        .join(latest, (latest.c.person_id == m.person_id) & (latest.c.last_at == m.occurred_at))
        .join(persons, persons.c.id == m.person_id)
        .where(
            m.port_code.in_(ports), m.occurred_at >= since, persons.c.name_local_enc.is_not(None)
        )
        .where(persons.c.nationality.in_(("CHN", "HKG")))
        .order_by(m.person_id)
        .limit(wanted * 4)
    )
    found: list[Person] = []
    for person_id in uow.conn.execute(q).scalars():
        person = uow.people.get(person_id)
        if person is not None and person.name_local and len(found) < wanted:
            found.append(person)
    return found


def _planted_entries(watchlist: Watchlist, people: list[Person]) -> list[WatchlistEntry]:
    made = []
    for n, person in enumerate(people, start=1):
        latin = f"{person.given_names} {person.surname}"  # the other name order
        made.append(
            WatchlistEntry(
                entry_id=f"{watchlist.list_id}-P{n:02d}",
                list_id=watchlist.list_id,
                list_type=watchlist.list_type,
                names=(
                    EntryName.of(person.name_local or latin),
                    EntryName.of(latin, NameKind.ALIAS),
                ),
                source=EntrySource.MANUAL,
                source_id="demo",
                birth_dates=(DateSpec.year(person.birth_date.year),),
                nationalities=(person.nationality,),
                notes="演示数据：虚构条目 / demo data, fictional",
            )
        )
    return made


def _invented_entries(watchlist: Watchlist) -> list[WatchlistEntry]:
    return [
        WatchlistEntry(
            entry_id=f"{watchlist.list_id}-X{n:02d}",
            list_id=watchlist.list_id,
            list_type=watchlist.list_type,
            names=(EntryName.of(chinese), EntryName.of(latin, NameKind.ALIAS)),
            source=EntrySource.MANUAL,
            source_id="demo",
            birth_dates=(DateSpec.exact(born),),
            nationalities=("CHN",),
            notes="演示数据：虚构人物 / demo data, invented person",
        )
        for n, (latin, chinese, born) in enumerate(INVENTED, start=1)
    ]
