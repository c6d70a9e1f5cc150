"""A watchlist entry as one JSON document: the plaintext that is sealed into ``payload_enc``.

The format is explicit and versioned (``"v": 1``) rather than derived from the dataclasses, so a
renamed field in the domain model cannot silently change what is stored. Every field of
:class:`WatchlistEntry` is written, the ids included, so one payload decodes to the whole entry;
empty and default values are left out to keep payloads small. Birth dates are stored as their
bounds and precision (not as text), names with kind, script and language, documents with kind,
issuing state and the source's label.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from guomen.people.model import Sex
from guomen.screening.model import (
    DatePrecision,
    DateSpec,
    DocumentKind,
    DocumentNumber,
    EntryName,
    EntrySource,
    ListType,
    NameKind,
    Subject,
    WatchlistEntry,
)

FORMAT_VERSION = 1


class PayloadError(ValueError):
    """A stored payload that this code cannot read (unknown format version, missing field)."""


def dump_entry(entry: WatchlistEntry) -> str:
    body: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "entry_id": entry.entry_id,
        "list_id": entry.list_id,
        "list_type": entry.list_type.value,
        "source": entry.source.value,
        "source_id": entry.source_id,
        "subject": entry.subject.value,
        "names": [_dump_name(n) for n in entry.names],
        "birth_dates": [_dump_date(d) for d in entry.birth_dates],
        "sex": entry.sex.value if entry.sex else None,
        "nationalities": list(entry.nationalities),
        "documents": [_dump_document(d) for d in entry.documents],
        "birth_places": list(entry.birth_places),
        "addresses": list(entry.addresses),
        "photo_ref": entry.photo_ref,
        "notes": entry.notes,
        "valid_from": _day(entry.valid_from),
        "valid_until": _day(entry.valid_until),
    }
    return json.dumps(_compact(body), ensure_ascii=False, separators=(",", ":"))


def load_entry(text: str) -> WatchlistEntry:
    body = json.loads(text)
    if not isinstance(body, dict) or body.get("v") != FORMAT_VERSION:
        raise PayloadError("watchlist entry payload has an unknown format version")
    try:
        return _entry(body)
    except (KeyError, TypeError) as exc:
        raise PayloadError(f"watchlist entry payload lacks or garbles {exc}") from None


def validity(text: str) -> tuple[date | None, date | None]:
    """The entry's validity window, read from a payload without building the whole entry."""
    body = json.loads(text)
    return _parse_day(body.get("valid_from")), _parse_day(body.get("valid_until"))


def _entry(body: dict[str, Any]) -> WatchlistEntry:
    sex = body.get("sex")
    return WatchlistEntry(
        entry_id=body["entry_id"],
        list_id=body["list_id"],
        list_type=ListType(body["list_type"]),
        names=tuple(_load_name(n) for n in body["names"]),
        source=EntrySource(body["source"]),
        source_id=body["source_id"],
        subject=Subject(body["subject"]),
        birth_dates=tuple(_load_date(d) for d in body.get("birth_dates", ())),
        sex=Sex(sex) if sex else None,
        nationalities=tuple(body.get("nationalities", ())),
        documents=tuple(_load_document(d) for d in body.get("documents", ())),
        birth_places=tuple(body.get("birth_places", ())),
        addresses=tuple(body.get("addresses", ())),
        photo_ref=body.get("photo_ref"),
        notes=body.get("notes", ""),
        valid_from=_parse_day(body.get("valid_from")),
        valid_until=_parse_day(body.get("valid_until")),
    )


def _compact(body: dict[str, Any]) -> dict[str, Any]:
    """Drop empty lists, empty strings and None; ``source_id`` may be empty but is kept."""
    keep = {"v", "entry_id", "list_id", "source_id"}
    return {k: v for k, v in body.items() if k in keep or v not in (None, "", [])}


def _dump_name(name: EntryName) -> dict[str, str]:
    out = {"text": name.text, "kind": name.kind.value}
    if name.script:
        out["script"] = name.script
    if name.language:
        out["language"] = name.language
    return out


def _load_name(raw: dict[str, str]) -> EntryName:
    return EntryName(
        text=raw["text"],
        kind=NameKind(raw["kind"]),
        script=raw.get("script"),
        language=raw.get("language"),
    )


def _dump_date(spec: DateSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "earliest": spec.earliest.isoformat(),
        "latest": spec.latest.isoformat(),
        "precision": spec.precision.value,
    }
    if spec.approximate:
        out["approximate"] = True
    return out


def _load_date(raw: dict[str, Any]) -> DateSpec:
    return DateSpec(
        earliest=date.fromisoformat(raw["earliest"]),
        latest=date.fromisoformat(raw["latest"]),
        precision=DatePrecision(raw["precision"]),
        approximate=bool(raw.get("approximate", False)),
    )


def _dump_document(doc: DocumentNumber) -> dict[str, str]:
    out = {"kind": doc.kind.value, "number": doc.number}
    if doc.issuing_state:
        out["issuing_state"] = doc.issuing_state
    if doc.label:
        out["label"] = doc.label
    return out


def _load_document(raw: dict[str, str]) -> DocumentNumber:
    return DocumentNumber(
        kind=DocumentKind(raw["kind"]),
        number=raw["number"],
        issuing_state=raw.get("issuing_state"),
        label=raw.get("label"),
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
