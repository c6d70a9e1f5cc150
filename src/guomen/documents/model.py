"""Travel documents held by people, and their registry status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class DocumentType(StrEnum):
    PASSPORT = "passport"  # MRZ code P
    HK_MACAO_PERMIT = "hk_macao_permit"  # 往来港澳通行证 (CS)
    TAIWAN_PERMIT = "taiwan_permit"  # 往来台湾通行证 (CD)
    MAINLAND_TRAVEL_PERMIT_HKM = "mainland_travel_permit_hkm"  # 港澳居民来往内地通行证
    MAINLAND_TRAVEL_PERMIT_TW = "mainland_travel_permit_tw"  # 台湾居民来往大陆通行证
    ID_CARD = "id_card"


class DocumentStatus(StrEnum):
    VALID = "valid"
    LOST = "lost"
    STOLEN = "stolen"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


@dataclass(slots=True)
class TravelDocument:
    id: str
    person_id: str
    doc_type: DocumentType
    issuing_state: str
    number: str  # personal data: encrypted at rest, looked up by blind index
    issued_on: date
    expires_on: date
    status: DocumentStatus = DocumentStatus.VALID
    created_at: datetime | None = None


def normalise_number(number: str) -> str:
    """Document numbers compare without spaces, dashes or filler, in upper case."""
    return "".join(ch for ch in number.upper() if ch.isalnum())
