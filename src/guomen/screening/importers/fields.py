"""Turning raw source values into entry fields, reporting what had to be dropped.

Shared by every importer: a bad primary name rejects the record; a bad alias, an unknown
country or an unreadable date is dropped with a warning and the record is kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from guomen.people.model import Sex
from guomen.screening.importers.countries import to_icao
from guomen.screening.importers.report import RecordRejected, RecordScope
from guomen.screening.model import (
    MAX_NAME_LENGTH,
    MAX_NOTES_LENGTH,
    DocumentKind,
    DocumentNumber,
    EntryName,
    NameKind,
)
from guomen.shared.errors import ValidationFailed

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_SEX = {
    "m": Sex.MALE,
    "male": Sex.MALE,
    "男": Sex.MALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "女": Sex.FEMALE,
    "x": Sex.UNSPECIFIED,
    "other": Sex.UNSPECIFIED,
}


def entry_names(
    primary: str, others: Iterable[tuple[str, NameKind]], scope: RecordScope
) -> tuple[EntryName, ...]:
    """The primary name (rejecting the record if unusable) and the others, deduplicated."""
    try:
        first = EntryName.of(primary, NameKind.PRIMARY)
    except ValidationFailed as exc:
        raise RecordRejected(exc.message, "name") from None
    names = [first]
    seen = {first.text.casefold()}
    for raw, kind in others:
        if not raw.strip():
            continue
        try:
            name = EntryName.of(raw, kind)
        except ValidationFailed as exc:
            scope.warn(f"{exc.message}; name dropped: {_preview(raw)}", kind.value)
            continue
        if name.text.casefold() not in seen:
            seen.add(name.text.casefold())
            names.append(name)
    return tuple(names)


def countries(
    values: Iterable[str], scope: RecordScope, fld: str, *, codes: bool = False
) -> tuple[str, ...]:
    """ICAO codes for country names (or ISO codes too, with ``codes``); unknown ones are
    reported and left out."""
    found: list[str] = []
    for value in values:
        text = clean_text(value)
        if not text:
            continue
        code = to_icao(text, codes=codes)
        if code is None:
            scope.warn(f"country {_preview(text)} is not a known country", fld)
        elif code not in found:
            found.append(code)
    return tuple(found)


def country(value: str | None, scope: RecordScope, fld: str) -> str | None:
    found = countries([value or ""], scope, fld)
    return found[0] if found else None


def document(
    kind: DocumentKind,
    number: str,
    state: str | None,
    label: str | None,
    scope: RecordScope,
) -> DocumentNumber | None:
    try:
        return DocumentNumber(kind, document_number(number), state, clean_text(label or "") or None)
    except ValidationFailed as exc:
        scope.warn(f"{exc.message}; document dropped", "documents")
        return None


def document_number(text: str) -> str:
    """The number without the words around it: ``CAR diplomatic passport no. D00000898`` →
    ``D00000898``, ``TIN: 183111242572`` → ``183111242572``. A short capital prefix written
    apart stays (``OB 0243318``, ``RL 1622378``)."""
    words = clean_text(text).split()
    first = next((i for i, w in enumerate(words) if any(ch.isdigit() for ch in w)), None)
    if first is None:
        return " ".join(words)
    if first > 0 and _is_prefix(words[first - 1]):
        first -= 1
    return " ".join(words[first:]).strip(" .,;:()")


def _is_prefix(word: str) -> bool:
    return len(word) <= 4 and word.replace("-", "").isalpha() and word.isupper()


def sex(value: str | None, scope: RecordScope) -> Sex | None:
    text = (value or "").strip().casefold()
    if not text:
        return None
    found = _SEX.get(text)
    if found is None:
        scope.warn(f"sex {_preview(text)} is not M, F or X", "sex")
    return found


def clean_text(value: str | None, limit: int = MAX_NAME_LENGTH) -> str:
    """One line of plain text: control characters removed, whitespace collapsed, truncated."""
    words = (value or "")[: limit * 4].split()
    if not all(word.isprintable() for word in words):  # rare: look at each character
        text = "".join(ch if _printable(ch) else " " for ch in " ".join(words))
        words = text.split()
    return " ".join(words)[:limit]


def notes(parts: Iterable[str], scope: RecordScope) -> str:
    """Free text kept for the officer, control characters removed, cut at the model's limit."""
    text = "\n".join(p for p in (clean_text(part, MAX_NOTES_LENGTH) for part in parts) if p)
    if len(text) > MAX_NOTES_LENGTH:
        scope.warn(f"notes cut to {MAX_NOTES_LENGTH} characters", "notes")
        text = text[:MAX_NOTES_LENGTH]
    return text


def texts(values: Iterable[str]) -> tuple[str, ...]:
    """Distinct non-empty one-line texts, in order."""
    found: list[str] = []
    for value in values:
        text = clean_text(value)
        if text and text not in found:
            found.append(text)
    return tuple(found)


def _printable(ch: str) -> bool:
    return ch in "\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")


def _preview(text: str) -> str:
    shown = text if len(text) <= 40 else f"{text[:40]}… ({len(text)} characters)"
    return repr(shown)
