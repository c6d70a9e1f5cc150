"""Names in the MRZ: transliteration to A-Z (ICAO Doc 9303 Part 3, section 6).

Punctuation (Doc 9303 Part 3, 4.6): hyphens and spaces separate name components (a filler in the
MRZ); apostrophes, commas, full stops and other punctuation are omitted; digits are not allowed.
Letters not in the tables (e.g. Romanian Ș, Vietnamese Ư) fall back to their base letter without
diacritics, which is also what the Latin table does for most accented letters.
"""

from __future__ import annotations

import unicodedata

from guomen.documents.mrz.errors import MrzFieldError
from guomen.documents.mrz.translit_tables import (
    ARABIC,
    CYRILLIC,
    GREEK,
    GREEK_DIGRAPHS,
    GREEK_UPSILON_DIPHTHONGS,
    GREEK_VOICELESS,
    LATIN,
)

_SEPARATORS = frozenset(" \t<-\u2010\u2011\u2012\u2013\u2014\u2212_/")
_DIAERESIS = "\u0308"


def transliterate_name(text: str, *, field: str = "name") -> str:
    """The MRZ form of a name: words of A-Z separated by single spaces.

    ``MrzFieldError`` (code ``mrz_untransliterable`` or ``mrz_digit_in_name``) when a character
    cannot be written in an MRZ name.
    """
    text = unicodedata.normalize("NFKC", text).upper()
    pieces: list[str] = []
    index = 0
    while index < len(text):
        if _is_greek(text[index]):
            end = index
            while end < len(text) and (_is_greek(text[end]) or unicodedata.combining(text[end])):
                end += 1
            pieces.append(_greek(text[index:end]))
            index = end
            continue
        pieces.append(_one(text[index], field))
        index += 1
    return " ".join("".join(pieces).split())


def _one(char: str, field: str) -> str:
    if "A" <= char <= "Z":
        return char
    if char in _SEPARATORS:
        return " "
    if char.isdigit():
        raise MrzFieldError(
            f"{field}: digits are not allowed in an MRZ name", code="mrz_digit_in_name", field=field
        )
    for table in (LATIN, CYRILLIC, ARABIC):
        if char in table:
            return table[char]
    category = unicodedata.category(char)
    if category.startswith("P") or category.startswith("Z") or category == "Mn":
        return "" if category != "Zs" else " "
    base = unicodedata.normalize("NFKD", char)
    letters = "".join(c for c in base if not unicodedata.combining(c))
    if letters and all("A" <= c <= "Z" for c in letters.upper()):
        return letters.upper()
    raise MrzFieldError(
        f"{field}: cannot transliterate {char!r} (U+{ord(char):04X})",
        code="mrz_untransliterable",
        field=field,
    )


def _is_greek(char: str) -> bool:
    return "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff"


def _greek(run: str) -> str:
    """ELOT 743 for one run of Greek letters (accents dropped, diaeresis breaks diphthongs)."""
    letters: list[tuple[str, bool]] = []
    for char in unicodedata.normalize("NFD", run):
        if unicodedata.combining(char):
            if char == _DIAERESIS and letters:
                letters[-1] = (letters[-1][0], True)
            continue
        letters.append((char.upper(), False))
    out: list[str] = []
    i = 0
    while i < len(letters):
        pair = letters[i][0] + (letters[i + 1][0] if i + 1 < len(letters) else "")
        second_plain = i + 1 < len(letters) and not letters[i + 1][1]
        if second_plain and pair in GREEK_UPSILON_DIPHTHONGS:
            following = letters[i + 2][0] if i + 2 < len(letters) else ""
            voiceless = following == "" or following in GREEK_VOICELESS
            out.append(GREEK_UPSILON_DIPHTHONGS[pair] + ("F" if voiceless else "V"))
            i += 2
        elif second_plain and pair in GREEK_DIGRAPHS:
            out.append(GREEK_DIGRAPHS[pair])
            i += 2
        else:
            out.append(GREEK.get(letters[i][0], ""))
            i += 1
    return "".join(out)
