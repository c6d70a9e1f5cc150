"""Document number formats of Chinese documents, a format check, and an OCR-tolerant normaliser
that gives registry lookups one canonical form.

Formats are written in a small pattern language: ``#`` a digit, ``@`` a series letter (A-Z
without I and O, which the NIA leaves out so they cannot be read as 1 and 0), any other character
stands for itself. Each format names its source key in ``sources.SOURCES``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guomen.documents.chinese.kinds import DocumentKind
from guomen.documents.chinese.reasons import (
    Reason,
    ReasonCode,
    error,
    info,
    warning,
)
from guomen.documents.model import normalise_number

DIGITS = frozenset("0123456789")
SERIES_LETTERS = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ")  # no I, no O

# The OCR confusions named in GLOSSARY.md (O/0, I/1, B/8, S/5, Z/2, G/6), in both directions.
_TO_DIGIT = {"O": "0", "I": "1", "B": "8", "S": "5", "Z": "2", "G": "6"}
_TO_LETTER = {digit: letter for letter, digit in _TO_DIGIT.items()}


def _slots(pattern: str) -> tuple[frozenset[str], ...]:
    def slot(char: str) -> frozenset[str]:
        if char == "#":
            return DIGITS
        if char == "@":
            return SERIES_LETTERS
        return frozenset(char)

    return tuple(slot(char) for char in pattern)


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """One number series of one document kind. ``legacy``: no longer issued, and every document
    of the series has expired by its validity rule (kept so old records still classify)."""

    name: str
    kind: DocumentKind
    pattern: str
    description: str
    source: str
    legacy: bool = False

    @property
    def slots(self) -> tuple[frozenset[str], ...]:
        return _slots(self.pattern)

    def matches(self, number: str) -> bool:
        slots = self.slots
        return len(number) == len(slots) and all(c in s for c, s in zip(number, slots, strict=True))


def _f(
    name: str,
    kind: DocumentKind,
    pattern: str,
    description: str,
    source: str,
    *,
    legacy: bool = False,
) -> NumberFormat:
    return NumberFormat(name, kind, pattern, description, source, legacy)


_K = DocumentKind
NUMBER_FORMATS: tuple[NumberFormat, ...] = (
    _f("e_passport", _K.ORDINARY_PASSPORT, "E########", "E + 8 digits (2012)", "gz_psb_2024"),
    _f(
        "e_passport_series",
        _K.ORDINARY_PASSPORT,
        "E@#######",
        "E + series letter + 7 digits (from 2017-04-05)",
        "gz_psb_2024",
    ),
    _f(
        "g_passport",
        _K.ORDINARY_PASSPORT,
        "G########",
        "G + 8 digits (before the 2012 e-passport)",
        "gz_psb_2024",
        legacy=True,
    ),
    _f("pe_passport", _K.OFFICIAL_ORDINARY_PASSPORT, "PE#######", "PE + 7 digits", "cwdbkk"),
    _f("se_passport", _K.SERVICE_PASSPORT, "SE#######", "SE + 7 digits", "cwdbkk"),
    _f("s_passport", _K.SERVICE_PASSPORT, "S########", "S + 8 digits", "cwdbkk", legacy=True),
    _f("de_passport", _K.DIPLOMATIC_PASSPORT, "DE#######", "DE + 7 digits", "cwdbkk"),
    _f("eep_card", _K.HK_MACAO_PERMIT, "C########", "C + 8 digits (2014 card)", "nia_2018_eep"),
    _f(
        "eep_card_series",
        _K.HK_MACAO_PERMIT,
        "C@#######",
        "C + series letter + 7 digits (from CA0000001)",
        "nia_2018_eep",
    ),
    _f("tw_permit_card", _K.TAIWAN_PERMIT, "L########", "L + 8 digits (card)", "tw_permit_numbers"),
    _f("tw_permit_t", _K.TAIWAN_PERMIT, "T########", "T + 8 digits", "tw_permit_numbers"),
    _f("mtp_hk", _K.MTP_HK_MACAO, "H########", "H + 8-digit lifelong number", "mtp_card_2013"),
    _f("mtp_mo", _K.MTP_HK_MACAO, "M########", "M + 8-digit lifelong number", "mtp_card_2013"),
    _f(
        "mtp_hk_1999",
        _K.MTP_HK_MACAO,
        "H##########",
        "H + 8-digit lifelong number + 2-digit renewal count (1999 card)",
        "mps_2010_mtp",
        legacy=True,
    ),
    _f(
        "mtp_mo_1999",
        _K.MTP_HK_MACAO,
        "M##########",
        "M + 8-digit lifelong number + 2-digit renewal count (1999 card)",
        "mps_2010_mtp",
        legacy=True,
    ),
    _f("mtp_ha", _K.MTP_HK_MACAO_NON_CHINESE, "HA#######", "HA + 7 digits", "nia_2024_mtp_nc"),
    _f("mtp_ma", _K.MTP_HK_MACAO_NON_CHINESE, "MA#######", "MA + 7 digits", "nia_2024_mtp_nc"),
    _f("mtp_tw", _K.MTP_TAIWAN, "########", "8-digit lifelong number (2008)", "chinanews_2008_tbz"),
)


def formats_for(kind: DocumentKind) -> tuple[NumberFormat, ...]:
    """The number formats of a kind; empty for kinds whose numbers we do not check."""
    return tuple(fmt for fmt in NUMBER_FORMATS if fmt.kind is kind)


def kinds_for_number(number: str) -> tuple[DocumentKind, ...]:
    """Every kind whose format the (normalised) number matches exactly, in table order."""
    text = normalise_number(number)
    kinds: list[DocumentKind] = []
    for fmt in NUMBER_FORMATS:
        if fmt.matches(text) and fmt.kind not in kinds:
            kinds.append(fmt.kind)
    return tuple(kinds)


@dataclass(frozen=True, slots=True)
class NumberCheck:
    ok: bool
    number: str
    format: NumberFormat | None
    reasons: tuple[Reason, ...]


def check_number(kind: DocumentKind, number: str) -> NumberCheck:
    """Does the number fit one of the kind's formats? (No OCR correction here.)

    Kinds without known formats (foreign documents, visas) always pass.
    """
    text = normalise_number(number)
    formats = formats_for(kind)
    if not formats:
        return NumberCheck(True, text, None, ())
    for fmt in formats:
        if fmt.matches(text):
            if fmt.legacy:
                note = f"{text}: {fmt.description}, a series no longer issued"
                return NumberCheck(
                    True, text, fmt, (warning(ReasonCode.NUMBER_LEGACY_SERIES, note),)
                )
            return NumberCheck(True, text, fmt, ())
    expected = "; ".join(fmt.description for fmt in formats)
    message = f"{text!r} is not a {kind} number (expected {expected})"
    return NumberCheck(False, text, None, (error(ReasonCode.NUMBER_FORMAT_MISMATCH, message),))


@dataclass(frozen=True, slots=True)
class NumberCorrection:
    """One character changed to fit a format; ``position`` counts from 1."""

    position: int
    from_char: str
    to_char: str


@dataclass(frozen=True, slots=True)
class NormalisedNumber:
    """The canonical form of a document number for registry lookups.

    ``value`` is the number without spaces and separators, upper case, and with OCR confusions
    corrected when exactly one format of the candidate kinds explains the text. ``ambiguous``:
    several corrections were equally plausible and none was applied.
    """

    raw: str
    value: str
    format: NumberFormat | None
    corrections: tuple[NumberCorrection, ...]
    ambiguous: bool

    @property
    def reasons(self) -> tuple[Reason, ...]:
        if self.ambiguous:
            message = f"{self.raw!r}: several OCR readings fit; left as {self.value!r}"
            return (warning(ReasonCode.NUMBER_AMBIGUOUS, message),)
        if self.corrections:
            changes = ", ".join(
                f"{c.from_char}->{c.to_char} at {c.position}" for c in self.corrections
            )
            message = f"{self.raw!r} read as {self.value!r} ({changes})"
            return (info(ReasonCode.NUMBER_OCR_CORRECTED, message),)
        return ()


def _coerce(text: str, fmt: NumberFormat) -> tuple[str, tuple[NumberCorrection, ...]] | None:
    slots = fmt.slots
    if len(text) != len(slots):
        return None
    chars: list[str] = []
    corrections: list[NumberCorrection] = []
    for position, (char, slot) in enumerate(zip(text, slots, strict=True), 1):
        if char in slot:
            chars.append(char)
            continue
        substitute = _TO_DIGIT.get(char) or _TO_LETTER.get(char)
        if substitute is None or substitute not in slot:
            return None
        chars.append(substitute)
        corrections.append(NumberCorrection(position, char, substitute))
    return "".join(chars), tuple(corrections)


def _candidates(
    kind: DocumentKind | None, formats: Sequence[NumberFormat] | None
) -> Sequence[NumberFormat]:
    if formats is not None:
        return formats
    return formats_for(kind) if kind is not None else NUMBER_FORMATS


def canonical_number(
    number: str,
    kind: DocumentKind | None = None,
    *,
    issuing_state: str = "CHN",
    formats: Sequence[NumberFormat] | None = None,
) -> NormalisedNumber:
    """The lookup form of a document number, tolerant of the usual OCR confusions.

    Only numbers issued by China (``issuing_state`` CHN) are corrected, against the formats of
    ``kind`` (or of every Chinese kind when None; ``formats`` overrides both); other states'
    formats are unknown here, so their numbers are only normalised (upper case, separators
    removed).
    """
    text = normalise_number(number)
    if issuing_state.strip().upper() != "CHN":
        return NormalisedNumber(number, text, None, (), ambiguous=False)
    candidates = _candidates(kind, formats)
    exact = next((fmt for fmt in candidates if fmt.matches(text)), None)
    if exact is not None:
        return NormalisedNumber(number, text, exact, (), ambiguous=False)
    return _best_reading(number, text, candidates)


def _best_reading(raw: str, text: str, formats: Iterable[NumberFormat]) -> NormalisedNumber:
    readings = [
        (value, corrections, fmt)
        for fmt in formats
        if (coerced := _coerce(text, fmt)) is not None
        for value, corrections in (coerced,)
    ]
    if not readings:
        return NormalisedNumber(raw, text, None, (), ambiguous=False)
    fewest = min(len(corrections) for _, corrections, _ in readings)
    best = [reading for reading in readings if len(reading[1]) == fewest]
    if len({value for value, _, _ in best}) > 1:
        return NormalisedNumber(raw, text, None, (), ambiguous=True)
    value, corrections, fmt = best[0]
    return NormalisedNumber(raw, value, fmt, corrections, ambiguous=False)


def number_readings(
    number: str,
    kind: DocumentKind | None = None,
    *,
    issuing_state: str = "CHN",
    formats: Sequence[NumberFormat] | None = None,
) -> tuple[str, ...]:
    """Every reading of the number that fits a format, fewest corrections first.

    A registry lookup should try all of them: formats cannot always decide (``E81234567`` and
    ``EB1234567`` are both well-formed ordinary passport numbers). Each format yields at most one
    reading, since every position holds either digits or letters.
    """
    text = normalise_number(number)
    if issuing_state.strip().upper() != "CHN":
        return (text,)
    scored: dict[str, int] = {}
    for fmt in _candidates(kind, formats):
        coerced = _coerce(text, fmt)
        if coerced is not None:
            value, corrections = coerced
            scored[value] = min(scored.get(value, len(corrections)), len(corrections))
    if not scored:
        return (text,)
    return tuple(sorted(scored, key=lambda value: (scored[value], value)))
