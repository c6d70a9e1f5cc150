"""Chinese personal names: recognise them and split them into surname and given-name syllables.

Input may be Han characters (简体 or 繁體), pinyin, Wade-Giles, Hong Kong Cantonese or southern
spellings, joined (DAWEN), hyphenated (DA-WEN) or split (DA WEN), surname first or last, with a
comma (``CHEN, DAWEN``), initials (``X.-H. Li``) or both scripts (``张为民 Wei-min Zhang``).
Names that are Korean, Vietnamese, Japanese or Western are rejected (``None``): the matcher then
treats them as ordinary names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from guomen.screening.matching.cantonese_data import TRADITIONAL_TO_SIMPLIFIED
from guomen.screening.matching.chinese_tables import (
    COMMON_GIVEN_SYLLABLES,
    COMPOUND_SURNAMES,
    JAPANESE_SURNAMES,
    KOREAN_GIVEN_NAMES,
    KOREAN_SURNAMES,
    KOREAN_SYLLABLES,
    PINYIN_SYLLABLES,
    SURNAME_READINGS,
    SURNAMES_BY_FREQUENCY,
    VIETNAMESE_SYLLABLES,
)
from guomen.screening.matching.romanisation import (
    compound_surname,
    is_syllable,
    readings,
    split_syllables,
    surname_readings,
)
from guomen.screening.matching.text import clean, fold, has_kana, script_of

_PARENTHESES = re.compile(r"[(（\[][^)）\]]*[)）\]]")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z]+|[A-Z]+|[a-z]+")
_TRADITIONAL = {pair[0]: pair[1] for pair in TRADITIONAL_TO_SIMPLIFIED.split()}
_FOREIGN_WORDS = KOREAN_SYLLABLES | VIETNAMESE_SYLLABLES | KOREAN_GIVEN_NAMES | KOREAN_SURNAMES
_MAX_GIVEN_SYLLABLES = 3  # FURUKAWA splits into four "syllables": not a Chinese name part
_ORDER_BONUS = 0.5


@dataclass(frozen=True, slots=True)
class ChineseName:
    """Surname and given name as syllables (folded Latin, as written; Han read in pinyin)."""

    surname: tuple[str, ...]
    given: tuple[str, ...]
    initials: tuple[str, ...] = ()
    from_han: bool = False

    @property
    def formatted(self) -> str:
        """Given-name syllables hyphenated, then the surname: ``Tai-Man Chan``."""
        given = "-".join(s.capitalize() for s in self.given)
        middle = " ".join(i.upper() for i in self.initials)
        surname = "".join(s.capitalize() if i == 0 else s for i, s in enumerate(self.surname))
        return " ".join(part for part in (given, middle, surname) if part)


@lru_cache(maxsize=1024)
def _surname_ranks() -> dict[str, int]:
    ranks: dict[str, int] = {}
    for rank, char in enumerate(SURNAMES_BY_FREQUENCY):
        pinyin = SURNAME_READINGS.get(char) or lazy_pinyin(char, style=Style.NORMAL)[0]
        ranks.setdefault(pinyin, rank)
    return ranks


def surname_strength(syllable: str, pinyin_only: bool = False) -> float:
    """0 (not a surname) to 5 (among the ten most common), by the best Mandarin reading;
    ``pinyin_only`` when the whole name is written in pinyin (HA is 哈, not Cantonese 夏) —
    unless the pinyin syllable is no surname at all (CHAN → 陳)."""
    ranks = _surname_ranks()
    best = ranks.get(syllable) if pinyin_only else None
    if best is None:
        best = min((ranks[r] for r in surname_readings(syllable) if r in ranks), default=None)
    if best is None:
        return 0.0
    for limit, strength in ((10, 5.0), (40, 4.0), (100, 3.0), (300, 2.0)):
        if best < limit:
            return strength
    return 1.0


def _given_plausibility(syllables: tuple[str, ...], pinyin_only: bool) -> float:
    score = 0.0
    for syllable in syllables:
        options = {syllable} if pinyin_only else readings(syllable)
        common = any(r in COMMON_GIVEN_SYLLABLES for r in options)
        score += 1.0 if common else 0.3
    return score / max(1, len(syllables))


def han_to_pinyin(text: str) -> ChineseName | None:
    """A Han-only name → pinyin, with compound surnames and surname readings (单 → shan)."""
    words = [w for w in text.split() if w]
    chars = "".join(words)
    if not 2 <= len(chars) <= 4 or has_kana(chars) or _japanese(chars):
        return None
    if len(words) > 1 and _surname_chars(words[0]) is None and _surname_chars(words[-1]):
        words = [words[-1], *words[:-1]]  # 增友 叶: the surname written last
        chars = "".join(words)
    surname_chars = _surname_chars(chars) or chars[0]
    if len(chars) == 4 and len(surname_chars) < 2:
        return None  # four characters with a one-character surname: rarely Chinese
    surname = COMPOUND_SURNAMES.get(surname_chars) or (_surname_pinyin(surname_chars),)
    given = tuple(lazy_pinyin(chars[len(surname_chars) :], style=Style.NORMAL))
    return ChineseName(surname=surname, given=given, from_han=True)


def _simplified(char: str) -> str:
    return _TRADITIONAL.get(char, char)


def _surname_chars(chars: str) -> str | None:
    if chars[:2] in COMPOUND_SURNAMES and len(chars) > 2:
        return chars[:2]
    if chars and _simplified(chars[0]) in SURNAMES_BY_FREQUENCY:
        return chars[0]
    return None


def _surname_pinyin(char: str) -> str:
    simple = _simplified(char)
    return SURNAME_READINGS.get(simple) or lazy_pinyin(simple, style=Style.NORMAL)[0]


def _japanese(chars: str) -> bool:
    return any(chars.startswith(s) for s in JAPANESE_SURNAMES if len(s) >= 2) or "々" in chars


@dataclass(frozen=True, slots=True)
class _Word:
    syllables: tuple[str, ...]
    hyphenated: bool = False
    compound: bool = False  # a compound surname such as Ouyang / Au-Yeung
    initial: bool = False
    from_han: bool = False


def parse_chinese_name(raw: str) -> ChineseName | None:
    """Recognise a Chinese personal name; None when the name is not Chinese."""
    text = clean(_PARENTHESES.sub(" ", raw))
    if not text or len(text) > 80 or has_kana(text):
        return None
    han = "".join(ch if script_of(ch) == "HAN" or ch.isspace() else " " for ch in text).strip()
    latin = "".join(" " if script_of(ch) == "HAN" else ch for ch in text).strip()
    if han and not fold(latin):
        return han_to_pinyin(han)
    words = _latin_words(latin)
    if words is None:
        return None
    if han:
        from_han = han_to_pinyin(han) if len("".join(han.split())) >= 2 else None
        if from_han and _same_syllables(from_han, words):
            return from_han
        han_words = [_Word(syllables=(_surname_pinyin(c),), from_han=True) for c in han.split()]
        words = [*han_words, *words]
    return _decide(words, comma=_comma_position(latin))


def _same_syllables(name: ChineseName, words: list[_Word]) -> bool:
    written = sorted("".join(w.syllables) for w in words)
    return sorted(["".join(name.surname), "".join(name.given)]) == written or sorted(
        [*name.surname, *name.given]
    ) == sorted(s for w in words for s in w.syllables)


def _comma_position(latin: str) -> int | None:
    if "," not in latin:
        return None
    before = latin.split(",", 1)[0]
    return len(_latin_words(before) or [])


def _latin_words(latin: str) -> list[_Word] | None:
    words: list[_Word] = []
    for chunk in re.split(r"[\s,.]+", latin):
        pieces = [fold(p) for p in _camel_split(chunk) if fold(p)]
        joined = "".join(pieces)
        if not joined:
            continue
        if compound_surname(joined):
            words.append(_Word(syllables=tuple(pieces), compound=True))
            continue
        if any(p in _FOREIGN_WORDS for p in pieces) or joined in _FOREIGN_WORDS:
            return None
        word = _latin_word(pieces, hyphenated="-" in chunk)
        if word is None or sum(len(w.syllables) for w in word) > _MAX_GIVEN_SYLLABLES:
            return None
        words.extend(word)
    if not words or _foreign(words):
        return None
    return _join_compounds(words)


def _camel_split(chunk: str) -> list[str]:
    parts: list[str] = []
    for piece in re.split(r"-+", chunk):
        mixed = any(c.isupper() for c in piece[1:]) and any(c.islower() for c in piece)
        if mixed and not compound_surname(fold(piece)):
            parts.extend(_CAMEL.findall(piece))
        else:
            parts.append(piece)
    return parts


def _latin_word(pieces: list[str], hyphenated: bool) -> list[_Word] | None:
    if all(len(p) == 1 for p in pieces):
        return [_Word(syllables=(p,), initial=True) for p in pieces]
    syllables: list[str] = []
    for piece in pieces:
        split = split_syllables(piece)
        if split is None:
            return None
        syllables.extend(split)
    if len(pieces) > 1 and not hyphenated:
        return [_Word(syllables=(s,)) for s in syllables]
    return [_Word(syllables=tuple(syllables), hyphenated=len(syllables) > 1)]


def _join_compounds(words: list[_Word]) -> list[_Word]:
    """``AU YEUNG`` / ``OU YANG`` written as two words → one compound-surname word."""
    out: list[_Word] = []
    index = 0
    while index < len(words):
        pair = words[index : index + 2]
        if len(pair) == 2 and len(words) > 2 and not any(w.initial for w in pair):
            joined = "".join(pair[0].syllables + pair[1].syllables)
            if compound_surname(joined) and (index == 0 or index + 2 == len(words)):
                out.append(_Word(syllables=pair[0].syllables + pair[1].syllables, compound=True))
                index += 2
                continue
        out.append(words[index])
        index += 1
    return out


def _foreign(words: list[_Word]) -> bool:
    flat = [s for w in words for s in w.syllables]
    joined = {"".join(w.syllables) for w in words}
    return (
        any(s in KOREAN_SYLLABLES or s in VIETNAMESE_SYLLABLES for s in flat)
        or any(j in KOREAN_GIVEN_NAMES or j in KOREAN_SURNAMES for j in joined)
        or any(
            not is_syllable(s) for w in words if not (w.initial or w.compound) for s in w.syllables
        )
    )


def _decide(words: list[_Word], comma: int | None) -> ChineseName | None:
    full = [w for w in words if not w.initial]
    if not full:
        return None
    if comma and 0 < comma < len(words):
        return _assemble(words, surname_at=0, given=words[comma:])
    options = {0, len(words) - 1}
    scored = [(s, i) for i in options if (s := _option_score(words, i)) is not None]
    if not scored:
        return None
    _, at = max(scored)
    return _assemble(words, surname_at=at, given=[w for i, w in enumerate(words) if i != at])


def _option_score(words: list[_Word], at: int) -> float | None:
    word = words[at]
    if word.initial or (len(word.syllables) > 1 and not word.compound):
        return None
    pinyin = all(s in PINYIN_SYLLABLES for w in words if not w.initial for s in w.syllables)
    strength = 5.0 if word.compound else surname_strength(word.syllables[0], pinyin)
    if strength == 0.0:
        return None
    given = tuple(s for i, w in enumerate(words) if i != at and not w.initial for s in w.syllables)
    # Ties: pinyin and Han-plus-Latin names put the surname last more often; Hong Kong and
    # Wade-Giles spellings (CHAN TAI MAN) put it first.
    last = at == len(words) - 1
    bonus = _ORDER_BONUS if last == pinyin else 0.0
    return strength + 2.0 * _given_plausibility(given, pinyin) + bonus


def _assemble(words: list[_Word], surname_at: int, given: list[_Word]) -> ChineseName | None:
    surname = words[surname_at]
    if surname.initial:
        return None
    others = [w for i, w in enumerate(words) if i != surname_at]
    given_words = [w for w in others if not w.initial] or []
    initials = tuple(w.syllables[0] for w in others if w.initial)
    if not given_words and not initials:
        return None
    syllables = tuple(s for w in given_words for s in w.syllables)
    if not syllables and initials and len(words) - 1 == len(initials):
        syllables, initials = initials, ()
    return ChineseName(surname=surname.syllables, given=syllables, initials=initials)


def is_chinese_name(raw: str) -> bool:
    return parse_chinese_name(raw) is not None
