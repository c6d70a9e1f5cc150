"""FollowTheMoney entities as JSON lines (OpenSanctions exports): the ``Person`` entities.

One JSON object per line: ``{"id", "schema", "caption", "properties": {name: [values]}}``.
Persons give ``name``/``alias``/``weakAlias``/``previousName``, ``birthDate``, ``nationality``
and ``citizenship`` (ISO alpha-2), ``gender``, ``passportNumber``, ``idNumber``,
``birthPlace``, ``address``, ``position`` and ``notes``. Other schemata (companies,
sanctions, addresses ...) are counted as skipped. The entry id is the entity id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from guomen.screening.importers import fields
from guomen.screening.importers.report import (
    ImportRun,
    ProblemLog,
    RecordRejected,
    RecordScope,
    WrongFormat,
)
from guomen.screening.importers.streams import Line, Source, open_binary, read_lines
from guomen.screening.model import (
    DateSpec,
    DocumentKind,
    DocumentNumber,
    EntrySource,
    ListType,
    NameKind,
    WatchlistEntry,
)
from guomen.shared.errors import ValidationFailed

_NAME_PROPS = (
    ("name", NameKind.ALIAS),
    ("alias", NameKind.ALIAS),
    ("previousName", NameKind.ALIAS),
    ("weakAlias", NameKind.WEAK_ALIAS),
)
_DOCUMENT_PROPS = (
    ("passportNumber", DocumentKind.PASSPORT),
    ("idNumber", DocumentKind.NATIONAL_ID),
)
Properties = dict[str, list[str]]


def import_ftm(source: Source, *, list_id: str, list_type: ListType) -> ImportRun:
    """Stream the ``Person`` entities of a FollowTheMoney JSON-lines file."""

    def produce(log: ProblemLog) -> Iterator[WatchlistEntry]:
        with open_binary(source) as stream:
            record = 0
            for line in read_lines(stream):
                if not line.text.strip() and not line.problem:
                    continue
                record += 1
                scope = RecordScope(record, line.number)
                entity = log.build(scope, partial(_parse_line, line, record == 1))
                if entity is None:
                    continue
                if entity.get("schema") != "Person":
                    log.skipped += 1
                    continue
                scope.source_id = str(entity.get("id", ""))[:128]
                entry = log.entry(scope, partial(_entry, entity, scope, list_id, list_type))
                if entry is not None:
                    yield entry

    return ImportRun(produce, fmt=EntrySource.FTM.value)


def _parse_line(line: Line, first: bool) -> dict[str, Any]:
    if line.problem:
        raise RecordRejected(line.problem)
    try:
        entity = json.loads(line.text)
    except (ValueError, RecursionError) as exc:
        if first:
            raise WrongFormat(
                f"not FollowTheMoney JSON lines: line 1 is not JSON ({exc})", 1
            ) from None
        raise RecordRejected(f"malformed JSON: {exc}") from None
    if not isinstance(entity, dict) or not isinstance(entity.get("schema"), str):
        if first:
            what = "a JSON array" if isinstance(entity, list) else "not an entity object"
            raise WrongFormat(f"not FollowTheMoney JSON lines: line 1 is {what}", 1)
        raise RecordRejected("not a FollowTheMoney entity (an object with a schema)")
    return entity


def _entry(
    entity: dict[str, Any], scope: RecordScope, list_id: str, list_type: ListType
) -> WatchlistEntry:
    entity_id = entity.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise RecordRejected("the entity has no id", "id")
    props = _properties(entity.get("properties"), scope)
    primary, others = _names(entity, props)
    return WatchlistEntry(
        entry_id=entity_id,
        list_id=list_id,
        list_type=list_type,
        names=fields.entry_names(primary, others, scope),
        source=EntrySource.FTM,
        source_id=entity_id,
        birth_dates=_birth_dates(props.get("birthDate", []), scope),
        sex=fields.sex(next(iter(props.get("gender", [])), None), scope),
        nationalities=fields.countries(
            props.get("nationality", []) + props.get("citizenship", []),
            scope,
            "nationality",
            codes=True,
        ),
        documents=_documents(props, scope),
        birth_places=fields.texts(props.get("birthPlace", [])),
        addresses=fields.texts(props.get("address", [])),
        notes=fields.notes(_notes(props), scope),
    )


def _properties(raw: object, scope: RecordScope) -> Properties:
    if not isinstance(raw, dict):
        raise RecordRejected("the entity has no properties object", "properties")
    props: Properties = {}
    for key, values in raw.items():
        if not isinstance(values, list):
            scope.warn("property values must be a list; property dropped", str(key)[:40])
            continue
        props[str(key)] = [v for v in values if isinstance(v, str)]
        if len(props[str(key)]) != len(values):
            scope.warn("values that are not strings were dropped", str(key)[:40])
    return props


def _names(entity: dict[str, Any], props: Properties) -> tuple[str, list[tuple[str, NameKind]]]:
    others = [(value, kind) for prop, kind in _NAME_PROPS for value in props.get(prop, [])]
    caption = entity.get("caption")
    names = props.get("name", [])
    if isinstance(caption, str) and caption in names:
        return caption, others
    if names:
        return names[0], others
    parts = [next(iter(props.get(p, [])), "") for p in ("firstName", "middleName", "lastName")]
    return " ".join(p for p in parts if p), others


def _birth_dates(values: list[str], scope: RecordScope) -> tuple[DateSpec, ...]:
    found: list[DateSpec] = []
    for value in values:
        try:
            spec = DateSpec.parse(value[:10])
        except ValidationFailed as exc:
            scope.warn(f"birth date not understood ({exc.message})", "birth_date")
            continue
        if spec not in found:
            found.append(spec)
    return tuple(found)


def _documents(props: Properties, scope: RecordScope) -> tuple[DocumentNumber, ...]:
    found: list[DocumentNumber] = []
    for prop, kind in _DOCUMENT_PROPS:
        for number in props.get(prop, []):
            made = fields.document(kind, number, None, prop, scope)
            if made is not None and made not in found:
                found.append(made)
    return tuple(found)


def _notes(props: Properties) -> list[str]:
    positions = [f"Position: {p}" for p in props.get("position", [])]
    return positions + props.get("notes", [])
