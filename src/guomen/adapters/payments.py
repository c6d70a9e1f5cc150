"""The portal's outside parts, built once by the composition root (``Container.portal_parts``):
notifications, the payment gateway (the demo's fake), the receipt renderer and their keys."""

from __future__ import annotations

from dataclasses import dataclass

from guomen.adapters.notify import build_notifier
from guomen.adapters.payments_fake import FakeGateway, callback_key, receipt_key
from guomen.adapters.receipt_pdf import PdfReceiptRenderer
from guomen.config import Secrets, Settings
from guomen.portal.ports import Notifier


@dataclass(frozen=True)
class PortalParts:
    notifier: Notifier
    gateway: FakeGateway
    receipts: PdfReceiptRenderer
    callback_key: bytes
    receipt_key: bytes


def build_portal_parts(settings: Settings, secrets: Secrets) -> PortalParts:
    key = callback_key(settings, secrets)
    return PortalParts(
        build_notifier(settings), FakeGateway(key), PdfReceiptRenderer(), key, receipt_key(secrets)
    )
