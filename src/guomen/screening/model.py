"""Watchlists and their entries: who is stopped at the border, and what an officer must do.

Pure domain model (standard library only). Every value object is frozen and checks its own
invariants, raising ``InvalidEntry`` (a ``ValidationFailed``, so a user-caused error shows as a
clear message) when built from bad data. Importers clean raw text with ``clean_name`` first.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from guomen.people.model import Sex
from guomen.shared.errors import ValidationFailed

MAX_NAME_LENGTH = 500  # the longest name on the UN list is 324 characters
MAX_NOTES_LENGTH = 20_000
MAX_ID_LENGTH = 128
MIN_BIRTH_YEAR = 1800
MAX_BIRTH_YEAR = 2100
_ALLOWED_FORMAT_CHARS = {"\u200c", "\u200d"}  # ZWNJ/ZWJ are part of Persian and Indic spelling
_REJECTED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "So"}
_CODE_SHAPE = re.compile(r"[A-Z]{1,3}")
_ID_SHAPE = re.compile(r"[^\s\x00-\x1f\x7f]+")


class InvalidEntry(ValidationFailed):
    code = "invalid_watchlist_entry"


class ListType(StrEnum):
    DENY_ENTRY = "deny_entry"  # 不准入境
    DENY_EXIT = "deny_exit"  # 不准出境
    WANTED = "wanted"  # 通缉/布控: arrest, notify police
    WATCH = "watch"  # 关注: notify only, let pass

    @property
    def action(self) -> ListAction:
        return _ACTIONS[self]


class ListAction(StrEnum):
    REFUSE_ENTRY = "refuse_entry"
    REFUSE_EXIT = "refuse_exit"
    DETAIN_AND_NOTIFY_POLICE = "detain_and_notify_police"
    NOTIFY = "notify"


_ACTIONS = {
    ListType.DENY_ENTRY: ListAction.REFUSE_ENTRY,
    ListType.DENY_EXIT: ListAction.REFUSE_EXIT,
    ListType.WANTED: ListAction.DETAIN_AND_NOTIFY_POLICE,
    ListType.WATCH: ListAction.NOTIFY,
}


class Subject(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"  # a.k.a., f.k.a., good-quality alias
    WEAK_ALIAS = "weak_alias"  # low-quality alias: a nickname or a very common name
    ORIGINAL_SCRIPT = "original_script"  # the name as written in the person's own script


class DocumentKind(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    OTHER = "other"


class EntrySource(StrEnum):
    UN_XML = "un-xml"
    OFAC_SDN = "ofac-sdn"
    FTM = "ftm"
    CSV = "csv"
    MANUAL = "manual"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


def clean_name(raw: str) -> str:
    """A name as stored: NFC, whitespace collapsed. Raises ``InvalidEntry`` when unusable."""
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    _check_name(text)
    return text


def _check_name(text: str) -> None:
    if not text:
        raise InvalidEntry("name is empty")
    if len(text) > MAX_NAME_LENGTH:
        raise InvalidEntry(f"name is {len(text)} characters long (at most {MAX_NAME_LENGTH})")
    if text != " ".join(text.split()):
        raise InvalidEntry("name has leading, trailing or repeated whitespace")
    for ch in text:
        if ch == "\ufffd":
            raise InvalidEntry("name contains U+FFFD: it was decoded with the wrong encoding")
        if unicodedata.category(ch) in _REJECTED_CATEGORIES and ch not in _ALLOWED_FORMAT_CHARS:
            raise InvalidEntry(f"name contains {_describe(ch)}")
    if not any(ch.isalnum() for ch in text):
        raise InvalidEntry("name has no letter or digit")


def _describe(ch: str) -> str:
    kind = "a control character" if unicodedata.category(ch)[0] == "C" else "a symbol or emoji"
    return f"{kind} (U+{ord(ch):04X})"


# Unicode character-name prefix → ISO 15924 script code.
_SCRIPTS = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "GREEK": "Grek", "HEBREW": "Hebr",
    "CJK": "Hani", "HANGUL": "Hang", "HIRAGANA": "Hira", "KATAKANA": "Kana", "THAI": "Thai",
    "DEVANAGARI": "Deva", "BENGALI": "Beng", "GEORGIAN": "Geor", "ARMENIAN": "Armn",
    "ETHIOPIC": "Ethi", "TAMIL": "Taml", "MYANMAR": "Mymr", "KHMER": "Khmr", "LAO": "Laoo",
    "SYRIAC": "Syrc", "THAANA": "Thaa", "MONGOLIAN": "Mong", "TIBETAN": "Tibt",
}  # fmt: skip


def detect_script(text: str) -> str | None:
    """The ISO 15924 code of the one script the letters of ``text`` use; None if several or
    unknown (Japanese kana with kanji counts as several)."""
    found = set()
    for ch in text:
        if ch.isalpha():
            found.add(_SCRIPTS.get(unicodedata.name(ch, "?").split(" ")[0]))
    if len(found) != 1:
        return None
    return found.pop()


@dataclass(frozen=True, slots=True)
class EntryName:
    text: str
    kind: NameKind = NameKind.PRIMARY
    script: str | None = None  # ISO 15924: Latn, Cyrl, Arab, Hani ...
    language: str | None = None  # BCP 47 where the source says: zh, ar, ru ...

    def __post_init__(self) -> None:
        _check_name(self.text)
        if self.script is not None and not re.fullmatch(r"[A-Z][a-z]{3}", self.script):
            raise InvalidEntry(f"script {self.script!r} is not an ISO 15924 code like Latn")

    @classmethod
    def of(
        cls, raw: str, kind: NameKind = NameKind.PRIMARY, language: str | None = None
    ) -> EntryName:
        """Clean ``raw`` and tag it with its script."""
        text = clean_name(raw)
        return cls(text=text, kind=kind, script=detect_script(text), language=language)


@dataclass(frozen=True, slots=True)
class DateSpec:
    """A birth date as precisely as the source knows it: a day, a month, a year or a range.

    Written as ``1970-05-03``, ``1970-05``, ``1970`` or ``1970/1972``; a trailing ``~`` marks an
    approximate date ("circa 1970").
    """

    earliest: date
    latest: date
    precision: DatePrecision
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise InvalidEntry(f"date range {self.earliest} to {self.latest} ends before it starts")
        for year in (self.earliest.year, self.latest.year):
            if not MIN_BIRTH_YEAR <= year <= MAX_BIRTH_YEAR:
                raise InvalidEntry(f"year {year} is not a plausible birth year")
        if not _is_whole(self):
            raise InvalidEntry(f"{self.earliest}..{self.latest} is not a whole {self.precision}")

    @classmethod
    def exact(cls, day: date, approximate: bool = False) -> DateSpec:
        return cls(day, day, DatePrecision.DAY, approximate)

    @classmethod
    def month(cls, year: int, month: int, approximate: bool = False) -> DateSpec:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), DatePrecision.MONTH, approximate)

    @classmethod
    def year(cls, year: int, approximate: bool = False) -> DateSpec:
        return cls(date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR, approximate)

    @classmethod
    def between(cls, earliest: DateSpec, latest: DateSpec, approximate: bool = False) -> DateSpec:
        """From the start of ``earliest`` to the end of ``latest``; collapses to a plain year,
        month or day when the two are the same."""
        if earliest.earliest == latest.earliest and earliest.latest == latest.latest:
            return cls(earliest.earliest, earliest.latest, earliest.precision, approximate)
        return cls(earliest.earliest, latest.latest, DatePrecision.RANGE, approximate)

    @classmethod
    def parse(cls, text: str) -> DateSpec:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``A/B`` of those, with optional ``~``."""
        body = text.strip()
        approximate = body.endswith("~")
        body = body.removesuffix("~").strip()
        if "/" in body:
            start, _, end = body.partition("/")
            return cls.between(_parse_one(start), _parse_one(end), approximate)
        point = _parse_one(body)
        return cls(point.earliest, point.latest, point.precision, approximate)

    def contains(self, day: date) -> bool:
        return self.earliest <= day <= self.latest

    def __str__(self) -> str:
        mark = "~" if self.approximate else ""
        if self.precision is DatePrecision.DAY:
            return f"{self.earliest.isoformat()}{mark}"
        if self.precision is DatePrecision.MONTH:
            return f"{self.earliest:%Y-%m}{mark}"
        if self.precision is DatePrecision.YEAR:
            return f"{self.earliest.year:04d}{mark}"
        if (f"{self.earliest:%m%d}", f"{self.latest:%m%d}") == ("0101", "1231"):  # whole years
            return f"{self.earliest.year:04d}/{self.latest.year:04d}{mark}"
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}{mark}"


def _is_whole(spec: DateSpec) -> bool:
    """Whether earliest..latest is exactly one day, month or year as the precision says."""
    start, end = spec.earliest, spec.latest
    if spec.precision is DatePrecision.DAY:
        return start == end
    if spec.precision is DatePrecision.MONTH:
        last = calendar.monthrange(start.year, start.month)[1]
        return start.day == 1 and end == start.replace(day=last)
    if spec.precision is DatePrecision.YEAR:
        return (start.month, start.day) == (1, 1) and end == date(start.year, 12, 31)
    return True


_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _parse_one(text: str) -> DateSpec:
    match = _DATE_TEXT.fullmatch(text.strip())
    if match is None:
        raise InvalidEntry(f"{text.strip()[:40]!r} is not a date like YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return DateSpec.year(year)
        if day is None:
            return DateSpec.month(year, month)
        return DateSpec.exact(date(year, month, day))
    except ValueError as exc:  # month 13, 30 February ...
        raise InvalidEntry(f"{text.strip()!r} is not a real date: {exc}") from None


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    kind: DocumentKind
    number: str  # as the source wrote it; compare with ``normalised``
    issuing_state: str | None = None  # ICAO alpha-3
    label: str | None = None  # the source's own words: "Ration card", "tazkira" ...

    def __post_init__(self) -> None:
        if not self.normalised:
            raise InvalidEntry(f"document number {self.number[:40]!r} has no letter or digit")
        if len(self.number) > MAX_NAME_LENGTH:
            raise InvalidEntry(f"document number is {len(self.number)} characters long")
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in self.number):
            raise InvalidEntry("document number contains a control character")
        _check_code(self.issuing_state, "issuing state")

    @property
    def normalised(self) -> str:
        """Upper case, letters and digits only: how two numbers are compared."""
        return "".join(ch for ch in self.number.upper() if ch.isalnum())


def _check_code(code: str | None, what: str) -> None:
    if code is not None and not _CODE_SHAPE.fullmatch(code):
        raise InvalidEntry(f"{what} {code[:10]!r} is not an ICAO code like CHN or D")


@dataclass(frozen=True, slots=True)
class Watchlist:
    """A list as issued: who issued it, under which law, what to do on a hit, and until when."""

    list_id: str
    name: str
    list_type: ListType
    issuing_authority: str
    legal_basis: str
    action_instructions: str
    priority: int = 5  # 1 is the most urgent; hits are ordered by it
    valid_from: date | None = None
    valid_until: date | None = None  # last day the list applies

    def __post_init__(self) -> None:
        _check_id(self.list_id, "list id")
        if not self.name.strip():
            raise InvalidEntry("a watchlist needs a name")
        if not 1 <= self.priority <= 9:
            raise InvalidEntry(f"priority {self.priority} is not between 1 and 9")
        _check_window(self.valid_from, self.valid_until)

    @property
    def action(self) -> ListAction:
        return self.list_type.action

    def is_active(self, on: date) -> bool:
        return _within(on, self.valid_from, self.valid_until)


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    """One listed person (or organisation, vessel, aircraft). Every field but the ids, list type,
    subject and source is personal data that the storage adapter encrypts."""

    entry_id: str  # stable across versions of the list: the diff is keyed on it
    list_id: str
    list_type: ListType
    names: tuple[EntryName, ...]  # the primary name first
    source: EntrySource
    source_id: str
    subject: Subject = Subject.PERSON
    birth_dates: tuple[DateSpec, ...] = ()
    sex: Sex | None = None
    nationalities: tuple[str, ...] = ()  # ICAO alpha-3 (D for Germany)
    documents: tuple[DocumentNumber, ...] = ()
    birth_places: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    photo_ref: str | None = None
    notes: str = ""
    valid_from: date | None = None
    valid_until: date | None = None  # the entry expires by itself after this day

    def __post_init__(self) -> None:
        _check_id(self.entry_id, "entry id")
        _check_id(self.list_id, "list id")
        if not self.names or self.names[0].kind is not NameKind.PRIMARY:
            raise InvalidEntry("an entry needs a primary name, listed first")
        if any(n.kind is NameKind.PRIMARY for n in self.names[1:]):
            raise InvalidEntry("an entry has exactly one primary name")
        for code in self.nationalities:
            _check_code(code, "nationality")
        if len(self.notes) > MAX_NOTES_LENGTH:
            raise InvalidEntry(f"notes are longer than {MAX_NOTES_LENGTH} characters")
        _check_window(self.valid_from, self.valid_until)

    @property
    def aliases(self) -> tuple[EntryName, ...]:
        return self.names[1:]

    @property
    def primary_name(self) -> str:
        return self.names[0].text

    def is_active(self, on: date) -> bool:
        """True from ``valid_from`` to ``valid_until`` inclusive: entries expire by themselves."""
        return _within(on, self.valid_from, self.valid_until)


def active_entries(entries: Iterable[WatchlistEntry], on: date) -> list[WatchlistEntry]:
    return [e for e in entries if e.is_active(on)]


def _check_id(value: str, what: str) -> None:
    if not value or len(value) > MAX_ID_LENGTH or not _ID_SHAPE.fullmatch(value):
        raise InvalidEntry(f"{what} {value[:40]!r} must be 1-{MAX_ID_LENGTH} visible characters")


def _check_window(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise InvalidEntry(f"valid_until {end} is before valid_from {start}")


def _within(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)
