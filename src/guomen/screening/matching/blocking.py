"""Blocking keys for an inverted index: a query and an entry that may match share a key.

Keys are built from pairs of name tokens, so each key is selective (two name parts together)
while spelling variation is absorbed by the key's form:

* ``p:`` two phonetic keys (MOHAMMED/MUHAMMAD, SERGEI/SERGEY meet);
* ``c:`` two consonant signatures (transpositions, doubled letters, vowel typos meet);
* ``z:`` two Mandarin readings of Chinese syllables (CHAN TAI MAN meets 陳大文 and CHEN DAWEN);
* ``i:`` an initial with the phonetic key of the last (or first) word (J. SMITH ~ JOHN SMITH);
* ``s:`` the phonetic key and consonant signature of a one-word name (mononyms: AFIZ ~ FAIZ);
  ``j:`` the skeleton of the whole name
  for names written in an abjad and names whose word breaks differ.

Only word tokens count (particles and honorifics make no key); at most ``MAX_KEY_TOKENS`` per
name, so the number of keys per name is bounded (at most a few dozen).
"""

from __future__ import annotations

from itertools import combinations

from guomen.screening.matching.model import Entry, Query
from guomen.screening.matching.names import PreparedName, Token, TokenKind
from guomen.screening.matching.phonetic import consonant_signature, skeleton
from guomen.screening.matching.prepared import (
    PreparedEntry,
    PreparedQuery,
    prepare_entry,
    prepare_query,
)

MAX_KEY_TOKENS = 5
MAX_READINGS = 6


def name_keys(name: PreparedName) -> frozenset[str]:
    """The blocking keys of one prepared name."""
    words = [t for t in name.tokens if t.kind is TokenKind.WORD][:MAX_KEY_TOKENS]
    initials = [t for t in name.tokens if t.kind is TokenKind.INITIAL]
    keys: set[str] = set()
    if len(words) == 1:
        keys.add("s:" + words[0].phonetic)
        keys.add("s:" + consonant_signature(words[0].text))
    for a, b in combinations(words, 2):
        keys.update(_pair_keys(a, b))
    if words:
        for initial in initials:
            keys.add(f"i:{initial.text}|{words[-1].phonetic}")
            keys.add(f"i:{initial.text}|{words[0].phonetic}")
        if len(words) >= 2:
            for word in words[:-1]:
                keys.add(f"i:{word.text[0]}|{words[-1].phonetic}")
            for word in words[1:]:
                keys.add(f"i:{word.text[0]}|{words[0].phonetic}")
    if any(t.abjad for t in name.tokens) or len(words) >= 2:
        keys.add("j:" + skeleton(name.joined))
    return frozenset(k for k in keys if not k.endswith((":", "|")))


def _pair_keys(a: Token, b: Token) -> set[str]:
    if a.readings and b.readings:
        return {
            "z:" + "|".join(sorted((x, y)))
            for x in sorted(a.readings)[:MAX_READINGS]
            for y in sorted(b.readings)[:MAX_READINGS]
        }
    keys = {"p:" + "|".join(sorted((a.phonetic, b.phonetic)))}
    signatures = sorted((consonant_signature(a.text), consonant_signature(b.text)))
    if all(signatures):
        keys.add("c:" + "|".join(signatures))
    if a.abjad or b.abjad:
        keys.add("k:" + "|".join(sorted((a.skeleton, b.skeleton))))
    return keys


def candidate_keys(entry: Entry | PreparedEntry) -> frozenset[str]:
    """Every blocking key of an entry (all its names and aliases)."""
    prepared = entry if isinstance(entry, PreparedEntry) else prepare_entry(entry)
    return frozenset().union(*(name_keys(n) for n in prepared.names))


def query_keys(query: Query | PreparedQuery) -> frozenset[str]:
    """Every blocking key of a query; look each up in the index built from ``candidate_keys``."""
    prepared = query if isinstance(query, PreparedQuery) else prepare_query(query)
    return frozenset().union(*(name_keys(n) for n in prepared.names))
