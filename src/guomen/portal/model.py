"""Applicants, one-time codes, outbox messages, payments: entities and value objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from guomen.shared.errors import GuomenError, ValidationFailed


class RateLimited(GuomenError):
    code = "rate_limited"
    status = 429


class ContactKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"


_PHONE = re.compile(r"1[3-9]\d{9}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")


@dataclass(frozen=True, slots=True)
class Contact:
    """The applicant's login: a mainland mobile number or an e-mail address, normalised."""

    kind: ContactKind
    value: str

    @classmethod
    def parse(cls, text: str) -> Contact:
        raw = text.strip()
        if "@" in raw:
            if len(raw) > 254 or not _EMAIL.fullmatch(raw) or ".." in raw:
                raise ValidationFailed("not a usable e-mail address", code="bad_contact")
            return cls(ContactKind.EMAIL, raw.lower())
        digits = re.sub(r"[\s-]", "", raw)
        if digits.startswith("+86"):
            digits = digits[3:]
        elif digits.startswith("0086"):
            digits = digits[4:]
        if not _PHONE.fullmatch(digits):
            raise ValidationFailed(
                "enter a mainland mobile number (11 digits, 1xx…) or an e-mail address",
                code="bad_contact",
            )
        return cls(ContactKind.PHONE, digits)

    @property
    def masked(self) -> str:
        if self.kind is ContactKind.PHONE:
            return f"{self.value[:3]}****{self.value[-4:]}"
        name, _, domain = self.value.partition("@")
        return f"{name[:1]}***@{domain}"


@dataclass(slots=True)
class Applicant:
    """A member of the public with a portal account. Not a staff user (no role, no scope)."""

    id: str
    contact: Contact
    created_at: datetime
    last_login_at: datetime | None = None


@dataclass(slots=True)
class OneTimeCode:
    id: str
    contact: Contact  # the code is bound to the address it was sent to
    code_hash: str  # keyed digest of the code, never the code itself
    created_at: datetime
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ApplicantSession:
    id_hash: str
    applicant_id: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


@dataclass(slots=True)
class OutboxMessage:
    """Every notification, as sent. Recipient and body are personal data (sealed at rest)."""

    id: str
    channel: Channel
    recipient: str
    subject: str
    body: str
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.QUEUED
    sent_at: datetime | None = None
    error: str = ""


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"


@dataclass(slots=True)
class Payment:
    """One charge for one application: at most one is ever paid (a database constraint too)."""

    id: str
    application_id: str
    payer: str  # applicant id, or kiosk:<token id>
    amount_fen: int
    currency: str
    status: PaymentStatus
    created_at: datetime
    gateway_txn: str = ""
    paid_at: datetime | None = None
    callbacks: int = 0

    @property
    def amount_text(self) -> str:
        return f"{self.amount_fen // 100}.{self.amount_fen % 100:02d}"
