"""The in-memory screening index: every active listed person, prepared once, found by key.

A :class:`ScreeningIndex` is an immutable snapshot: the prepared entries in a list, and an
inverted index from blocking keys (``matching.candidate_keys`` plus the OCR-folded document
number) to entry positions, each posting list an ``array('I')`` (4 bytes a posting).
Prepared names and their tokens are interned, so a name or a name part shared by many entries
(MOHAMMED, CHEN, IVANOV) is held once.

A query looks up its keys, rarest first, and counts how many keys each candidate shares; keys
so common that they would bring in more than ``common_key`` entries are only used when the
rarer keys found nobody. At most ``max_candidates`` candidates, those sharing the most keys,
are compared; the hits are sorted by score.

:class:`IndexHolder` keeps the snapshot in force: a new one is built aside and swapped in with
one reference assignment under a lock, so a request screens against the old list or the new
one, never half of each.
"""

from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from guomen.screening.convert import is_screened, to_matcher_entry
from guomen.screening.matching import (
    Decision,
    Entry,
    Matcher,
    MatchResult,
    PreparedEntry,
    PreparedName,
    PreparedQuery,
    Query,
    candidate_keys,
    prepare_entry,
    prepare_query,
    query_keys,
)
from guomen.screening.matching.features import best_name
from guomen.screening.matching.names import Token
from guomen.screening.matching.similarity import NameComparison, name_score
from guomen.screening.model import WatchlistEntry
from guomen.shared.errors import ValidationFailed

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_CANDIDATES = 200  # compared per query: bounds the time of a query on a common name
COMMON_KEY = 20_000  # a key on more entries than this is used only when rarer keys found none
KEPT_SKIPPED = 20
BOUND_MARGIN = 1e-4  # above any rounding of a score to four places
_SEVERITY = {Decision.MATCH: 2, Decision.POSSIBLE: 1, Decision.NONE: 0}


@dataclass(frozen=True, slots=True)
class IndexHit:
    """One compared entry: where it is listed, its primary name and the matcher's verdict."""

    list_id: str
    entry_id: str
    entry_name: str
    result: MatchResult


@dataclass(frozen=True, slots=True)
class IndexAnswer:
    """The hits of one query (best first) and how much was compared to find them."""

    hits: tuple[IndexHit, ...]
    candidates: int  # entries compared
    best_score: float  # the best score of any compared entry, hit or not


@dataclass(frozen=True, slots=True)
class IndexStats:
    entries: int
    skipped: int  # entries left out: not a person, or no name the matcher can use
    keys: int
    postings: int
    skipped_ids: tuple[str, ...]  # the first few left out, by id (no personal data)


class _Interner:
    """Shares equal prepared names and tokens between entries (build time only)."""

    def __init__(self) -> None:
        self._names: dict[PreparedName, PreparedName] = {}
        self._tokens: dict[Token, Token] = {}

    def entry(self, prepared: PreparedEntry) -> PreparedEntry:
        return replace(prepared, names=tuple(self._name(n) for n in prepared.names))

    def _name(self, name: PreparedName) -> PreparedName:
        found = self._names.get(name)
        if found is None:
            tokens = tuple(self._tokens.setdefault(t, t) for t in name.tokens)
            found = self._names[name] = replace(name, tokens=tokens)
        return found


class IndexBuilder:
    """Collects entries, then ``build()`` gives the index (one builder, one index)."""

    def __init__(self, matcher: Matcher | None = None) -> None:
        self._matcher = matcher or Matcher()
        self._entries: list[PreparedEntry] = []
        self._list_ids: list[str] = []
        self._entry_ids: list[str] = []
        self._postings: dict[str, array[int]] = {}
        self._interner = _Interner()
        self._skipped = 0
        self._skipped_ids: list[str] = []
        self._built = False

    def add(self, entry: WatchlistEntry) -> bool:
        """Add one listed person; False (and counted) when it cannot be screened against."""
        if not is_screened(entry):
            return self._skip(entry.entry_id)
        try:
            prepared = prepare_entry(to_matcher_entry(entry))
        except ValidationFailed:
            return self._skip(entry.entry_id)
        self.add_prepared(entry.list_id, entry.entry_id, prepared)
        return True

    def add_prepared(self, list_id: str, entry_id: str, prepared: PreparedEntry) -> None:
        if self._built:
            raise RuntimeError("this builder has built its index; start a new one")
        position = len(self._entries)
        self._entries.append(self._interner.entry(prepared))
        self._list_ids.append(list_id)
        self._entry_ids.append(entry_id)
        postings = self._postings
        for key in entry_keys(prepared):
            found = postings.get(key)
            if found is None:
                postings[key] = array("I", (position,))
            else:
                found.append(position)

    def _skip(self, entry_id: str) -> bool:
        self._skipped += 1
        if len(self._skipped_ids) < KEPT_SKIPPED:
            self._skipped_ids.append(entry_id)
        return False

    def build(self) -> ScreeningIndex:
        self._built = True
        stats = IndexStats(
            entries=len(self._entries),
            skipped=self._skipped,
            keys=len(self._postings),
            postings=sum(len(p) for p in self._postings.values()),
            skipped_ids=tuple(self._skipped_ids),
        )
        return ScreeningIndex(
            self._matcher, self._entries, self._list_ids, self._entry_ids, self._postings, stats
        )


def entry_keys(prepared: PreparedEntry) -> set[str]:
    keys = set(candidate_keys(prepared))
    keys.update("d:" + d.folded for d in prepared.documents if d.folded)
    return keys


def search_keys(prepared: PreparedQuery) -> set[str]:
    keys = set(query_keys(prepared))
    if prepared.document is not None and prepared.document.folded:
        keys.add("d:" + prepared.document.folded)
    return keys


class ScreeningIndex:
    """An immutable snapshot of the lists in force; safe to share between threads."""

    def __init__(
        self,
        matcher: Matcher,
        entries: list[PreparedEntry],
        list_ids: list[str],
        entry_ids: list[str],
        postings: dict[str, array[int]],
        stats: IndexStats,
        *,
        max_candidates: int = MAX_CANDIDATES,
        common_key: int = COMMON_KEY,
    ) -> None:
        self._matcher = matcher
        self._entries = entries
        self._list_ids = list_ids
        self._entry_ids = entry_ids
        self._postings = postings
        self.stats = stats
        self.max_candidates = max_candidates
        self.common_key = common_key
        algorithm = matcher.algorithm
        self._thresholds = {
            t: algorithm.thresholds_for(t) for t in {e.entry.list_type for e in entries}
        }

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def algorithm(self) -> tuple[str, str]:
        return self._matcher.algorithm.name, self._matcher.algorithm.version

    def candidates(self, keys: Iterable[str]) -> list[int]:
        """Positions of the entries to compare: those sharing the most keys, rare keys first."""
        found = [p for k in keys if (p := self._postings.get(k)) is not None]
        found.sort(key=len)
        counts: Counter[int] = Counter()
        for postings in found:
            if counts and len(postings) > self.common_key:
                break
            counts.update(postings)
        if len(counts) <= self.max_candidates:
            return list(counts)
        return [position for position, _ in counts.most_common(self.max_candidates)]

    def screen(
        self, query: Query | PreparedQuery, limit: int = DEFAULT_LIMIT, *, with_none: bool = False
    ) -> IndexAnswer:
        """The entries a query may be (decision ``possible`` or ``match`` under the thresholds
        of each entry's list type; also ``none`` with ``with_none``), best first."""
        if not 1 <= limit <= MAX_LIMIT:
            raise ValidationFailed(f"limit must be 1-{MAX_LIMIT}")
        prepared = query if isinstance(query, PreparedQuery) else prepare_query(query)
        positions = self.candidates(search_keys(prepared))
        if with_none:
            hits = [
                self._hit(p, self._matcher.compare(prepared, self._entries[p])) for p in positions
            ]
            best = max((h.result.score for h in hits), default=0.0)
        else:
            hits, best = self._hits(prepared, positions)
        hits.sort(key=_rank)
        return IndexAnswer(tuple(hits[:limit]), len(positions), best)

    def _hits(self, prepared: PreparedQuery, positions: list[int]) -> tuple[list[IndexHit], float]:
        """The candidates decided ``possible`` or ``match`` and the best score of all, as if
        every candidate were compared in full, but cheaper:

        * each prepared name (shared by namesakes: interned) is scored once per query, and
          without the record of its alignment;
        * candidates are scored best name first, and once a name's score plus the most the
          other features could add stays below both the lowest threshold and the best score
          found, no later candidate can be a hit or raise the best score: the rest are skipped;
        * only hits are compared in full, with their explanations.
        """
        entries = self._entries
        matcher = self._matcher
        by_name: dict[int, float] = {}
        query_names = prepared.names
        ranked: list[tuple[float, int]] = []
        for position in positions:
            entry_best = 0.0
            for name in entries[position].names:
                found = by_name.get(id(name))
                if found is None:
                    found = by_name[id(name)] = max(name_score(q, name) for q in query_names)
                if found > entry_best:
                    entry_best = found
            ranked.append((entry_best, position))
        ranked.sort(key=_by_name_score)
        weight, bonus = matcher.name_bound(prepared)
        floor = min(t.possible for t in self._thresholds.values()) if self._thresholds else 0.0
        thresholds = self._thresholds
        hits: list[IndexHit] = []
        explained: dict[tuple[int, ...], NameComparison] = {}
        best = 0.0
        for name_best, position in ranked:
            bound = weight * name_best + bonus + BOUND_MARGIN  # rounding to 4 places included
            if bound < floor and bound <= best:
                break
            entry = entries[position]
            score = matcher.score(prepared, entry, name_best)
            if score > best:
                best = score
            if thresholds[entry.entry.list_type].decide(score) is not Decision.NONE:
                key = tuple(map(id, entry.names))  # namesakes share interned names
                compared = explained.get(key)
                if compared is None:
                    compared = explained[key] = best_name(prepared, entry)
                hits.append(self._hit(position, matcher.compare(prepared, entry, compared)))
        return hits, best

    def _hit(self, position: int, result: MatchResult) -> IndexHit:
        entry: Entry = self._entries[position].entry
        return IndexHit(self._list_ids[position], self._entry_ids[position], entry.names[0], result)


def _by_name_score(item: tuple[float, int]) -> tuple[float, int]:
    return -item[0], item[1]


def _rank(hit: IndexHit) -> tuple[float, int, str, str]:
    result = hit.result
    return (-result.score, -_SEVERITY[result.decision], hit.list_id, hit.entry_id)


def build_from(entries: Iterable[WatchlistEntry], matcher: Matcher | None = None) -> ScreeningIndex:
    """An index of every entry given (pass only the entries in force: ``active_entries``)."""
    builder = IndexBuilder(matcher)
    for entry in entries:
        builder.add(entry)
    return builder.build()


class IndexHolder:
    """The index in force. ``swap`` replaces the whole snapshot at once."""

    def __init__(self, index: ScreeningIndex | None = None) -> None:
        self._lock = threading.Lock()
        self._index = index if index is not None else IndexBuilder().build()
        self._generation = 0

    def current(self) -> ScreeningIndex:
        """The snapshot to use for a whole request (read it once, then keep using it)."""
        with self._lock:
            return self._index

    @property
    def generation(self) -> int:
        """How many times the index was swapped."""
        with self._lock:
            return self._generation

    def swap(self, new_index: ScreeningIndex) -> ScreeningIndex:
        """Put ``new_index`` in force; returns the one it replaces."""
        with self._lock:
            old, self._index = self._index, new_index
            self._generation += 1
            return old
