"""Receipts: what is printed, and the signed verification link its QR code carries."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import tzinfo
from urllib.parse import urlencode

from guomen.applications.model import Application
from guomen.portal.model import Payment
from guomen.portal.rules import sign
from guomen.reference.model import Office

VERIFY_PATH = "/receipts/verify"


@dataclass(frozen=True, slots=True)
class Receipt:
    reference: str  # the application reference staff look up
    applicant_name: str  # Chinese characters when the font allows, else pinyin
    applicant_pinyin: str
    document_label: str
    office: str
    amount_text: str  # "120.00 CNY"
    paid_at: str  # local time, as shown
    payment_ref: str
    issued_by: str = "国门 Guomen"


def receipt_signature(key: bytes, reference: str, payment_ref: str) -> str:
    return sign(key, {"ref": reference, "pay": payment_ref})[:32]


def verification_url(base_url: str, key: bytes, reference: str, payment_ref: str) -> str:
    query = urlencode(
        {
            "ref": reference,
            "pay": payment_ref,
            "sig": receipt_signature(key, reference, payment_ref),
        }
    )
    return f"{base_url.rstrip('/')}{VERIFY_PATH}?{query}"


def receipt_genuine(key: bytes, reference: str, payment_ref: str, sig: str) -> bool:
    expected = receipt_signature(key, reference, payment_ref)
    return len(sig) == len(expected) and hmac.compare_digest(expected, sig.lower())


SERVICE_LABELS_ZH = {
    "passport_first": "普通护照（首次申领）",
    "passport_renewal": "普通护照（换发）",
    "passport_replacement": "普通护照（补发）",
    "hk_macao_permit": "往来港澳通行证",
    "hk_macao_endorsement": "港澳签注",
    "taiwan_permit": "往来台湾通行证",
    "taiwan_endorsement": "赴台签注",
    "foreigner_stay_extension": "外国人停留居留证件延期",
}


def build_receipt(
    application: Application, payment: Payment, office: Office | None, tz: tzinfo
) -> Receipt:
    """The receipt of a paid application, bilingual (the PDF adapter falls back to Latin)."""
    a = application.applicant
    service = application.app_type.value
    paid = payment.paid_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if payment.paid_at else ""
    return Receipt(
        reference=application.reference,
        applicant_name=a.name_zh or a.full_name,
        applicant_pinyin=f"{a.surname} {a.given_names}".strip(),
        document_label=f"{SERVICE_LABELS_ZH.get(service, service)} / {service}",
        office=f"{office.name_zh} / {office.name_en}" if office else application.office_code,
        amount_text=f"{payment.amount_text} {payment.currency}",
        paid_at=paid,
        payment_ref=payment.gateway_txn or payment.id,
    )
