"""Results of reading an MRZ: typed fields, issues, check digits and OCR corrections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from guomen.documents.mrz.codes import IssueCode
from guomen.documents.mrz.formats import MrzFormat

JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True, slots=True)
class MrzIssue:
    """One error or warning. ``field`` names the MRZ field (or ``line2``), None for the input."""

    code: IssueCode
    field: str | None
    message: str

    def to_dict(self) -> dict[str, JsonValue]:
        return {"code": str(self.code), "field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class MrzCorrection:
    """One character changed while reading OCR output; line and column count from 1.

    ``to`` is empty when a character was removed (e.g. a space inside a line).
    """

    line: int
    column: int
    from_char: str
    to_char: str
    reason: str

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "line": self.line,
            "column": self.column,
            "from": self.from_char,
            "to": self.to_char,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class MrzCheck:
    """One check digit: the digit printed (``found``) and the one computed (None if impossible)."""

    field: str
    found: str
    computed: str | None
    ok: bool

    def to_dict(self) -> dict[str, JsonValue]:
        return {"field": self.field, "found": self.found, "computed": self.computed, "ok": self.ok}


@dataclass(frozen=True, slots=True)
class MrzFields:
    """The data of an MRZ, also the input for generation.

    Names and optional data use spaces where the MRZ has fillers; trailing fillers are dropped.
    ``sex`` is ``M``, ``F``, ``X`` or ``""`` (filler: unspecified). ``birth_date`` is None when the
    MRZ gives it as unknown (fillers) or it is impossible; the same for ``expiry_date``.
    ``optional_data_2`` exists on TD1 cards only.
    """

    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date | None
    sex: str
    expiry_date: date | None
    optional_data: str = ""
    optional_data_2: str = ""

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "document_code": self.document_code,
            "issuing_state": self.issuing_state,
            "surname": self.surname,
            "given_names": self.given_names,
            "document_number": self.document_number,
            "nationality": self.nationality,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
        }


@dataclass(frozen=True, slots=True)
class MrzResult:
    """The outcome of parsing (or OCR-repairing) one MRZ.

    ``valid`` means: the structure is right and every check digit matches (no errors); warnings
    such as an unknown state code or an expired document do not make it invalid.
    """

    valid: bool
    format: MrzFormat | None
    fields: MrzFields | None
    errors: tuple[MrzIssue, ...] = ()
    warnings: tuple[MrzIssue, ...] = ()
    corrections: tuple[MrzCorrection, ...] = ()
    checks: tuple[MrzCheck, ...] = ()
    lines: tuple[str, ...] = ()

    def error_codes(self) -> frozenset[str]:
        return issue_codes(self.errors)

    def warning_codes(self) -> frozenset[str]:
        return issue_codes(self.warnings)

    def to_dict(self) -> dict[str, JsonValue]:
        """JSON-ready: ISO dates, plain strings, lists."""
        return outcome_dict(
            self.valid,
            self.format,
            self.fields,
            self.errors,
            self.warnings,
            self.checks,
            self.lines,
            corrections=self.corrections,
        )


class _ToDict(Protocol):
    def to_dict(self) -> dict[str, JsonValue]: ...


def issue_codes(issues: tuple[MrzIssue, ...]) -> frozenset[str]:
    return frozenset(str(issue.code) for issue in issues)


def outcome_dict(
    valid: bool,
    layout: object | None,
    fields: _ToDict | None,
    errors: tuple[MrzIssue, ...],
    warnings: tuple[MrzIssue, ...],
    checks: tuple[MrzCheck, ...],
    lines: tuple[str, ...],
    *,
    corrections: tuple[MrzCorrection, ...] | None = None,
) -> dict[str, JsonValue]:
    """The JSON shape every MRZ reading shares (ICAO layouts and the Chinese card layouts);
    ``corrections`` only where OCR repair exists."""
    out: dict[str, JsonValue] = {
        "valid": valid,
        "format": str(layout) if layout else None,
        "fields": fields.to_dict() if fields else None,
        "errors": [issue.to_dict() for issue in errors],
        "warnings": [issue.to_dict() for issue in warnings],
    }
    if corrections is not None:
        out["corrections"] = [c.to_dict() for c in corrections]
    out["checks"] = [c.to_dict() for c in checks]
    out["lines"] = list(lines)
    return out
