"""The document registry: status events of documents Guomen issued, external lost/stolen
alerts (INTERPOL SLTD-like lists), and the OCR-tolerant lookup key."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from guomen.documents.model import DocumentStatus, TravelDocument, normalise_number

# Characters OCR confuses, folded to one representative, so a misread number finds the same
# registry entry (the exact number then tells whether it was a confusion or another document).
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "B": "8", "S": "5", "Z": "2", "G": "6"})


def confusable_key(number: str) -> str:
    return normalise_number(number).translate(_CONFUSABLE)


class EventKind(StrEnum):
    LOST = "lost"
    STOLEN = "stolen"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


EVENT_STATUS = {
    EventKind.LOST: DocumentStatus.LOST,
    EventKind.STOLEN: DocumentStatus.STOLEN,
    EventKind.REVOKED: DocumentStatus.REVOKED,
    EventKind.SUPERSEDED: DocumentStatus.SUPERSEDED,
}


@dataclass(frozen=True, slots=True)
class DocumentEvent:
    id: str
    document_id: str
    kind: EventKind
    recorded_at: datetime
    recorded_by: str
    occurred_on: date | None = None
    place: str = ""
    reason: str = ""
    authority: str = ""
    superseded_by: str | None = None


class AlertStatus(StrEnum):
    LOST = "lost"
    STOLEN = "stolen"
    REVOKED = "revoked"
    INVALIDATED = "invalidated"


@dataclass(frozen=True, slots=True)
class DocumentAlert:
    """An entry of an external lost/stolen/revoked list (another state's, INTERPOL's)."""

    id: str
    source: str
    issuing_state: str
    number: str
    doc_type: str
    status: AlertStatus
    reported_on: date | None
    batch_id: str


class MatchKind(StrEnum):
    EXACT = "exact"
    OCR_VARIANT = "ocr_variant"  # same number up to characters OCR confuses


@dataclass(frozen=True, slots=True)
class RegistryHit:
    match: MatchKind
    document: TravelDocument | None = None
    alert: DocumentAlert | None = None


@dataclass(frozen=True, slots=True)
class RegistryStatus:
    """What the registry says about (issuing state, number), with reasons an officer can read."""

    issuing_state: str
    number: str
    status: str  # valid, lost, stolen, revoked, superseded, expired, alert, not_found
    reasons: tuple[str, ...]
    hits: tuple[RegistryHit, ...] = field(default_factory=tuple)

    @property
    def blocking(self) -> bool:
        return self.status in {"lost", "stolen", "revoked", "superseded", "alert"}


def assess(state: str, number: str, hits: list[RegistryHit], today: date) -> RegistryStatus:
    """Exact hits decide; OCR variants are reported for the officer to look at, never decide."""
    exact = [h for h in hits if h.match is MatchKind.EXACT]
    reasons: list[str] = []
    status = "not_found"
    for hit in exact:
        if hit.alert is not None:
            reasons.append(f"registry.alert.{hit.alert.status}:{hit.alert.source}")
            status = "alert"
    own = next((h.document for h in exact if h.document is not None), None)
    if own is not None and status != "alert":
        status = own.status.value
        if own.status is DocumentStatus.VALID and own.expires_on < today:
            status = "expired"
        reasons.append(f"registry.{status}")
    elif own is not None:
        reasons.append(f"registry.{own.status.value}")
    if status == "not_found":
        reasons.append("registry.not_found")
    variants = [h for h in hits if h.match is MatchKind.OCR_VARIANT]
    if variants:
        reasons.append(f"registry.ocr_variants:{len(variants)}")
    return RegistryStatus(state, normalise_number(number), status, tuple(reasons), tuple(hits))
