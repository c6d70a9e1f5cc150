"""The evidence gathered once per (query, entry) pair and the features that read it.

A feature is a named function from the evidence to a score in [0, 1] and a human-readable reason;
an algorithm (``logic``) gives each feature a weight. Qualifier features (nationality, sex,
differing document numbers, disagreeing birth dates) only ever have negative weights: they lower
a name match but never raise one on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from guomen.screening.matching.dates import DateComparison, compare_birth_dates
from guomen.screening.matching.documents import DocumentComparison, compare_documents
from guomen.screening.matching.prepared import PreparedEntry, PreparedQuery
from guomen.screening.matching.similarity import NameComparison, compare_names


@dataclass(frozen=True, slots=True)
class Evidence:
    name: NameComparison
    dates: DateComparison
    documents: DocumentComparison
    nationality_mismatch: tuple[float, str]
    sex_mismatch: tuple[float, str]


Measure = Callable[[Evidence], tuple[float, str]]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    weight: float
    measure: Measure


def gather(query: PreparedQuery, entry: PreparedEntry) -> Evidence:
    return Evidence(
        name=best_name(query, entry),
        dates=compare_birth_dates(query.query.birth_date, entry.entry.birth_dates),
        documents=compare_documents(query.document, entry.documents),
        nationality_mismatch=_nationality(query, entry),
        sex_mismatch=_sex(query, entry),
    )


def gather_with_name(query: PreparedQuery, entry: PreparedEntry, name: NameComparison) -> Evidence:
    """The evidence with the name comparison already made (the index compares a set of names
    shared by many namesakes once per query)."""
    return Evidence(
        name=name,
        dates=compare_birth_dates(query.query.birth_date, entry.entry.birth_dates),
        documents=compare_documents(query.document, entry.documents),
        nationality_mismatch=_nationality(query, entry),
        sex_mismatch=_sex(query, entry),
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


def _nationality(query: PreparedQuery, entry: PreparedEntry) -> tuple[float, str]:
    if query.nationality is None or not entry.nationalities:
        return 0.0, "no nationality to compare"
    if query.nationality in entry.nationalities:
        return 0.0, f"nationality {query.nationality} is listed"
    listed = ", ".join(sorted(entry.nationalities))
    return 1.0, f"nationality {query.nationality} differs from listed {listed}"


def _sex(query: PreparedQuery, entry: PreparedEntry) -> tuple[float, str]:
    listed = entry.entry.sex
    if query.sex is None or listed is None or listed.value not in ("M", "F"):
        return 0.0, "no sex to compare"
    if query.sex.value == listed.value:
        return 0.0, f"sex {listed.value} agrees"
    return 1.0, f"sex {query.sex.value} differs from listed {listed.value}"


def name_similarity(evidence: Evidence) -> tuple[float, str]:
    return evidence.name.score, evidence.name.explain()


def birth_date_agreement(evidence: Evidence) -> tuple[float, str]:
    return evidence.dates.agreement, evidence.dates.reason


def birth_date_disagreement(evidence: Evidence) -> tuple[float, str]:
    return evidence.dates.disagreement, evidence.dates.reason


def birth_date_far_apart(evidence: Evidence) -> tuple[float, str]:
    return (1.0 if evidence.dates.far_apart else 0.0), evidence.dates.reason


def document_number_match(evidence: Evidence) -> tuple[float, str]:
    return evidence.documents.agreement, evidence.documents.reason


def document_number_mismatch(evidence: Evidence) -> tuple[float, str]:
    return evidence.documents.disagreement, evidence.documents.reason


def nationality_mismatch(evidence: Evidence) -> tuple[float, str]:
    return evidence.nationality_mismatch


def sex_mismatch(evidence: Evidence) -> tuple[float, str]:
    return evidence.sex_mismatch
