"""Names prepared once for comparison: tokens in folded Latin with their weights and keys.

A name becomes tokens: words, particles (al, bin, van …: low weight) and initials. Titles and
honorifics (MR, DR, HAJI, JR …) are dropped. Chinese names (``chinese``) become surname and
given-name syllables that carry their possible Mandarin readings, so CHAN ~ 陳 ~ CHEN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from guomen.screening.matching.chinese import ChineseName, parse_chinese_name
from guomen.screening.matching.phonetic import phonetic_key, skeleton
from guomen.screening.matching.romanisation import (
    compound_surname,
    readings,
    surname_readings,
)
from guomen.screening.matching.text import (
    clean,
    has_han,
    is_abjad,
    scripts,
    table_words,
    to_latin,
)
from guomen.shared.errors import ValidationFailed

MAX_TOKENS = 8  # longer names keep their first eight tokens: bounded work per comparison

# Titles, honorifics and generational suffixes: they say nothing about who someone is.
HONORIFICS = frozenset(
    table_words(
        """
        mr mrs ms miss mme mlle dr prof sir dame lord lady rev fr sr jr ii iii iv esq haji hajji
        hadji alhaji alhaj hajj mullah mulla maulavi mawlawi maulvi mawlana maulana sheikh
        shaikh shaykh sheik qari ustad ustadh
        """
    )
)
# Particles and name connectors: kept, but weigh little (Arabic al/el/bin/ibn/abu, Dutch van,
# German von, Romance de/da/del/dos/la/le, Mauritanian ould).
PARTICLES = frozenset(
    table_words(
        """
        al el ul ur ad ar as ash at az an bin ibn ben bint binti bte abu abou ou ould wa de da
        di do del della der den des dos das du la le lo van von ter te y e
        """
    )
)
# Name parts so common that a match on them alone says little (most frequent given names and
# surnames in the regions that dominate international lists; public frequency rankings).
COMMON_TOKENS = frozenset(
    table_words(
        """
        muhammad mohammed mohamed mohammad muhammed mohamad mohamad mehmet ahmad ahmed ali abdul
        abdel abd abdallah abdullah abdulla hassan hasan hussein husain hussain hosseini ibrahim
        khan mahmoud mahmud mustafa mostafa omar umar yusuf youssef yousef said saeed salem
        salim saleh hamid karim rahman aziz abdi jan gul shah khalil ismail musa moussa nasser
        jamal khalid tariq rashid sayed syed sayyid husayn abdulaziz abdelaziz noor nur
        mohammadi kim lee li park choi jung kang cho yoon jang lim han wang zhang liu chen yang
        huang zhao wu zhou xu sun ma zhu hu guo he lin luo john james david michael maria jose
        juan carlos garcia martinez rodriguez lopez gonzalez hernandez perez smith johnson brown
        jones williams ivanov kumar singh sharma nguyen tran
        """
    )
)
WORD_WEIGHT = 1.0
COMMON_WEIGHT = 0.55
PARTICLE_WEIGHT = 0.2
INITIAL_WEIGHT = 0.35
SURNAME_WEIGHT = 0.8  # a Chinese surname: few surnames cover most people
_PARENTHESES = re.compile(r"[(（\[][^)）\]]*[)）\]]")


class TokenKind(StrEnum):
    WORD = "word"
    PARTICLE = "particle"
    INITIAL = "initial"


@dataclass(frozen=True, slots=True)
class Token:
    """One part of a name in folded Latin with what the comparison needs precomputed."""

    text: str
    kind: TokenKind
    weight: float
    phonetic: str
    skeleton: str
    readings: frozenset[str] = frozenset()  # Mandarin syllables, for Chinese names only
    abjad: bool = False
    ident: int = 0  # the same for tokens that compare alike: a cheap key for caching


_IDENTS: dict[tuple[str, TokenKind, frozenset[str], bool], int] = {}


def make_token(
    text: str,
    kind: TokenKind,
    weight: float,
    found: frozenset[str] = frozenset(),
    abjad: bool = False,
) -> Token:
    """A token with its keys computed and its comparison identity interned."""
    identity = (text, kind, found, abjad)
    ident = _IDENTS.get(identity)
    if ident is None:
        ident = _IDENTS[identity] = len(_IDENTS) + 1
    return Token(text, kind, weight, phonetic_key(text), skeleton(text), found, abjad, ident)


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name ready to compare: its tokens, their concatenation and what kind of name it is."""

    original: str
    tokens: tuple[Token, ...]
    joined: str
    chinese: ChineseName | None = None
    scripts: frozenset[str] = frozenset()
    idents: tuple[int, ...] = ()  # the tokens' idents, for the comparison's inner loop

    @property
    def latin(self) -> str:
        return " ".join(t.text for t in self.tokens)


def prepare_name(raw: str) -> PreparedName:
    """Normalise one name; ``ValidationFailed`` when nothing of a name is left."""
    text = clean(raw)
    without_notes = clean(_PARENTHESES.sub(" ", text))
    text = without_notes or text
    if not any(ch.isalnum() for ch in text):
        raise ValidationFailed(f"name {raw[:40]!r} has no letters or digits")
    chinese = _chinese(text)
    tokens = _chinese_tokens(chinese) if chinese else _tokens(text)
    if not tokens:
        raise ValidationFailed(f"name {raw[:40]!r} has no letters that can be compared")
    tokens = tokens[:MAX_TOKENS]
    joined = "".join(t.text for t in tokens if t.kind is not TokenKind.INITIAL)
    idents = tuple(t.ident for t in tokens)
    return PreparedName(raw, tokens, joined, chinese, scripts(text), idents)


def _chinese(text: str) -> ChineseName | None:
    if has_han(text) or re.fullmatch(r"[A-Za-z\s,.'’\-]+", text):
        return parse_chinese_name(text)
    return None


def _tokens(text: str) -> tuple[Token, ...]:
    abjad = is_abjad(text)
    words = to_latin(text.replace(",", " ")).split()
    kept = words if abjad else [w for w in words if w not in HONORIFICS] or words
    if len(kept) == 1 and not abjad and (surnames := _lone_surname(text, kept[0])):
        # A lone Chinese surname (张, CHEUNG, ZHANG): compare it by its Mandarin readings.
        return (_syllable(kept[0], surnames, SURNAME_WEIGHT),)
    return tuple(_token(word, abjad) for word in kept)


def _lone_surname(text: str, word: str) -> frozenset[str]:
    if has_han(text):
        simple = text.strip()
        return frozenset({word}) if len(simple) == 1 else frozenset()
    found = surname_readings(word)
    return found | {word} if found else frozenset()


def _token(word: str, abjad: bool = False) -> Token:
    if len(word) == 1:
        kind, weight = TokenKind.INITIAL, INITIAL_WEIGHT
    elif word in PARTICLES:
        kind, weight = TokenKind.PARTICLE, PARTICLE_WEIGHT
    else:
        kind = TokenKind.WORD
        weight = COMMON_WEIGHT if word in COMMON_TOKENS else WORD_WEIGHT
    return make_token(word, kind, weight, abjad=abjad)


def _chinese_tokens(name: ChineseName) -> tuple[Token, ...]:
    surname = "".join(name.surname)
    compound = compound_surname(surname)
    if compound or len(name.surname) > 1:
        found = frozenset({"".join(compound) if compound else surname})
    elif name.from_han:
        found = frozenset({surname})
    else:
        found = surname_readings(surname) | {surname}
    tokens = [_syllable(surname, found, SURNAME_WEIGHT)]
    for syllable in name.given:
        given = frozenset({syllable}) if name.from_han else readings(syllable) | {syllable}
        tokens.append(_syllable(syllable, given, WORD_WEIGHT))
    tokens.extend(_token(i) for i in name.initials)
    return tuple(tokens)


def _syllable(text: str, found: frozenset[str], weight: float) -> Token:
    if len(text) == 1:
        return _token(text)
    return make_token(text, TokenKind.WORD, weight, found)
