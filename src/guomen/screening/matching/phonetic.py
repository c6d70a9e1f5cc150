"""Phonetic keys for folded Latin name tokens (our own simple scheme, documented here).

``phonetic_key`` keeps the first letter's class and the consonant classes that follow, so that
transliteration variants meet: MOHAMMED, MUHAMMAD, MOHAMAD → ``mhmt``; SERGEI, SERGEY → ``srk``;
YOUSSEF, YUSUF → ``asf``. The classes follow the usual reasoning of Soundex-family keys (voiced
and voiceless stops merged, sibilants merged, doubled letters collapsed, vowels dropped after the
first letter) and the digraphs common in romanised Arabic, Persian, Russian and Chinese names.

``consonant_signature`` is the sorted set of consonants: it survives transpositions, doubled
letters and vowel typos (ATTIIQULLAH, AMGHOMED, ADBUL), so it serves for typo-tolerant blocking.

``skeleton`` is the consonant skeleton used when one side was written in an abjad (Arabic,
Hebrew), whose romanisation has no short vowels: محمد → mhmd ↔ MUHAMMAD → mhmd.
"""

from __future__ import annotations

from functools import lru_cache

_DIGRAPHS = (
    ("sch", "x"),
    ("tch", "x"),
    ("tsh", "x"),
    ("sh", "x"),
    ("ch", "x"),
    ("zh", "j"),
    ("dj", "j"),
    ("dzh", "j"),
    ("kh", "k"),
    ("gh", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "t"),
    ("ck", "k"),
    ("qu", "k"),
    ("ts", "s"),
    ("tz", "s"),
)
_CLASSES = {
    "b": "p",
    "p": "p",
    "d": "t",
    "t": "t",
    "g": "k",
    "k": "k",
    "q": "k",
    "c": "k",
    "x": "x",
    "j": "j",
    "s": "s",
    "z": "s",
    "f": "f",
    "v": "f",
    "w": "f",
    "h": "h",
    "l": "l",
    "r": "r",
    "m": "m",
    "n": "n",
}
_VOWELS = frozenset("aeiouy")
_MAX_KEY = 6


def _digraphs(token: str) -> str:
    for source, target in _DIGRAPHS:
        if source in token:
            token = token.replace(source, target)
    return token


@lru_cache(maxsize=65536)
def phonetic_key(token: str) -> str:
    """A short key for a folded token: ``mohammed`` → ``mhmt``; empty for an empty token."""
    if not token:
        return ""
    first = "a" if token[0] in _VOWELS else ""
    body = _digraphs(token)
    codes: list[str] = [first] if first else []
    previous = first
    for index, ch in enumerate(body):
        code = _CLASSES.get(ch, "")
        if ch == "c" and index + 1 < len(body) and body[index + 1] in "eiy":
            code = "s"
        if code and code != previous:
            codes.append(code)
        previous = code
        if len(codes) >= _MAX_KEY:
            break
    return "".join(codes)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant classes with every vowel (and w, y as vowel carriers) removed."""
    body = _digraphs(token)
    out: list[str] = []
    for ch in body:
        if ch in "aeiouyw":
            continue
        code = _CLASSES.get(ch, "")
        if code and (not out or out[-1] != code):
            out.append(code)
    return "".join(out)


@lru_cache(maxsize=65536)
def consonant_signature(token: str) -> str:
    """The distinct consonant classes, sorted: ``maghomed`` and ``amghomed`` → ``kmt``."""
    return "".join(sorted(set(skeleton(token))))
