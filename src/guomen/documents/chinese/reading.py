"""One entry point for officers' tools: MRZ lines in, parsed MRZ and classified document out.

The line shape decides the parser: permit cards' own layouts (``permit_layout_of``) go to
``parse_permit_mrz``, everything else to the ICAO engine's ``parse_mrz``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from guomen.documents.chinese.classify import ClassifiedDocument, classify
from guomen.documents.chinese.permit_layouts import PermitMrzResult, permit_layout_of
from guomen.documents.chinese.permit_mrz import parse_permit_mrz
from guomen.documents.mrz import MrzResult, StateLookup, parse_mrz, repair_ocr
from guomen.documents.mrz.inputs import PreparedInput, split_input


@dataclass(frozen=True, slots=True)
class ReadDocument:
    mrz: MrzResult | PermitMrzResult
    document: ClassifiedDocument


def _shape(mrz: str | Sequence[str]) -> tuple[str, ...]:
    raw = split_input(mrz)
    if isinstance(raw, PreparedInput):
        return ()
    return tuple(line.strip().upper() for line in raw if line.strip())


def read_document(
    mrz: str | Sequence[str],
    *,
    today: date,
    known_states: StateLookup | frozenset[str] | None = None,
    ocr: bool = False,
) -> ReadDocument:
    """Parse MRZ lines with the right parser and classify the document. Never raises.

    With ``ocr``, ICAO layouts go through the check-digit-driven OCR repair; the Chinese card
    layouts are parsed strictly (their repair is not implemented)."""
    if permit_layout_of(_shape(mrz)) is not None:
        parsed: MrzResult | PermitMrzResult = parse_permit_mrz(mrz, today=today)
    elif ocr:
        parsed = repair_ocr(mrz, today=today, known_states=known_states)
    else:
        parsed = parse_mrz(mrz, today=today, known_states=known_states)
    return ReadDocument(parsed, classify(parsed))
