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
from guomen.screening.matching.features import (
    Evidence,
    Feature,
    Measure,
    Value,
    best_name,
    gather_with_name,
)
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
    version="1.1.0",
    features=(
        Feature("name_similarity", 1.0, f.name_similarity),
        Feature(
            "birth_date_agreement",
            0.08,
            f.birth_date_agreement,
            f.birth_date_agreement_value,
            f.has_birth_date,
        ),
        Feature(
            "birth_date_disagreement",
            -0.15,
            f.birth_date_disagreement,
            f.birth_date_disagreement_value,
            f.has_birth_date,
        ),
        Feature(
            "birth_date_far_apart",
            -0.15,
            f.birth_date_far_apart,
            f.birth_date_far_apart_value,
            f.has_birth_date,
        ),
        Feature(
            "document_number_match",
            0.35,
            f.document_number_match,
            f.document_number_match_value,
            f.has_document,
        ),
        Feature(
            "document_number_mismatch",
            -0.05,
            f.document_number_mismatch,
            f.document_number_mismatch_value,
            f.has_document,
        ),
        Feature(
            "nationality_mismatch", -0.08, f.nationality_mismatch, f.nationality_mismatch_value
        ),
        Feature("sex_mismatch", -0.12, f.sex_mismatch, f.sex_mismatch_value),
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
        names = [x for x in algorithm.features if x.name == NAME_FEATURE]
        if len(names) != 1:
            raise ValueError(f"{algorithm.name} needs exactly one {NAME_FEATURE} feature")
        self._name_position = algorithm.features.index(names[0])
        self._name_weight = names[0].weight
        self._valued = tuple(
            (x.weight, x.value or _score_of(x.measure))
            for x in algorithm.features
            if x.name != NAME_FEATURE
        )

    def score(self, query: PreparedQuery, entry: PreparedEntry, name_score: float) -> float:
        """The score :meth:`compare` gives the pair, given the best name score and written
        without explanations (the index scores every candidate this way and explains only the
        hits). The sum runs in the features' order, so it is the same float."""
        evidence = gather_with_name(query, entry, None)
        total = 0.0
        position = self._name_position
        for index, (weight, value) in enumerate(self._valued):
            if index == position:
                total += self._name_weight * name_score
            total += weight * value(evidence)
        if position == len(self._valued):
            total += self._name_weight * name_score
        return round(min(1.0, max(0.0, total)), 4)

    def name_bound(self, query: PreparedQuery) -> tuple[float, float]:
        """``(w, b)`` such that no entry scores above ``w * name_score + b`` against ``query``:
        the name's weight and the most the other features can add for this query (feature
        scores lie in [0, 1]; those that cannot apply to the query add nothing)."""
        bonus = 0.0
        for feature in self.algorithm.features:
            if feature.name == NAME_FEATURE or feature.weight <= 0:
                continue
            if feature.applies is None or feature.applies(query):
                bonus += feature.weight
        return self._name_weight, bonus

    def compare(
        self,
        query: Query | PreparedQuery,
        entry: Entry | PreparedEntry,
        name: NameComparison | None = None,
    ) -> MatchResult:
        prepared_query = query if isinstance(query, PreparedQuery) else prepare_query(query)
        prepared_entry = entry if isinstance(entry, PreparedEntry) else prepare_entry(entry)
        if name is None:
            name = best_name(prepared_query, prepared_entry)
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
            matched_name=name.entry.original,
            explanations=_explanations(results),
        )


def _score_of(measure: Measure) -> Value:
    def value(evidence: Evidence) -> float:
        return measure(evidence)[0]

    return value


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
