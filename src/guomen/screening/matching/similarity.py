"""How similar two prepared names are, token by token, with the reasons.

Token similarity (``rapidfuzz``, scorers chosen explicitly):

* the same text → 1.0; an initial against a word it starts → 0.8;
* Chinese syllables whose Mandarin readings meet (CHAN ~ CHEN ~ 陳, HSU ~ XU) → 0.92;
* abjad romanisations (no short vowels) against Latin: consonant skeletons, 0.9 when equal,
  at most 0.7 when the abjad word ends in a yā (a long -i: HASANI) and the Latin one in a
  consonant (HASSAN);
* the same letters with a letter doubled or not (AYYUB ~ AYUB, INNOCENT ~ INOCENT, HASSAN ~
  HASAN: gemination is written or left out freely in romanised names) → 0.95;
* the same letters with two neighbours swapped (AFIZ ~ FAIZ, the commonest typing slip) →
  0.85, in words of five letters or more, or of four different letters (ANNA ~ NANA are
  two names, not a slip);
* otherwise ``OSA.normalized_similarity`` (edit distance with transpositions, so AMGHOMED ~
  MAGHOMED is one edit), raised to 0.88 when the phonetic keys agree and the spelling is close.

Names are aligned by a greedy best-first assignment of token pairs (order free: swapped names
and surname-first orders match), then scored as matched weight over matched weight plus the
weight of the tokens left over on each side (a missing middle name costs less than a wrong one).
The concatenations are compared too, so DAWEN ~ DA WEN and ABDELFATTAHR EMADNA ~ ABDELFATTAH
REMADNA.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby, pairwise

from rapidfuzz.distance import OSA

from guomen.screening.matching.names import PreparedName, Token, TokenKind

EXACT = 1.0
INITIAL_MATCH = 0.6
CHINESE_READING = 0.92
SKELETON_MATCH = 0.9
SHORT_SKELETON_MATCH = 0.8
PHONETIC_FLOOR = 0.88
DOUBLED_LETTER = 0.95
SWAPPED_LETTERS = 0.85
NISBA_MISSING = 0.7
STRONG_TYPO = 0.75  # AFIZ ~ FAIZ: one transposition in four letters
PAIR_CUTOFF = 0.6  # token pairs below this are not aligned
EDIT_CUTOFF = 0.5  # rapidfuzz score_cutoff: below it the scorer returns 0 early
QUERY_LEFTOVER = 0.6  # share of an unmatched query token's weight that counts against
ENTRY_LEFTOVER = 0.45  # share of an unmatched entry token's weight (lists keep fuller names)
MIDDLE_SHARE = 0.5  # a missing middle name costs half as much as a missing first or last name
JOINED_DISCOUNT = 0.05
_CACHE_LIMIT = 200_000
_cache: dict[int, float] = {}


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    query: PreparedName
    entry: PreparedName
    pairs: tuple[tuple[Token, Token, float], ...]
    unmatched_query: tuple[Token, ...]
    unmatched_entry: tuple[Token, ...]
    joined: bool = False
    order_differs: bool = False

    def explain(self) -> str:
        head = f"name {self.score:.2f}: {self.query.original!r} ~ {self.entry.original!r}"
        if self.joined:
            return head + " (the same letters written joined or split differently)"
        parts = [_pair_text(a, b, s) for a, b, s in self.pairs]
        if self.unmatched_query:
            parts.append(
                "not in the listed name: " + " ".join(t.text for t in self.unmatched_query)
            )
        if self.unmatched_entry:
            parts.append("not in the query: " + " ".join(t.text for t in self.unmatched_entry))
        if self.order_differs:
            parts.append("word order differs")
        return head + " (" + "; ".join(parts) + ")" if parts else head


def _pair_text(a: Token, b: Token, score: float) -> str:
    if a.text == b.text:
        return f"{a.text}={b.text}"
    if score == CHINESE_READING:
        return f"{a.text}~{b.text} same Chinese reading"
    if score == INITIAL_MATCH and TokenKind.INITIAL in (a.kind, b.kind):
        return f"{a.text}~{b.text} initial"
    if score == DOUBLED_LETTER:
        return f"{a.text}~{b.text} a letter doubled"
    if score == SWAPPED_LETTERS:
        return f"{a.text}~{b.text} two letters swapped"
    if score == NISBA_MISSING and (a.abjad or b.abjad):
        return f"{a.text}~{b.text} same consonants, but the final -i is missing"
    return f"{a.text}~{b.text} {score:.2f}"


def token_similarity(a: Token, b: Token) -> float:
    """Similarity of two tokens in [0, 1] (cached: tokens repeat across a watchlist)."""
    if a.ident == b.ident:
        return EXACT
    key = a.ident << 32 | b.ident
    found = _cache.get(key)
    if found is None:
        found = _token_similarity(a, b)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = found
    return found


def _token_similarity(a: Token, b: Token) -> float:
    if TokenKind.INITIAL in (a.kind, b.kind):
        short, long = (a, b) if len(a.text) <= len(b.text) else (b, a)
        initial = long.text.startswith(short.text) and not long.abjad
        return INITIAL_MATCH if initial else 0.0
    if a.readings and b.readings and a.readings & b.readings:
        return CHINESE_READING
    if a.abjad != b.abjad:
        return _skeleton_similarity(a, b)
    edit = OSA.normalized_similarity(a.text, b.text, score_cutoff=EDIT_CUTOFF)
    if a.readings and b.readings:
        return edit if len(a.text) > 3 and len(b.text) > 3 else 0.0
    if edit >= PAIR_CUTOFF and a.phonetic == b.phonetic:
        edit = max(edit, PHONETIC_FLOOR)
    if a.text != b.text and a.kind is TokenKind.WORD and b.kind is TokenKind.WORD:
        if _undoubled(a.text) == _undoubled(b.text):
            return max(edit, DOUBLED_LETTER)
        if _swapped_neighbours(a.text, b.text):
            return max(edit, SWAPPED_LETTERS)
    return edit


def _undoubled(text: str) -> str:
    """The word with each run of one letter written once (AYYUB → AYUB)."""
    return "".join(letter for letter, _ in groupby(text))


def _swapped_neighbours(a: str, b: str) -> bool:
    """Whether two words differ only by two neighbours swapped (five letters or more, or
    four different letters)."""
    if len(a) != len(b) or len(a) < 4 or (len(a) == 4 and len(set(a)) < 4):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


def _skeleton_similarity(a: Token, b: Token) -> float:
    """An abjad romanisation (mhmd) against a Latin spelling (muhammad): consonants only, and
    only when the skeletons are long enough to mean something and the lengths are plausible."""
    abjad, latin = (a, b) if a.abjad else (b, a)
    if not abjad.skeleton or len(latin.text) > 2 * len(abjad.text) + 2:
        return 0.0
    found = _skeleton_score(a, b, latin)
    if len(abjad.text) >= 3 and abjad.text[-1] == "y" and latin.text[-1] not in "aeiouy":
        # a final yā is a long -i (the nisba of HASANI, MUHAMMADI): a Latin spelling that
        # ends in a consonant (HASSAN, MAHAMUD) is another name built on the same root
        return min(found, NISBA_MISSING)
    return found


def _skeleton_score(a: Token, b: Token, latin: Token) -> float:
    if a.skeleton == b.skeleton:
        if len(a.skeleton) == 1:  # علي → ly ~ ALI: one consonant, short words only
            return SHORT_SKELETON_MATCH if len(latin.text) <= 4 else 0.0
        return SKELETON_MATCH
    if min(len(a.skeleton), len(b.skeleton)) < 3:
        return 0.0
    close = OSA.normalized_similarity(a.skeleton, b.skeleton, score_cutoff=EDIT_CUTOFF)
    return SKELETON_MATCH * close


def compare_names(query: PreparedName, entry: PreparedName) -> NameComparison:
    """Align the tokens of two names and score the alignment."""
    candidates = _candidate_pairs(query, entry)
    joined = _joined_score(query, entry)
    if not candidates:
        return NameComparison(joined, query, entry, (), query.tokens, entry.tokens, joined > 0)
    used_q: set[int] = set()
    used_e: set[int] = set()
    pairs: list[tuple[Token, Token, float]] = []
    positions: list[tuple[int, int]] = []
    for score, i, j in candidates:
        if i in used_q or j in used_e:
            continue
        used_q.add(i)
        used_e.add(j)
        pairs.append((query.tokens[i], entry.tokens[j], score))
        positions.append((i, j))
    left_q = tuple(t for i, t in enumerate(query.tokens) if i not in used_q)
    left_e = tuple(t for j, t in enumerate(entry.tokens) if j not in used_e)
    leftover = QUERY_LEFTOVER * _leftover(query.tokens, used_q)
    leftover += ENTRY_LEFTOVER * _leftover(entry.tokens, used_e)
    score = _alignment_score(pairs, leftover)
    positions.sort()
    swapped = any(b[1] < a[1] for a, b in pairwise(positions))
    return NameComparison(
        max(score, joined), query, entry, tuple(pairs), left_q, left_e, joined > score, swapped
    )


def name_score(query: PreparedName, entry: PreparedName) -> float:
    """``compare_names(query, entry).score`` without the record of the alignment: the same
    greedy assignment and the same arithmetic in the same order, so the same float."""
    candidates = _candidate_pairs(query, entry)
    joined = _joined_score(query, entry)
    if not candidates:
        return joined
    q_tokens, e_tokens = query.tokens, entry.tokens
    used_q = used_e = 0  # bit sets of aligned positions (names have at most a few tokens)
    matched = mass = 0.0
    strong = False
    for similarity, i, j in candidates:
        if used_q >> i & 1 or used_e >> j & 1:
            continue
        used_q |= 1 << i
        used_e |= 1 << j
        a, b = q_tokens[i], e_tokens[j]
        weight = _pair_weight(a, b)
        matched += similarity * weight
        mass += weight
        strong = strong or _strong(a, b, similarity)
    leftover = QUERY_LEFTOVER * _leftover_bits(q_tokens, used_q)
    leftover += ENTRY_LEFTOVER * _leftover_bits(e_tokens, used_e)
    total = mass + leftover
    if total <= 0:
        return max(0.0, joined)
    score = matched / total if strong else min(matched / total, 0.5)
    return max(score, joined)


def _leftover_bits(tokens: tuple[Token, ...], used: int) -> float:
    """``_leftover`` with the used positions as a bit set."""
    first = (used & -used).bit_length() - 1
    last = used.bit_length() - 1
    total = 0.0
    for i, t in enumerate(tokens):
        if not used >> i & 1:
            total += t.weight * (MIDDLE_SHARE if first < i < last else 1.0)
    return total


def _candidate_pairs(query: PreparedName, entry: PreparedName) -> list[tuple[float, int, int]]:
    """Token pairs similar enough to align, best first (the hot loop: cached, inlined)."""
    candidates = []
    cache = _cache
    idents = entry.idents
    for i, a in enumerate(query.tokens):
        ident = a.ident
        high = ident << 32
        for j, other in enumerate(idents):
            if ident == other:
                candidates.append((EXACT, i, j))
                continue
            found = cache.get(high | other)
            similarity = token_similarity(a, entry.tokens[j]) if found is None else found
            if similarity >= PAIR_CUTOFF:
                candidates.append((similarity, i, j))
    candidates.sort(reverse=True)
    return candidates


def _leftover(tokens: tuple[Token, ...], used: set[int]) -> float:
    """Weight of the unmatched tokens; one between matched tokens (a middle name) counts half."""
    if not used:
        return sum(t.weight for t in tokens)
    first, last = min(used), max(used)
    return sum(
        t.weight * (MIDDLE_SHARE if first < i < last else 1.0)
        for i, t in enumerate(tokens)
        if i not in used
    )


def _pair_weight(a: Token, b: Token) -> float:
    """An initial matched to a word carries the initial's (small) weight."""
    if a.kind is TokenKind.INITIAL or b.kind is TokenKind.INITIAL:
        return min(a.weight, b.weight)
    return (a.weight + b.weight) / 2


def _strong(a: Token, b: Token, score: float) -> bool:
    """A word pair that alone can carry a name match (a long word with one typo counts)."""
    if a.kind is not TokenKind.WORD or b.kind is not TokenKind.WORD:
        return False
    return score >= PHONETIC_FLOOR or (score >= STRONG_TYPO and min(len(a.text), len(b.text)) >= 4)


def _alignment_score(pairs: list[tuple[Token, Token, float]], leftover: float) -> float:
    matched = sum(s * _pair_weight(a, b) for a, b, s in pairs)
    mass = sum(_pair_weight(a, b) for a, b, _ in pairs)
    total = mass + leftover
    if not pairs or total <= 0:
        return 0.0
    strong = sum(1 for a, b, s in pairs if _strong(a, b, s))
    score = matched / total
    if strong == 0:
        return min(score, 0.5)  # initials and particles alone are no name match
    return score


def _joined_score(query: PreparedName, entry: PreparedName) -> float:
    """The names' letters compared without word breaks (LAUREN TNKUNDA ~ LAURENT NKUNDA)."""
    if not query.joined or not entry.joined:
        return 0.0
    if query.chinese is not None and entry.chinese is not None:
        return 0.0  # syllables are already split the same way on both sides
    similarity = OSA.normalized_similarity(query.joined, entry.joined, score_cutoff=0.8)
    return max(0.0, similarity - JOINED_DISCOUNT)
