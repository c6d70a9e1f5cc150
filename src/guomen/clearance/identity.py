"""Who is crossing on which document: read from MRZ lines, chip DG1 fields or the registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from guomen.documents.chinese import DocumentKind, read_document
from guomen.documents.chinese.kinds import KIND_INFO, Issuer
from guomen.documents.model import DocumentType, TravelDocument, normalise_number
from guomen.entitlement.model import Holder
from guomen.people.model import Person
from guomen.shared.errors import ValidationFailed

MRZ_ENGINE = "guomen-mrz icao-9303-8 + cn-permit-layouts 1"
MAX_MRZ_CHARS = 200  # three lines of 30 to 44 characters, with room for separators
_K = DocumentKind


@dataclass(frozen=True, slots=True)
class DocumentIdentity:
    issuing_state: str
    number: str
    kind: DocumentKind
    document_type: DocumentType | None
    nationality: str
    expires_on: date | None
    surname: str = ""
    given_names: str = ""
    birth_date: date | None = None
    sex: str = ""
    source: str = "mrz"  # mrz, chip or registry

    @property
    def key(self) -> str:
        return f"{self.issuing_state}:{normalise_number(self.number)}"

    @property
    def chinese_issued(self) -> bool:
        info = KIND_INFO.get(self.kind)
        return info is not None and info.issuer is Issuer.PRC

    @property
    def holder(self) -> Holder:
        if self.kind in (_K.MTP_HK_MACAO, _K.MTP_HK_MACAO_NON_CHINESE):
            return Holder.HK_MACAO_RESIDENT
        if self.kind in (_K.HKSAR_PASSPORT, _K.MACAO_SAR_PASSPORT):
            return Holder.HK_MACAO_RESIDENT
        if self.kind is _K.MTP_TAIWAN:
            return Holder.TAIWAN_RESIDENT
        if self.kind in (_K.HK_MACAO_PERMIT, _K.TAIWAN_PERMIT):
            return Holder.MAINLAND_RESIDENT
        if self.nationality == "CHN" and self.chinese_issued:
            return Holder.MAINLAND_RESIDENT
        return Holder.FOREIGNER

    @property
    def traveller_group(self) -> str:
        return {
            Holder.MAINLAND_RESIDENT: "mainland",
            Holder.HK_MACAO_RESIDENT: "hk_macao",
            Holder.TAIWAN_RESIDENT: "taiwan",
            Holder.FOREIGNER: "foreign",
        }[self.holder]

    def as_dict(self) -> dict[str, str]:
        return {
            "issuing_state": self.issuing_state,
            "number": self.number,
            "kind": self.kind.value,
            "nationality": self.nationality,
            "surname": self.surname,
            "given_names": self.given_names,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "sex": self.sex,
            "expires_on": self.expires_on.isoformat() if self.expires_on else "",
        }


def from_mrz(lines: Sequence[str], today: date) -> DocumentIdentity:
    """Strict reading (no OCR repair at a gate: a misread MRZ is read again, not guessed)."""
    if sum(len(line) for line in lines) > MAX_MRZ_CHARS or len(lines) > 3:
        raise ValidationFailed("an MRZ is at most three lines", code="mrz_too_large")
    read = read_document(list(lines), today=today, ocr=False)
    fields = read.mrz.fields
    doc = read.document
    if not read.mrz.valid or fields is None or not doc.number or not doc.issuing_state:
        codes = ", ".join(sorted(read.mrz.error_codes())) or "unreadable"
        raise ValidationFailed(f"the MRZ is not valid ({codes})", code="mrz_invalid")
    surname = getattr(fields, "surname", "")
    given = getattr(fields, "given_names", "")
    return DocumentIdentity(
        issuing_state=doc.issuing_state,
        number=normalise_number(doc.number),
        kind=doc.kind,
        document_type=doc.document_type,
        nationality=doc.nationality or doc.issuing_state,
        expires_on=doc.expiry_date,
        surname=surname,
        given_names=given,
        birth_date=fields.birth_date,
        sex=getattr(fields, "sex", ""),
    )


@dataclass(frozen=True, slots=True)
class ChipFields:
    """DG1 of an e-passport chip (the MRZ data, as read over the chip's secure channel)."""

    document_code: str
    issuing_state: str
    number: str
    nationality: str
    surname: str
    given_names: str
    birth_date: date | None
    sex: str
    expiry_date: date


def from_chip(chip: ChipFields) -> DocumentIdentity:
    state, number = chip.issuing_state.strip().upper(), normalise_number(chip.number)
    if not (1 <= len(state) <= 3 and state.isascii() and state.isalpha()):
        raise ValidationFailed("issuing state must be an ICAO code", code="chip_invalid")
    if not (1 <= len(number) <= 20 and number.isascii()):
        raise ValidationFailed(
            "document number must be 1-20 letters or digits", code="chip_invalid"
        )
    code = chip.document_code.strip().upper()
    kind = _K.FOREIGN_PASSPORT
    if state == "CHN" and code.startswith("P"):
        kind = _K.ORDINARY_PASSPORT
    elif state == "CHN" and code == "CS":
        kind = _K.HK_MACAO_PERMIT
    info = KIND_INFO.get(kind)
    return DocumentIdentity(
        issuing_state=state,
        number=number,
        kind=kind,
        document_type=info.document_type if info else None,
        nationality=chip.nationality.strip().upper() or state,
        expires_on=chip.expiry_date,
        surname=chip.surname.strip().upper(),
        given_names=chip.given_names.strip().upper(),
        birth_date=chip.birth_date,
        sex=chip.sex.strip().upper()[:1],
        source="chip",
    )


_KIND_OF_TYPE = {
    DocumentType.HK_MACAO_PERMIT: _K.HK_MACAO_PERMIT,
    DocumentType.TAIWAN_PERMIT: _K.TAIWAN_PERMIT,
    DocumentType.MAINLAND_TRAVEL_PERMIT_HKM: _K.MTP_HK_MACAO,
    DocumentType.MAINLAND_TRAVEL_PERMIT_TW: _K.MTP_TAIWAN,
}


def from_registry(doc: TravelDocument, person: Person) -> DocumentIdentity:
    kind = _KIND_OF_TYPE.get(doc.doc_type)
    if kind is None:
        kind = _K.ORDINARY_PASSPORT if doc.issuing_state == "CHN" else _K.FOREIGN_PASSPORT
    return DocumentIdentity(
        issuing_state=doc.issuing_state,
        number=doc.number,
        kind=kind,
        document_type=doc.doc_type,
        nationality=person.nationality,
        expires_on=doc.expires_on,
        surname=person.surname,
        given_names=person.given_names,
        birth_date=person.birth_date,
        sex=person.sex.value,
        source="registry",
    )
