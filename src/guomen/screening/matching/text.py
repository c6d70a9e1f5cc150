"""Text normalisation: Unicode clean-up, script detection, transliteration to folded Latin.

Transliteration choice (judged for the issue, figures in the report):

* Cyrillic and Greek go through ``guomen.documents.mrz.transliterate_name`` — ICAO Doc 9303
  Part 3 and ELOT 743, the spelling a passport's MRZ prints (Сергей → SERGEI), so a list name in
  Cyrillic meets the traveller's passport spelling exactly.
* Han is romanised by :mod:`guomen.screening.matching.chinese` (pypinyin plus surname readings).
* Every other script goes through ``anyascii`` (ISC licence, pure Python, ~2.6 MB installed,
  covers Arabic, Hebrew, Devanagari, Thai, Hangul, kana, Armenian, Georgian, Ethiopic …).
  ``unidecode`` is GPL-2.0 (a licence problem for an Apache-2.0 project) and no better on the
  scripts that matter here; PyICU builds from source (~1 min, libicu-dev) for little gain on
  names, where romanisation variants are absorbed by fuzzy and phonetic comparison anyway.

Arabic and Hebrew are abjads: the Latin form lacks short vowels (محمد → mhmd), so tokens from
them are flagged and compared on consonant skeletons (see ``phonetic.skeleton``).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from anyascii import anyascii
from pypinyin import lazy_pinyin

from guomen.documents.mrz import MrzFieldError, transliterate_name

# Categories that never belong in a name: controls, format characters (bidi marks, zero-width),
# surrogates, private use, unassigned, symbols (emoji, dingbats, currency, modifiers).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "So", "Sk", "Sc", "Sm"})
_ABJADS = frozenset({"ARABIC", "HEBREW", "SYRIAC", "THAANA"})
_VIA_MRZ = frozenset({"CYRILLIC", "GREEK"})
_HAN_BLOCK_PREFIXES = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")
_KANA = frozenset({"HIRAGANA", "KATAKANA"})


def table_words(text: str) -> list[str]:
    """The whitespace-separated words of a data table written as text."""
    return text.split()


def clean(text: str) -> str:
    """NFKC; controls, format characters, symbols and emoji become spaces; whitespace collapsed.

    Harmless by design: the result may be empty, which callers reject with a clear message.
    """
    text = unicodedata.normalize("NFKC", text)
    kept = [" " if unicodedata.category(ch) in _DROPPED_CATEGORIES else ch for ch in text]
    return " ".join("".join(kept).split())


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of one letter as a Unicode name prefix: LATIN, CYRILLIC, HAN, HANGUL …"""
    if "a" <= char <= "z" or "A" <= char <= "Z":
        return "LATIN"
    name = unicodedata.name(char, "")
    if name.startswith(_HAN_BLOCK_PREFIXES) or char == "\u3007":
        return "HAN"
    if name.startswith("HANGUL"):
        return "HANGUL"
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def scripts(text: str) -> frozenset[str]:
    """The scripts of the letters in ``text`` (digits, marks and punctuation ignored)."""
    return frozenset(script_of(ch) for ch in text if ch.isalpha())


def has_han(text: str) -> bool:
    return any(script_of(ch) == "HAN" for ch in text if ch.isalpha())


def has_kana(text: str) -> bool:
    return any(script_of(ch) in _KANA for ch in text if ch.isalpha())


def is_abjad(text: str) -> bool:
    return any(script_of(ch) in _ABJADS for ch in text if ch.isalpha())


def fold(text: str) -> str:
    """Lower-case ASCII: diacritics removed, anything but a-z, 0-9 and spaces becomes a space.

    Apostrophes and similar marks inside a word are removed rather than split on
    (TS'AO → tsao, BA'ASYIR → baasyir, MU’TASSIM → mutassim).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        if ch in "'`’‘ʼʻ´":
            continue
        lower = ch.lower()
        if "a" <= lower <= "z" or "0" <= lower <= "9":
            out.append(lower)
        elif ch.isascii():
            out.append(" ")
        else:
            out.append(anyascii(lower).lower() or " ")
    return " ".join("".join(out).split())


def to_latin(text: str) -> str:
    """Romanise every non-Latin run of ``text`` and fold it (Chinese names: see ``chinese``)."""
    runs = _script_runs(text)
    pieces = [_romanise(script, run) for script, run in runs]
    return fold(" ".join(pieces))


def _script_runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    current = ""
    buffer: list[str] = []
    for ch in text:
        script = script_of(ch) if ch.isalpha() else current
        if script != current and buffer:
            runs.append((current, "".join(buffer)))
            buffer = []
        current = script
        buffer.append(ch)
    if buffer:
        runs.append((current, "".join(buffer)))
    return runs


def _romanise(script: str, run: str) -> str:
    if script == "LATIN" or not script:
        return run
    if script in _VIA_MRZ:
        try:
            return transliterate_name(run)
        except MrzFieldError:
            return anyascii(run)
    if script == "HAN":
        # Han outside a recognised Chinese name (e.g. a Japanese name in kanji): one word per
        # run, read in Mandarin, so that two Han spellings of the name still meet.
        return "".join(lazy_pinyin(run, errors="ignore"))
    if script == "HANGUL":
        # anyascii writes each Hangul word in camel case (GimJeongEun): keep it one word.
        return anyascii(run).lower()
    return anyascii(run)
