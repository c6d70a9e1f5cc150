"""The demo's fake payment gateway: a checkout page on this server and signed callbacks.

A real gateway (UnionPay, Alipay, WeChat Pay) would host the checkout page itself and call
``POST /api/v1/payments/callback`` with the same signed fields. The fake never charges the same
checkout twice: its transaction id is derived from the payment id, and it keeps a ledger."""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from dataclasses import dataclass

from guomen.config import Secrets, Settings
from guomen.portal.model import Payment
from guomen.portal.rules import derive_key, sign


def callback_key(settings: Settings, secrets: Secrets) -> bytes:
    """GUOMEN_PAYMENT_KEY (base64, 32 bytes) or, when unset, a key derived from the secret key."""
    if settings.payment_key:
        raw = base64.urlsafe_b64decode(
            settings.payment_key + "=" * (-len(settings.payment_key) % 4)
        )
        if len(raw) != 32:
            raise ValueError("GUOMEN_PAYMENT_KEY must decode to 32 bytes")
        return raw
    return derive_key(secrets.secret_key, "payment-callback")


def receipt_key(secrets: Secrets) -> bytes:
    return derive_key(secrets.secret_key, "receipt-qr")


@dataclass(frozen=True, slots=True)
class Charge:
    fields: dict[str, str]
    signature: str
    new: bool  # False when this checkout had been charged before (a double click)


class FakeGateway:
    def __init__(self, key: bytes) -> None:
        self._key = key
        self._lock = threading.Lock()
        self._ledger: dict[str, str] = {}  # payment id -> transaction id

    def checkout_path(self, payment: Payment) -> str:
        return f"/portal/gateway/{payment.id}"

    def charge(self, payment: Payment) -> Charge:
        """Charge once per payment; a second call returns the same transaction, signed."""
        with self._lock:
            txn = self._ledger.get(payment.id)
            new = txn is None
            if txn is None:
                digest = hmac.new(self._key, payment.id.encode(), hashlib.sha256).hexdigest()
                txn = "FAKE-" + digest[:20].upper()
                self._ledger[payment.id] = txn
        fields = {
            "payment_id": payment.id,
            "application_id": payment.application_id,
            "amount_fen": str(payment.amount_fen),
            "currency": payment.currency,
            "txn": txn,
            "result": "success",
        }
        return Charge(fields, sign(self._key, fields), new)

    @property
    def charges(self) -> int:
        return len(self._ledger)
