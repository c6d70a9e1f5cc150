"""Which document is this? Classification of a parsed MRZ (ICAO or permit card) into the kinds
Chinese border inspection handles, with the number format checked and reasons for every doubt.

Pure function: ``classify(read)`` never raises. The passport kind comes from the number series
(assumption ``passport_document_code``); permits from their own layouts and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from guomen.documents.chinese.kinds import (
    CHINESE_PASSPORTS,
    KIND_INFO,
    DocumentKind,
    Issuer,
    document_type_for,
)
from guomen.documents.chinese.numbers import check_number, kinds_for_number
from guomen.documents.chinese.permit_layouts import (
    EEP_CODES,
    MTP_CODES,
    PermitLayout,
    PermitMrzResult,
)
from guomen.documents.chinese.reasons import (
    Reason,
    ReasonCode,
    any_blocking,
    error,
    info,
    warning,
)
from guomen.documents.chinese.visas import VisaCategory, visa_category
from guomen.documents.model import DocumentType
from guomen.documents.mrz import MrzFields, MrzResult
from guomen.documents.mrz.model import JsonValue

_K = DocumentKind
PASSPORT_CODES: dict[DocumentKind, frozenset[str]] = {  # assumption passport_document_code
    _K.ORDINARY_PASSPORT: frozenset({"P", "PO"}),
    _K.OFFICIAL_ORDINARY_PASSPORT: frozenset({"P", "PO", "PS"}),
    _K.SERVICE_PASSPORT: frozenset({"P", "PS"}),
    _K.DIPLOMATIC_PASSPORT: frozenset({"P", "PD"}),
}
_PASSPORT_BY_CODE = {"PD": _K.DIPLOMATIC_PASSPORT, "PS": _K.SERVICE_PASSPORT}
_EEP_KINDS = frozenset(EEP_CODES.values())
_MTP_KINDS = frozenset({*MTP_CODES.values(), _K.MTP_HK_MACAO_NON_CHINESE})
_MTP_EXPECTED_CODE = {
    _K.MTP_HK_MACAO: "CR",
    _K.MTP_HK_MACAO_NON_CHINESE: "CR",
    _K.MTP_TAIWAN: "CT",
}
_SAR_PASSPORTS = {"HKG": _K.HKSAR_PASSPORT, "MAC": _K.MACAO_SAR_PASSPORT}


@dataclass(frozen=True, slots=True)
class ClassifiedDocument:
    """What a document is, how it maps to the registry, and why it may be doubtful.

    ``ok`` is False when any reason is an error (e.g. ``number_format_mismatch``,
    ``layout_mismatch``, ``mrz_invalid``). ``visa_category`` is only a hint from the MRZ (see
    assumption ``visa_mrz``).
    """

    kind: DocumentKind
    issuer: Issuer
    document_type: DocumentType | None
    document_code: str
    issuing_state: str
    nationality: str
    number: str
    expiry_date: date | None
    reasons: tuple[Reason, ...] = ()
    number_format: str | None = None
    visa_category: VisaCategory | None = None

    @property
    def ok(self) -> bool:
        return not any_blocking(self.reasons)

    @property
    def is_chinese(self) -> bool:
        """Issued by the PRC central authorities (passports, permits, visas)."""
        return self.issuer is Issuer.PRC

    def reason_codes(self) -> frozenset[str]:
        return frozenset(str(reason.code) for reason in self.reasons)

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "kind": str(self.kind),
            "issuer": str(self.issuer),
            "document_type": str(self.document_type) if self.document_type else None,
            "document_code": self.document_code,
            "issuing_state": self.issuing_state,
            "nationality": self.nationality,
            "number": self.number,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "ok": self.ok,
            "reasons": [dict(reason.to_dict()) for reason in self.reasons],
            "number_format": self.number_format,
            "visa_category": str(self.visa_category) if self.visa_category else None,
        }


def _document(
    kind: DocumentKind,
    *,
    code: str,
    state: str,
    nationality: str,
    number: str,
    expiry: date | None,
    reasons: list[Reason],
    number_format: str | None = None,
) -> ClassifiedDocument:
    issuer = KIND_INFO[kind].issuer
    doc_type = document_type_for(kind)
    return ClassifiedDocument(
        kind=kind,
        issuer=issuer,
        document_type=doc_type,
        document_code=code,
        issuing_state=state,
        nationality=nationality,
        number=number,
        expiry_date=expiry,
        reasons=tuple(reasons),
        number_format=number_format,
    )


def _unreadable(reasons: list[Reason]) -> ClassifiedDocument:
    reasons.append(error(ReasonCode.UNKNOWN_DOCUMENT, "no document fields could be read"))
    return _document(
        _K.UNKNOWN, code="", state="", nationality="", number="", expiry=None, reasons=reasons
    )


def _validity_reasons(valid: bool, codes: frozenset[str]) -> list[Reason]:
    if valid:
        return []
    return [error(ReasonCode.MRZ_INVALID, f"the MRZ has errors: {', '.join(sorted(codes))}")]


def classify(read: MrzResult | PermitMrzResult) -> ClassifiedDocument:
    """Classify a parsed MRZ: an ICAO result from ``parse_mrz``/``repair_ocr`` or a permit card
    result from ``parse_permit_mrz``."""
    reasons = _validity_reasons(read.valid, read.error_codes())
    if isinstance(read, PermitMrzResult):
        return _classify_permit(read, reasons)
    fields = read.fields
    if fields is None:
        return _unreadable(reasons)
    if fields.document_code.startswith("P"):
        return _passport(fields, reasons)
    if fields.document_code.startswith("V"):
        return _visa(fields, reasons)
    return _card(fields, reasons)


def _icao(kind: DocumentKind, fields: MrzFields, reasons: list[Reason]) -> ClassifiedDocument:
    check = check_number(kind, fields.document_number)
    reasons.extend(check.reasons)
    return _document(
        kind,
        code=fields.document_code,
        state=fields.issuing_state,
        nationality=fields.nationality,
        number=check.number,
        expiry=fields.expiry_date,
        reasons=reasons,
        number_format=check.format.name if check.format else None,
    )


def _passport(fields: MrzFields, reasons: list[Reason]) -> ClassifiedDocument:
    state = fields.issuing_state
    if state in _SAR_PASSPORTS:
        return _icao(_SAR_PASSPORTS[state], fields, reasons)
    if state != "CHN":
        return _icao(_K.FOREIGN_PASSPORT, fields, reasons)
    by_number = [k for k in kinds_for_number(fields.document_number) if k in CHINESE_PASSPORTS]
    code = fields.document_code
    kind = by_number[0] if by_number else _PASSPORT_BY_CODE.get(code, _K.ORDINARY_PASSPORT)
    if code not in PASSPORT_CODES[kind]:
        expected = "/".join(sorted(PASSPORT_CODES[kind]))
        message = f"a {kind} prints {expected}, not {code!r}"
        reasons.append(warning(ReasonCode.DOCUMENT_CODE_UNEXPECTED, message))
    if fields.nationality != "CHN":
        message = f"a PRC passport holder's nationality is CHN, not {fields.nationality!r}"
        reasons.append(warning(ReasonCode.NATIONALITY_MISMATCH, message))
    return _icao(kind, fields, reasons)


def _visa(fields: MrzFields, reasons: list[Reason]) -> ClassifiedDocument:
    if fields.issuing_state != "CHN":
        return _icao(_K.FOREIGN_VISA, fields, reasons)
    hint = visa_category(fields.document_code[1:]) if len(fields.document_code) == 2 else None
    if hint is not None:
        message = f"category {hint} from the document code; confirm on the visa"
        reasons.append(info(ReasonCode.VISA_CATEGORY_HINT, message))
    return replace(_icao(_K.CHINESE_VISA, fields, reasons), visa_category=hint)


def _card(fields: MrzFields, reasons: list[Reason]) -> ClassifiedDocument:
    if fields.issuing_state != "CHN":
        return _icao(_K.FOREIGN_ID_CARD, fields, reasons)
    code = fields.document_code
    by_number = _first(fields.document_number) if code.startswith("C") else None
    kind = EEP_CODES.get(code) or MTP_CODES.get(code) or by_number
    if kind is None:
        message = f"no Chinese {code!r} card in ICAO layout is known"
        reasons.append(error(ReasonCode.UNKNOWN_DOCUMENT, message))
        return _icao(_K.UNKNOWN, fields, reasons)
    message = f"a {kind} prints its own MRZ layout, not ICAO TD1/TD2: likely not genuine"
    reasons.append(error(ReasonCode.LAYOUT_MISMATCH, message))
    return _icao(kind, fields, reasons)


def _first(number: str, allowed: frozenset[DocumentKind] | None = None) -> DocumentKind | None:
    pool = allowed if allowed is not None else _EEP_KINDS | _MTP_KINDS
    return next((kind for kind in kinds_for_number(number) if kind in pool), None)


def _classify_permit(read: PermitMrzResult, reasons: list[Reason]) -> ClassifiedDocument:
    fields = read.fields
    if fields is None:
        return _unreadable(reasons)
    code, number = fields.document_code, fields.document_number
    if fields.layout is PermitLayout.EEP:
        kind = EEP_CODES.get(code) or _first(number, _EEP_KINDS)
        expected_code = next((c for c, k in EEP_CODES.items() if k is kind), None)
    else:
        kind = _first(number, _MTP_KINDS) or MTP_CODES.get(code)
        expected_code = _MTP_EXPECTED_CODE.get(kind) if kind else None
    if kind is None:
        reasons.append(error(ReasonCode.UNKNOWN_DOCUMENT, f"no permit with code {code!r}"))
        kind = _K.UNKNOWN
    elif code != expected_code:
        message = f"a {kind} card is expected to print {expected_code}, not {code!r}"
        reasons.append(warning(ReasonCode.DOCUMENT_CODE_UNEXPECTED, message))
    check = check_number(kind, number)
    reasons.extend(check.reasons)
    nationality = "" if kind is _K.MTP_HK_MACAO_NON_CHINESE else "CHN"
    return _document(
        kind,
        code=code,
        state="CHN",  # assumption permit_issuing_state
        nationality=nationality,
        number=check.number,
        expiry=fields.expiry_date,
        reasons=reasons,
        number_format=check.format.name if check.format else None,
    )
