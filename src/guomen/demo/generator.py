"""A deterministic generator of realistic synthetic people, documents and movements.

Same seed, same data. Proportions approximate the traveller mix at Chinese ports (mainland
residents most, then Hong Kong and Macao residents, then foreigners); movements follow
daily, weekly and Chinese-holiday patterns (chinese-calendar), and land crossings to Hong Kong
and Macao carry the largest flows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from faker import Faker

from guomen.clearance.model import Decision, Direction, Lane, Movement
from guomen.demo.names import foreign_name, hong_kong_name, mainland_name, taiwan_name
from guomen.documents.model import DocumentType, TravelDocument
from guomen.people.idcard import make_id_number
from guomen.people.model import Person, Sex
from guomen.reference.model import Port, PortType

SHANGHAI = ZoneInfo("Asia/Shanghai")
# (nationality, Faker locale, share of people)
NATIONALITY_MIX = [
    ("CHN", "zh_CN", 0.62),
    ("HKG", "zh_CN", 0.14),
    ("MAC", "zh_CN", 0.03),
    ("TWN", "zh_TW", 0.03),
    ("KOR", "ko_KR", 0.03),
    ("JPN", "ja_JP", 0.02),
    ("USA", "en_US", 0.02),
    ("RUS", "ru_RU", 0.02),
    ("D", "de_DE", 0.01),
    ("GBR", "en_GB", 0.01),
    ("AUS", "en_AU", 0.01),
    ("FRA", "fr_FR", 0.01),
    ("VNM", "vi_VN", 0.015),
    ("IND", "en_IN", 0.01),
    ("PHL", "fil_PH", 0.015),
    ("IDN", "id_ID", 0.01),
]
REGIONS = [
    "110101",
    "310104",
    "440106",
    "440304",
    "510104",
    "330106",
    "420102",
    "610102",
    "530102",
    "230102",
    "350203",
    "460106",
    "370202",
    "210102",
    "650102",
]
HOURLY = [
    1,
    0.5,
    0.3,
    0.2,
    0.3,
    0.8,
    2,
    4,
    6,
    7,
    7.5,
    7,
    6.5,
    6.5,
    7,
    7,
    7.5,
    8,
    7.5,
    6.5,
    5,
    4,
    3,
    2,
]


@dataclass
class DemoData:
    people: list[Person] = field(default_factory=list)
    documents: list[TravelDocument] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def add_years(day: date, years: int) -> date:
    """Same day N years on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def day_factor(day: date) -> float:
    """Weekly rhythm plus Chinese public holidays (Spring Festival, Golden Week, ...)."""
    factor = (1.0, 0.9, 0.9, 0.95, 1.15, 1.35, 1.25)[day.weekday()]
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # chinese-calendar only knows the years it was released for
        return factor
    if on_holiday and name:
        factor *= 2.2 if name in ("Spring Festival", "National Day") else 1.6
    return factor


class Generator:
    def __init__(self, seed: int, ports: list[Port]) -> None:
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        self.seed = seed
        self.ports = ports
        self.port_weights = [self._port_weight(p) for p in ports]

    @staticmethod
    def _port_weight(port: Port) -> float:
        if port.code in {"LUOHU", "FUTIAN", "GONGBEI", "SZBAY", "HUANGGANG"}:
            return 12.0
        return {PortType.LAND: 3.0, PortType.AIR: 4.0, PortType.SEA: 1.0, PortType.RAIL: 3.0}[
            port.port_type
        ]

    def faker(self, locale: str) -> Faker:
        if locale not in self.fakers:
            fake = Faker(locale)
            fake.seed_instance(self.seed + len(self.fakers))
            self.fakers[locale] = fake
        return self.fakers[locale]

    def person(self, now: datetime) -> tuple[Person, list[TravelDocument]]:
        rng = self.rng
        nat, locale, _ = rng.choices(NATIONALITY_MIX, [w for *_, w in NATIONALITY_MIX])[0]
        fake = self.faker(locale)
        sex = Sex.MALE if rng.random() < 0.52 else Sex.FEMALE
        age_days = int(rng.triangular(2, 85, 38) * 365.25)
        birth = (now - timedelta(days=age_days)).date()
        female = sex is Sex.FEMALE
        local: str | None
        if nat == "CHN":
            surname, given, local = mainland_name(fake, female)
        elif nat in ("HKG", "MAC"):
            surname, given, local = hong_kong_name(rng)
        elif nat == "TWN":
            surname, given, local = taiwan_name(rng)
        else:
            surname, given, local = foreign_name(fake, locale, rng, female)
        person = Person(
            id=_hex_id(rng),
            surname=surname,
            given_names=given,
            sex=sex,
            birth_date=birth,
            nationality=nat,
            name_local=local,
            created_at=now,
        )
        if nat == "CHN":
            person.id_number = make_id_number(
                rng.choice(REGIONS), birth, rng.randrange(500), sex is Sex.MALE
            )
            person.phone = fake.phone_number()
            person.address = fake.address().replace("\n", " ")
        return person, self._documents(person, now)

    def _documents(self, person: Person, now: datetime) -> list[TravelDocument]:
        rng = self.rng
        issued = (now - timedelta(days=rng.randrange(30, 3300))).date()
        years = 10 if person.nationality == "CHN" else rng.choice((5, 10))
        nat = person.nationality
        kinds: list[tuple[DocumentType, str, str]] = []
        if nat == "CHN":
            kinds.append((DocumentType.PASSPORT, "CHN", f"E{rng.randrange(10**8):08d}"))
            if rng.random() < 0.45:
                kinds.append((DocumentType.HK_MACAO_PERMIT, "CHN", f"C{rng.randrange(10**8):08d}"))
        elif nat in ("HKG", "MAC"):
            prefix = "H" if nat == "HKG" else "M"
            kinds.append(
                (
                    DocumentType.MAINLAND_TRAVEL_PERMIT_HKM,
                    "CHN",
                    f"{prefix}{rng.randrange(10**8):08d}",
                )
            )
        elif nat == "TWN":
            kinds.append(
                (DocumentType.MAINLAND_TRAVEL_PERMIT_TW, "CHN", f"{rng.randrange(10**8):08d}")
            )
        else:
            letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
            number = rng.choice(letters) + "".join(
                rng.choice("0123456789" + letters) for _ in range(8)
            )
            kinds.append((DocumentType.PASSPORT, nat, number))
        return [
            TravelDocument(
                id=_hex_id(rng),
                person_id=person.id,
                doc_type=kind,
                issuing_state=state,
                number=number,
                issued_on=issued,
                expires_on=add_years(issued, years if kind is DocumentType.PASSPORT else 5),
                created_at=now,
            )
            for kind, state, number in kinds
        ]

    def set_window(self, start: date, end: date) -> None:
        self.end = end
        self.days = [start + timedelta(days=i) for i in range((end - start).days)]
        weights = [day_factor(d) for d in self.days]
        self.day_cum = [sum(weights[: i + 1]) for i in range(len(weights))]

    def trip_movements(self, person: Person, docs: list[TravelDocument]) -> list[Movement]:
        """One round trip: out and back for residents of the mainland, in and out otherwise."""
        rng = self.rng
        end = self.end
        out_day = rng.choices(self.days, cum_weights=self.day_cum)[0]
        port = rng.choices(self.ports, self.port_weights)[0]
        doc = docs[-1] if port.port_type is PortType.LAND and len(docs) > 1 else docs[0]
        stay = 1 if port.port_type is PortType.LAND and rng.random() < 0.6 else rng.randint(2, 21)
        back_day = out_day + timedelta(days=stay)
        first = Direction.EXIT if person.nationality == "CHN" else Direction.ENTRY
        second = Direction.ENTRY if first is Direction.EXIT else Direction.EXIT
        result = [self._movement(person, doc, port, first, out_day)]
        if back_day < end:
            back_port = (
                port if rng.random() < 0.8 else rng.choices(self.ports, self.port_weights)[0]
            )
            result.append(self._movement(person, doc, back_port, second, back_day))
        return result

    def _movement(
        self, person: Person, doc: TravelDocument, port: Port, direction: Direction, day: date
    ) -> Movement:
        rng = self.rng
        hour = rng.choices(range(24), HOURLY)[0]
        local = datetime(
            day.year,
            day.month,
            day.day,
            hour,
            rng.randrange(60),
            rng.randrange(60),
            tzinfo=SHANGHAI,
        )
        resident = person.nationality in ("CHN", "HKG", "MAC")
        lane = Lane.EGATE if resident and rng.random() < 0.8 else Lane.COUNTER
        roll = rng.random()
        decision = Decision.REFER if roll < 0.01 else Decision.CLEAR
        reasons = (
            ("demo.random_referral",) if decision is Decision.REFER else ("all_checks_passed",)
        )
        group = {"CHN": "mainland", "HKG": "hk_macao", "MAC": "hk_macao", "TWN": "taiwan"}.get(
            person.nationality, "foreign"
        )
        return Movement(
            id=_hex_id(rng),
            person_id=person.id,
            document_id=doc.id,
            port_code=port.code,
            direction=direction,
            lane=lane,
            occurred_at=local.astimezone(UTC),
            decision=decision,
            reason_codes=reasons,
            operator=f"{port.code.lower()}-{lane.value}-{rng.randint(1, 12)}",
            traveller_group=group,
        )


def generate(
    seed: int, people: int, months: int, end: date, ports: list[Port], batch: int = 2000
) -> Iterator[DemoData]:
    """Yield batches of people with their documents and movements, deterministically."""
    gen = Generator(seed, ports)
    gen.set_window(end - timedelta(days=30 * months), end)
    now = datetime.combine(end, datetime.min.time(), UTC)
    data = DemoData()
    for i in range(people):
        person, docs = gen.person(now)
        data.people.append(person)
        data.documents.extend(docs)
        for _ in range(gen.rng.choices((0, 1, 2, 3, 5), (0.15, 0.4, 0.25, 0.12, 0.08))[0]):
            data.movements.extend(gen.trip_movements(person, docs))
        if (i + 1) % batch == 0:
            yield data
            data = DemoData()
    if data.people:
        yield data
