"""Queries and entries prepared once (normalised names, documents, codes) for cheap comparing.

An index builds one :class:`PreparedEntry` per listed person at start-up and keeps it; a screening
request builds one :class:`PreparedQuery`. Names that cannot be used (only emoji, only
punctuation) are skipped with a reason as long as one usable name is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from guomen.people.model import Sex
from guomen.screening.matching.documents import PreparedDocument
from guomen.screening.matching.model import Entry, Query
from guomen.screening.matching.names import PreparedName, prepare_name
from guomen.shared.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    query: Query
    names: tuple[PreparedName, ...]
    document: PreparedDocument | None
    nationality: str | None
    sex: Sex | None


@dataclass(frozen=True, slots=True)
class PreparedEntry:
    entry: Entry
    names: tuple[PreparedName, ...]
    documents: tuple[PreparedDocument, ...]
    nationalities: frozenset[str]
    skipped_names: tuple[str, ...] = ()


def _code(value: str) -> str:
    return value.strip().upper()


def prepare_query(query: Query) -> PreparedQuery:
    """Normalise a query; ``ValidationFailed`` when none of its names is usable."""
    names, skipped = _prepare_names(query.names)
    if not names:
        raise ValidationFailed("query: " + "; ".join(skipped))
    document = PreparedDocument.of(query.document_number) if query.document_number else None
    nationality = _code(query.nationality) if query.nationality else None
    return PreparedQuery(query, names, document, nationality, _known(query.sex))


def prepare_entry(entry: Entry) -> PreparedEntry:
    """Normalise an entry; ``ValidationFailed`` when none of its names is usable."""
    names, skipped = _prepare_names(entry.names)
    if not names:
        raise ValidationFailed(f"entry {entry.entry_id}: " + "; ".join(skipped))
    documents = tuple(
        doc for raw in entry.document_numbers if (doc := PreparedDocument.of(raw)) is not None
    )
    nationalities = frozenset(_code(n) for n in entry.nationalities if n.strip())
    return PreparedEntry(entry, names, documents, nationalities, tuple(skipped))


def _prepare_names(raw_names: tuple[str, ...]) -> tuple[tuple[PreparedName, ...], list[str]]:
    names: list[PreparedName] = []
    skipped: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for raw in raw_names:
        try:
            name = prepare_name(raw)
        except ValidationFailed as error:
            skipped.append(error.message)
            continue
        signature = tuple(t.text for t in name.tokens)
        if signature not in seen:  # the same name in two spellings that fold alike
            seen.add(signature)
            names.append(name)
    return tuple(names), skipped


def _known(sex: Sex | None) -> Sex | None:
    return sex if sex in (Sex.MALE, Sex.FEMALE) else None
