"""The evidence gathered once per (query, entry) pair and the features that read it.

A feature is a named function from the evidence to a score in [0, 1] and a human-readable reason;
an algorithm (``logic``) gives each feature a weight. Qualifier features (nationality, sex,
differing document numbers, disagreeing birth dates) only ever have negative weights: they lower
a name match but never raise one on their own.

A feature may also give its score alone (``value``: no reason written), which is what the index
uses to score every candidate, and say when it cannot score above 0 for a query (``applies``),
which bounds how much the qualifiers can add to a name's score.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from guomen.screening.matching.dates import DateComparison, compare_birth_dates
from guomen.screening.matching.documents import DocumentComparison, compare_documents
from guomen.screening.matching.prepared import PreparedEntry, PreparedQuery
from guomen.screening.matching.similarity import NameComparison, compare_names


class Evidence(NamedTuple):
    """What the features read. ``name`` is None when only the score is wanted (the name's
    score is then given separately, see ``Matcher.score``)."""

    name: NameComparison | None
    dates: DateComparison
    documents: DocumentComparison
    query: PreparedQuery
    entry: PreparedEntry


Measure = Callable[[Evidence], tuple[float, str]]
Value = Callable[[Evidence], float]
Applies = Callable[[PreparedQuery], bool]


class Feature(NamedTuple):
    name: str
    weight: float
    measure: Measure
    value: Value | None = None  # the score without its reason (defaults to measure's score)
    applies: Applies | None = None  # False: the feature scores 0 for this query whatever the entry


def gather(query: PreparedQuery, entry: PreparedEntry) -> Evidence:
    return gather_with_name(query, entry, best_name(query, entry))


def gather_with_name(
    query: PreparedQuery, entry: PreparedEntry, name: NameComparison | None
) -> Evidence:
    """The evidence with the name comparison already made (or left out: ``None``)."""
    return Evidence(
        name,
        compare_birth_dates(query.query.birth_date, entry.entry.birth_dates),
        compare_documents(query.document, entry.documents),
        query,
        entry,
    )


def best_name(query: PreparedQuery, entry: PreparedEntry) -> NameComparison:
    """The best-scoring pair among the query's names and the entry's names and aliases."""
    best: NameComparison | None = None
    for q in query.names:
        for e in entry.names:
            found = compare_names(q, e)
            if best is None or found.score > best.score:
                best = found
                if found.score >= 1.0:
                    return found
    assert best is not None  # prepared queries and entries always have a name
    return best


def has_birth_date(query: PreparedQuery) -> bool:
    return query.query.birth_date is not None


def has_document(query: PreparedQuery) -> bool:
    return query.document is not None


def name_similarity(evidence: Evidence) -> tuple[float, str]:
    name = evidence.name
    if name is None:
        raise ValueError("name_similarity needs the name comparison")
    return name.score, name.explain()


def birth_date_agreement(evidence: Evidence) -> tuple[float, str]:
    return evidence.dates.agreement, evidence.dates.reason


def birth_date_agreement_value(evidence: Evidence) -> float:
    return evidence.dates.agreement


def birth_date_disagreement(evidence: Evidence) -> tuple[float, str]:
    return evidence.dates.disagreement, evidence.dates.reason


def birth_date_disagreement_value(evidence: Evidence) -> float:
    return evidence.dates.disagreement


def birth_date_far_apart(evidence: Evidence) -> tuple[float, str]:
    return birth_date_far_apart_value(evidence), evidence.dates.reason


def birth_date_far_apart_value(evidence: Evidence) -> float:
    return 1.0 if evidence.dates.far_apart else 0.0


def document_number_match(evidence: Evidence) -> tuple[float, str]:
    return evidence.documents.agreement, evidence.documents.reason


def document_number_match_value(evidence: Evidence) -> float:
    return evidence.documents.agreement


def document_number_mismatch(evidence: Evidence) -> tuple[float, str]:
    return evidence.documents.disagreement, evidence.documents.reason


def document_number_mismatch_value(evidence: Evidence) -> float:
    return evidence.documents.disagreement


def nationality_mismatch(evidence: Evidence) -> tuple[float, str]:
    query, listed = evidence.query.nationality, evidence.entry.nationalities
    if query is None or not listed:
        return 0.0, "no nationality to compare"
    if query in listed:
        return 0.0, f"nationality {query} is listed"
    return 1.0, f"nationality {query} differs from listed {', '.join(sorted(listed))}"


def nationality_mismatch_value(evidence: Evidence) -> float:
    query, listed = evidence.query.nationality, evidence.entry.nationalities
    return 0.0 if query is None or not listed or query in listed else 1.0


def sex_mismatch(evidence: Evidence) -> tuple[float, str]:
    query, listed = evidence.query.sex, evidence.entry.entry.sex
    if query is None or listed is None or listed.value not in ("M", "F"):
        return 0.0, "no sex to compare"
    if query.value == listed.value:
        return 0.0, f"sex {listed.value} agrees"
    return 1.0, f"sex {query.value} differs from listed {listed.value}"


def sex_mismatch_value(evidence: Evidence) -> float:
    query, listed = evidence.query.sex, evidence.entry.entry.sex
    if query is None or listed is None or listed.value not in ("M", "F"):
        return 0.0
    return 0.0 if query.value == listed.value else 1.0
