"""Romanisations of Chinese syllables and the Mandarin syllables they may stand for.

* Wade-Giles (Taiwan, older records): derived from each pinyin syllable by the standard
  conversion rules (initials b→p, d→t, g→k, j/q/zh/ch→ch, x→hs, z/c→ts, r→j; finals ong→ung,
  ian→ien, ie→ieh, e→o after g/k/h, zi→tzu, si→ssu, zhi→chih …; apostrophes and umlauts are
  dropped as in passports: CH'EN → CHEN, HSÜ → HSU).
* Hong Kong government (Cantonese) spellings: derived from each name character's Jyutping
  (``cantonese_data``) by the conventions of Hong Kong identity cards (d→t, g→k, b→p, z/c→ch or
  ts, j→y, aa→a, oeng→eung, eoi→ui, yu→u/ue, ou→o …): 陳 can → CHAN, 張 zoeng → CHEUNG,
  大 daai → TAI, 文 man → MAN. Jyutping itself is accepted too (Choi Suk-Zan).
* Southern surnames (Tan, Lim, Goh …) come from ``chinese_tables.SOUTHERN_SURNAMES``.

``readings(syllable)`` gives the set of Mandarin syllables a written syllable may stand for;
two syllables are compatible when their readings meet (CHAN ~ CHEN, TAI ~ DA, HSU ~ XU).
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from guomen.screening.matching.cantonese_data import CANTONESE_READINGS
from guomen.screening.matching.chinese_tables import (
    LATIN_COMPOUND_SURNAMES,
    PINYIN_SYLLABLES,
    SOUTHERN_GIVEN_SYLLABLES,
    SOUTHERN_SURNAMES,
    SURNAME_READINGS,
    SURNAMES_BY_FREQUENCY,
)

_WG_INITIALS = (
    ("zh", "ch"),
    ("ch", "ch"),
    ("sh", "sh"),
    ("b", "p"),
    ("p", "p"),
    ("d", "t"),
    ("t", "t"),
    ("g", "k"),
    ("k", "k"),
    ("j", "ch"),
    ("q", "ch"),
    ("x", "hs"),
    ("z", "ts"),
    ("c", "ts"),
    ("r", "j"),
)
_WG_WHOLE = {
    "zi": "tzu",
    "ci": "tzu",
    "si": "ssu",
    "zhi": "chih",
    "chi": "chih",
    "shi": "shih",
    "ri": "jih",
    "er": "erh",
    "you": "yu",
    "yan": "yen",
    "ye": "yeh",
    "yong": "yung",
    "yue": "yueh",
    "e": "o",
    "lv": "lu",
    "nv": "nu",
    "lve": "lueh",
    "nve": "nueh",
}
_WG_UO_KEPT = ("g", "k", "h", "sh")


def wade_giles(pinyin: str) -> str:
    """The Wade-Giles spelling of a toneless pinyin syllable, without apostrophes or umlauts."""
    if pinyin in _WG_WHOLE:
        return _WG_WHOLE[pinyin]
    initial, final = "", pinyin
    for source, target in _WG_INITIALS:
        if pinyin.startswith(source):
            initial, final = target, pinyin[len(source) :]
            break
    else:
        for letter in "mfnlhsyw":
            if pinyin.startswith(letter):
                initial, final = letter, pinyin[1:]
                break
    return initial + _wg_final(pinyin, final)


def _wg_final(pinyin: str, final: str) -> str:
    if final.startswith("ian"):
        return "ien" + final[3:]
    if final == "ie":
        return "ieh"
    if final == "ue":
        return "ueh"
    if final.endswith("ong"):
        return final[:-3] + "ung"
    if final == "uo" and not pinyin.startswith(_WG_UO_KEPT):
        return "o"
    if final == "e" and pinyin[0] in "gkh":
        return "o"
    if final == "ui" and pinyin[0] in "gk":
        return "uei"
    return final


_HK_INITIALS = {
    "b": ("p",),
    "p": ("p",),
    "d": ("t",),
    "t": ("t",),
    "g": ("k",),
    "k": ("k",),
    "gw": ("kw",),
    "kw": ("kw",),
    "z": ("ch", "ts"),
    "c": ("ch", "ts"),
    "s": ("s", "sh"),
    "j": ("y",),
}
_HK_FINALS = {
    "aa": ("a", "ah"),
    "aai": ("ai",),
    "aau": ("au",),
    "au": ("au", "ow"),
    "aam": ("am",),
    "aan": ("an",),
    "aang": ("ang",),
    "aap": ("ap",),
    "aat": ("at",),
    "aak": ("ak",),
    "am": ("am", "um"),
    "an": ("an", "un"),
    "ei": ("ei", "ee", "i"),
    "i": ("i", "ee"),
    "o": ("o", "oh", "aw"),
    "oi": ("oi", "oy"),
    "ou": ("o", "ou"),
    "u": ("u", "oo"),
    "ui": ("ui", "ooi"),
    "un": ("un", "oon"),
    "ut": ("ut", "oot"),
    "uk": ("uk", "ook"),
    "yu": ("u", "ue", "yu"),
    "yun": ("uen", "un", "yuen"),
    "yut": ("uet", "ut", "yuet"),
    "oe": ("oe", "eu"),
    "oeng": ("eung",),
    "oek": ("euk",),
    "eoi": ("ui", "eui"),
    "eon": ("un", "eun"),
    "eot": ("ut", "eut"),
}
# Cantonese surname readings that differ from the character's first Unihan reading
# (區 Au, 單 Sin, 蕭/肖 Siu, 仇 Sau, 解 Haai, 查 Cha, 盖 Koi, 乐 Lok, 覃 Tam, 翟 Chak, 缪 Mau).
CANTONESE_SURNAME_READINGS = "区au 单sin 肖siu 仇sau 解haai 查caa 盖koi 乐lok 覃tam 翟zaak 缪mau"
_SURNAME_OVERRIDE_CHARS = frozenset(item[0] for item in CANTONESE_SURNAME_READINGS.split())
# Two-letter initials first, so that gw/kw/ng are not read as g/k/n.
_JYUTPING_INITIALS: tuple[str, ...] = ("gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n")
_JYUTPING_INITIALS += ("l", "g", "k", "h", "w", "z", "c", "s", "j")


def hong_kong_spellings(jyutping: str, primary: bool = False) -> frozenset[str]:
    """Hong Kong government spellings of one toneless Jyutping syllable (plus the Jyutping);
    ``primary``: only the first spelling of each final (for surnames, whose usual spellings are
    few: 陳 is CHAN, never CHUN)."""
    initial = next((i for i in _JYUTPING_INITIALS if jyutping.startswith(i)), "")
    final = jyutping[len(initial) :]
    if not final:  # syllabic ng / m (吳 ng → NG)
        return frozenset({jyutping})
    spellings = {jyutping}
    for first in _HK_INITIALS.get(initial, (initial,)):
        if first in ("ch", "ts", "s", "sh") and final == "i":
            spellings.update({first + "i", first + "ee", first + "z", first + "ze"})
            continue
        finals = _HK_FINALS.get(final, (final,))
        for rest in finals[:1] if primary else finals:
            if first == "y" and rest.startswith(("y", "i")):
                spellings.add(rest if rest.startswith("y") else "y" + rest)
            else:
                spellings.add(first + rest)
    return frozenset(spellings)


def _mandarin(char: str, surname: bool = False) -> set[str]:
    readings = {lazy_pinyin(char, style=Style.NORMAL)[0]}
    if char in SURNAME_READINGS:
        if surname:
            return {SURNAME_READINGS[char]}
        readings.add(SURNAME_READINGS[char])
    return {r for r in readings if r in PINYIN_SYLLABLES}


def _build_index(chars: frozenset[str] | None) -> dict[str, frozenset[str]]:
    """Spelling → Mandarin syllables, from pinyin, Wade-Giles and the Cantonese readings of the
    name characters (only of ``chars`` when given: the surname index)."""
    index: dict[str, set[str]] = {}
    for syllable in PINYIN_SYLLABLES:
        index.setdefault(syllable, set()).add(syllable)
        index.setdefault(wade_giles(syllable), set()).add(syllable)
    for item in (CANTONESE_READINGS + " " + CANTONESE_SURNAME_READINGS).split():
        char, jyutpings = item[0], item[1:]
        if chars is not None and char not in chars:
            continue
        mandarin = _mandarin(char, surname=chars is not None)
        for jyutping in jyutpings.split("/"):
            for spelling in hong_kong_spellings(jyutping, primary=chars is not None):
                index.setdefault(spelling, set()).update(mandarin)
    for spelling, surnames in SOUTHERN_SURNAMES.items():
        index.setdefault(spelling, set()).update(surnames)
    if chars is None:
        for spelling in SOUTHERN_GIVEN_SYLLABLES:
            index.setdefault(spelling, set()).add(spelling)
    for passport, pinyin in (("lyu", "lv"), ("nyu", "nv"), ("lue", "lve"), ("nue", "nve")):
        index.setdefault(passport, set()).add(pinyin)
    return {spelling: frozenset(found) for spelling, found in index.items() if found}


_READINGS = _build_index(None)
# Syllables for splitting joined words: southern surname spellings (TAN, TEO …) only stand alone.
_SPLITTABLE = frozenset(_READINGS) - (frozenset(SOUTHERN_SURNAMES) - PINYIN_SYLLABLES)
_SURNAME_READINGS = _build_index(frozenset(SURNAMES_BY_FREQUENCY) | _SURNAME_OVERRIDE_CHARS)
_MAX_SYLLABLE = max(len(s) for s in _READINGS)
_MAX_WORD = 30


def readings(syllable: str) -> frozenset[str]:
    """Mandarin syllables that ``syllable`` (folded Latin) may stand for; empty if none."""
    return _READINGS.get(syllable, frozenset())


def surname_readings(syllable: str) -> frozenset[str]:
    """Mandarin surnames that ``syllable`` may stand for (CHAN → chen, zeng …; not 晨 chen)."""
    return _SURNAME_READINGS.get(syllable, frozenset())


def is_syllable(text: str) -> bool:
    return text in _READINGS


def compound_surname(word: str) -> tuple[str, str] | None:
    """``ouyang``/``auyeung``/``szeto`` → the pinyin syllables of the compound surname."""
    return LATIN_COMPOUND_SURNAMES.get(word)


@lru_cache(maxsize=16384)
def split_syllables(word: str) -> tuple[str, ...] | None:
    """Split a folded word into Chinese syllables (fewest syllables, longest first): ``dawen`` →
    (da, wen), ``zhenghua`` → (zheng, hua); None when no split exists or the word is too long.

    As in pinyin orthography (GB/T 16159 apostrophe rule), a syllable inside a joined word does
    not start with a, e or o (that would be written XI'AN), which keeps MATEO or ALAN unsplit."""
    if word in _READINGS:
        return (word,)
    if not word or len(word) > _MAX_WORD:
        return None
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[len(word)] = ()
    for start in range(len(word) - 1, -1, -1):
        top = min(len(word), start + _MAX_SYLLABLE)
        for end in range(top, start, -1):
            rest = best[end]
            piece = word[start:end]
            if rest is None or piece not in _SPLITTABLE or (start and piece[0] in "aeo"):
                continue
            candidate = (piece, *rest)
            current = best[start]
            if current is None or len(candidate) < len(current):
                best[start] = candidate
    return best[0]
