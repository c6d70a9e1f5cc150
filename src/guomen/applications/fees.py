"""The dated fee table (``data/fees.yaml``) and the fee of an application."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import yaml

from guomen.applications.model import ApplicationType, EndorsementRequest
from guomen.documents.chinese import TripAllowance

FEES_FILE = "fees.yaml"


@dataclass(frozen=True, slots=True)
class FeeRow:
    item: str
    amount_fen: int
    valid_from: date
    valid_until: date | None
    source: str
    verified: bool

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True, slots=True)
class FeeLine:
    item: str
    amount_fen: int
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class FeeQuote:
    lines: tuple[FeeLine, ...]
    currency: str = "CNY"

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


def parse_fee_table(text: str) -> tuple[FeeRow, ...]:
    """Rows of a fee table; ``ValueError`` naming the row for anything malformed."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("fees"), list):
        raise ValueError(f"{FEES_FILE}: a mapping with a 'fees' list is expected")
    rows = tuple(_row(i, r) for i, r in enumerate(data["fees"], 1))
    _check_overlaps(rows)
    return rows


def _row(index: int, r: Any) -> FeeRow:
    where = f"{FEES_FILE} row {index}"
    if not isinstance(r, dict):
        raise ValueError(f"{where}: a mapping is expected")
    amount, start, end = r.get("amount_fen"), r.get("valid_from"), r.get("valid_until")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError(f"{where}: amount_fen must be a whole number of fen")
    if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
        raise ValueError(f"{where}: valid_from/valid_until must be dates (YYYY-MM-DD)")
    if end is not None and end < start:
        raise ValueError(f"{where}: valid_until is before valid_from")
    item, source = r.get("item"), r.get("source")
    if not isinstance(item, str) or not item or not isinstance(source, str) or not source:
        raise ValueError(f"{where}: item and source are required")
    if not isinstance(r.get("verified"), bool):
        raise ValueError(f"{where}: verified must be true or false")
    return FeeRow(item, amount, start, end, " ".join(source.split()), r["verified"])


def _check_overlaps(rows: tuple[FeeRow, ...]) -> None:
    by_item: dict[str, list[FeeRow]] = {}
    for row in rows:
        by_item.setdefault(row.item, []).append(row)
    for item, items in by_item.items():
        items.sort(key=lambda r: r.valid_from)
        for a, b in itertools.pairwise(items):
            if a.valid_until is None or a.valid_until >= b.valid_from:
                raise ValueError(f"{FEES_FILE}: two amounts for {item} on {b.valid_from}")


@functools.cache
def fee_table() -> tuple[FeeRow, ...]:
    text = resources.files("guomen.applications").joinpath("data", FEES_FILE).read_text("utf-8")
    return parse_fee_table(text)


def fee_row(item: str, on: date, rows: tuple[FeeRow, ...] | None = None) -> FeeRow:
    for row in rows if rows is not None else fee_table():
        if row.item == item and row.applies_on(on):
            return row
    raise LookupError(f"no fee for {item} on {on}")


def endorsement_item(endorsement: EndorsementRequest) -> str:
    taiwan = endorsement.destination.value == "taiwan"
    if endorsement.trips is TripAllowance.ONE:
        return "tw_endorsement_one" if taiwan else "hkm_endorsement_one"
    if taiwan:
        return "tw_endorsement_multi"
    if endorsement.trips is TripAllowance.TWO:
        return "hkm_endorsement_two"
    months = endorsement.months or 12  # D (stay): as approved; charged as up to one year
    if months <= 12:
        return "hkm_endorsement_multi_1y"
    return "hkm_endorsement_multi_2y" if months <= 24 else "hkm_endorsement_multi_3y"


_DOCUMENT_ITEM = {
    ApplicationType.PASSPORT_FIRST: "passport",
    ApplicationType.PASSPORT_RENEWAL: "passport",
    ApplicationType.PASSPORT_REPLACEMENT: "passport",
    ApplicationType.HK_MACAO_PERMIT: "hk_macao_permit",
    ApplicationType.TAIWAN_PERMIT: "taiwan_permit",
    ApplicationType.FOREIGNER_STAY_EXTENSION: "foreigner_residence_lt1y",
}


def quote_fee(
    app_type: ApplicationType, endorsement: EndorsementRequest | None, on: date
) -> FeeQuote:
    """The fee of an application submitted on ``on``: the document and the endorsement."""
    items = [_DOCUMENT_ITEM[app_type]] if app_type in _DOCUMENT_ITEM else []
    if endorsement is not None:
        items.append(endorsement_item(endorsement))
    lines = []
    for item in items:
        row = fee_row(item, on)
        lines.append(FeeLine(row.item, row.amount_fen, row.source, row.verified))
    return FeeQuote(tuple(lines))
