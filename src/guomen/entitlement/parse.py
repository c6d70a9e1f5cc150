"""Checked reading of one YAML record: every error names the file, the row and the field."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from guomen.shared.errors import ValidationFailed

_ID = re.compile(r"[A-Za-z0-9_.*-]{1,80}")
_COUNTRY = re.compile(r"[A-Z]{1,3}")
_T = TypeVar("_T")


class EntitlementDataError(ValidationFailed):
    """The entitlement tables cannot be used; the message names the file and the row."""

    code = "entitlement_data_invalid"


class Record:
    """One mapping read from a file, with the place it came from for error messages."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, Mapping):
            raise EntitlementDataError(f"{where}: expected a mapping, got {type(raw).__name__}")
        self.raw: Mapping[Any, Any] = raw
        self.where = where

    def fail(self, message: str) -> EntitlementDataError:
        return EntitlementDataError(f"{self.where}: {message}")

    def only(self, required: Collection[str], optional: Collection[str] = ()) -> None:
        keys = {str(k) for k in self.raw}
        missing = sorted(set(required) - keys)
        if missing:
            raise self.fail(f"missing {', '.join(missing)}")
        unknown = sorted(keys - set(required) - set(optional))
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)}")

    def text(
        self, key: str, *, default: str | None = None, pattern: re.Pattern[str] | None = None
    ) -> str:
        value = self.raw.get(key, default)
        if value is None:
            raise self.fail(f"{key} is required")
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise self.fail(f"{key} must be text")
        text = str(value).strip()
        if not text and default is None:
            raise self.fail(f"{key} is empty")
        if len(text) > 2000:
            raise self.fail(f"{key} is longer than 2000 characters")
        if pattern is not None and not pattern.fullmatch(text):
            raise self.fail(f"{key} {text!r} is not valid")
        return text

    def ident(self, key: str = "id") -> str:
        return self.text(key, pattern=_ID)

    def country(self, key: str) -> str:
        return self.text(key, pattern=_COUNTRY)

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false")
        return value

    def count(self, key: str, *, optional: bool = False, maximum: int = 100_000) -> int | None:
        value = self.raw.get(key)
        if value is None:
            if optional:
                return None
            raise self.fail(f"{key} is required")
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= maximum:
            raise self.fail(f"{key} must be a whole number from 1 to {maximum}")
        return value

    def day(self, key: str, *, optional: bool = False) -> date | None:
        value = self.raw.get(key)
        if value is None:
            if optional:
                return None
            raise self.fail(f"{key} is required")
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(f"{key} must be a date YYYY-MM-DD, not {value!r}")

    def texts(
        self, key: str, *, allowed: Collection[str] | None = None, required: bool = False
    ) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or len(value) > 5000:
            raise self.fail(f"{key} must be a list")
        items = tuple(str(v).strip() for v in value)
        if any(not isinstance(v, str | int) or isinstance(v, bool) for v in value):
            raise self.fail(f"{key} must be a list of texts")
        if required and not items:
            raise self.fail(f"{key} must not be empty")
        if allowed is not None:
            bad = [i for i in items if i not in allowed]
            if bad:
                raise self.fail(f"{key}: unknown value(s) {', '.join(bad)}")
        return items

    def choice(self, key: str, make: Callable[[str], _T], *, default: str | None = None) -> _T:
        text = self.text(key, default=default)
        try:
            return make(text)
        except ValueError:
            raise self.fail(f"{key} {text!r} is not one of the allowed values") from None


def records(raw: object, key: str, filename: str, *, required: bool = True) -> list[Record]:
    """The list under ``key`` in a file's top-level mapping, each item as a :class:`Record`."""
    top = Record(raw, filename)
    items = top.raw.get(key)
    if items is None and not required:
        return []
    if not isinstance(items, list) or (required and not items):
        raise EntitlementDataError(f"{filename}: '{key}' must be a non-empty list")
    return [Record(item, f"{filename} {key}[{i}]") for i, item in enumerate(items)]


def check_unique(items: Iterable[tuple[str, str]], what: str) -> None:
    """``(key, where)`` pairs: a key may appear once."""
    seen: dict[str, str] = {}
    for key, where in items:
        if key in seen:
            raise EntitlementDataError(f"{where}: {what} {key!r} repeats {seen[key]}")
        seen[key] = where
