"""Scoring algorithms: a named, versioned list of weighted features plus per-list thresholds.

``GUOMEN_LOGIC_V1`` is the default. Its score is the weighted sum of its features clipped to
[0, 1]; the decision compares the score with the thresholds of the entry's list type. Wanted
lists favour recall (lower thresholds); watch lists only notify and ask for more certainty.
Every :class:`MatchResult` carries the algorithm's name and version, and every feature's score,
weight and reason, so a stored hit can always be explained and re-scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from guomen.screening.matching import features as f
from guomen.screening.matching.features import Feature, gather, gather_with_name
from guomen.screening.matching.model import (
    Decision,
    Entry,
    FeatureResult,
    ListType,
    MatchResult,
    Query,
)
from guomen.screening.matching.prepared import (
    PreparedEntry,
    PreparedQuery,
    prepare_entry,
    prepare_query,
)
from guomen.screening.matching.similarity import NameComparison


@dataclass(frozen=True, slots=True)
class Thresholds:
    match: float
    possible: float

    def decide(self, score: float) -> Decision:
        if score >= self.match:
            return Decision.MATCH
        if score >= self.possible:
            return Decision.POSSIBLE
        return Decision.NONE


@dataclass(frozen=True, slots=True)
class Algorithm:
    name: str
    version: str
    features: tuple[Feature, ...]
    thresholds: tuple[tuple[ListType, Thresholds], ...]

    def thresholds_for(self, list_type: str) -> Thresholds:
        for listed, thresholds in self.thresholds:
            if listed.value == list_type:
                return thresholds
        raise KeyError(f"{self.name} has no thresholds for list type {list_type!r}")


NAME_FEATURE = "name_similarity"

GUOMEN_LOGIC_V1 = Algorithm(
    name="GuomenLogicV1",
    version="1.0.0",
    features=(
        Feature("name_similarity", 1.0, f.name_similarity),
        Feature("birth_date_agreement", 0.08, f.birth_date_agreement),
        Feature("birth_date_disagreement", -0.15, f.birth_date_disagreement),
        Feature("birth_date_far_apart", -0.15, f.birth_date_far_apart),
        Feature("document_number_match", 0.35, f.document_number_match),
        Feature("document_number_mismatch", -0.05, f.document_number_mismatch),
        Feature("nationality_mismatch", -0.08, f.nationality_mismatch),
        Feature("sex_mismatch", -0.12, f.sex_mismatch),
    ),
    thresholds=(
        (ListType.DENY_ENTRY, Thresholds(match=0.80, possible=0.65)),
        (ListType.DENY_EXIT, Thresholds(match=0.80, possible=0.65)),
        (ListType.WANTED, Thresholds(match=0.76, possible=0.58)),
        (ListType.WATCH, Thresholds(match=0.85, possible=0.70)),
    ),
)


class Matcher:
    """Compares queries with entries under one algorithm; prepare once, compare often."""

    def __init__(self, algorithm: Algorithm = GUOMEN_LOGIC_V1) -> None:
        self.algorithm = algorithm

    def score(self, query: PreparedQuery, entry: PreparedEntry, name: NameComparison) -> float:
        """The score :meth:`compare` gives the pair, without its explanations (the index scores
        every candidate this way and explains only the hits)."""
        evidence = gather_with_name(query, entry, name)
        total = 0.0
        for feature in self.algorithm.features:
            if feature.name == NAME_FEATURE:
                total += feature.weight * name.score
            else:
                total += feature.weight * feature.measure(evidence)[0]
        return round(min(1.0, max(0.0, total)), 4)

    def compare(
        self,
        query: Query | PreparedQuery,
        entry: Entry | PreparedEntry,
        name: NameComparison | None = None,
    ) -> MatchResult:
        prepared_query = query if isinstance(query, PreparedQuery) else prepare_query(query)
        prepared_entry = entry if isinstance(entry, PreparedEntry) else prepare_entry(entry)
        if name is None:
            evidence = gather(prepared_query, prepared_entry)
        else:
            evidence = gather_with_name(prepared_query, prepared_entry, name)
        results = tuple(
            FeatureResult(feature.name, feature.weight, *feature.measure(evidence))
            for feature in self.algorithm.features
        )
        score = round(min(1.0, max(0.0, sum(r.contribution for r in results))), 4)
        listed = prepared_entry.entry
        decision = self.algorithm.thresholds_for(listed.list_type).decide(score)
        return MatchResult(
            entry_id=listed.entry_id,
            list_type=listed.list_type,
            score=score,
            decision=decision,
            features=results,
            algorithm=self.algorithm.name,
            algorithm_version=self.algorithm.version,
            matched_name=evidence.name.entry.original,
            explanations=_explanations(results),
        )


def _explanations(results: tuple[FeatureResult, ...]) -> tuple[str, ...]:
    """The reasons of the features that moved the score, the strongest first (the name's
    reason always, even when it scored nothing)."""
    moving = [r for r in results if r.contribution != 0.0 or r.name == "name_similarity"]
    moving.sort(key=lambda r: abs(r.contribution), reverse=True)
    return tuple(f"{r.explanation} [{r.name} {r.contribution:+.2f}]" for r in moving)


_DEFAULT = Matcher()


def compare(query: Query | PreparedQuery, entry: Entry | PreparedEntry) -> MatchResult:
    """Compare one query with one entry under ``GUOMEN_LOGIC_V1``."""
    return _DEFAULT.compare(query, entry)
