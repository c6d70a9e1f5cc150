"""In-memory fakes of the portal's ports (unit tests)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from guomen.audit.model import AuditEvent
from guomen.portal.model import (
    Applicant,
    ApplicantSession,
    Contact,
    OneTimeCode,
    OutboxMessage,
    Payment,
    PaymentStatus,
)


def code_in(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found is not None, text
    return found.group(1)


class FakeDigester:
    def digest(self, secret: str) -> str:
        return hashlib.sha256(b"k" + secret.encode()).hexdigest()


@dataclass
class RecordingNotifier:
    fail: bool = False
    sent: list[OutboxMessage] = field(default_factory=list)

    def deliver(self, message: OutboxMessage) -> None:
        if self.fail:
            raise OSError("SMTP server unreachable")
        self.sent.append(message)


class FakeApplicants:
    def __init__(self) -> None:
        self.items: dict[str, Applicant] = {}

    def get(self, applicant_id: str) -> Applicant | None:
        return self.items.get(applicant_id)

    def get_by_contact(self, contact: Contact) -> Applicant | None:
        return next((a for a in self.items.values() if a.contact == contact), None)

    def add(self, applicant: Applicant) -> None:
        self.items[applicant.id] = applicant

    def touch_login(self, applicant_id: str, at: datetime) -> None:
        self.items[applicant_id].last_login_at = at


class FakeCodes:
    def __init__(self) -> None:
        self.items: list[OneTimeCode] = []

    def add(self, code: OneTimeCode) -> None:
        self.items.append(replace(code))

    def latest_for(self, contact: Contact) -> OneTimeCode | None:
        mine = [c for c in self.items if c.contact == contact]
        return replace(mine[-1]) if mine else None

    def created_since(self, contact: Contact, since: datetime) -> list[datetime]:
        return [c.created_at for c in self.items if c.contact == contact and c.created_at >= since]

    def _find(self, code_id: str) -> OneTimeCode:
        return next(c for c in self.items if c.id == code_id)

    def count_attempt(self, code_id: str) -> None:
        self._find(code_id).attempts += 1

    def use(self, code_id: str, at: datetime) -> bool:
        code = self._find(code_id)
        if code.used_at is not None:
            return False
        code.used_at = at
        return True


class FakeSessions:
    def __init__(self) -> None:
        self.items: dict[str, ApplicantSession] = {}

    def add(self, session: ApplicantSession) -> None:
        self.items[session.id_hash] = session

    def get(self, id_hash: str) -> ApplicantSession | None:
        return self.items.get(id_hash)

    def delete(self, id_hash: str) -> None:
        self.items.pop(id_hash, None)


class FakeOutbox:
    def __init__(self) -> None:
        self.items: list[OutboxMessage] = []

    def add(self, message: OutboxMessage) -> None:
        self.items.append(message)

    def set_status(self, message: OutboxMessage) -> None:
        return None

    def latest(self, limit: int) -> list[OutboxMessage]:
        return self.items[-limit:][::-1]


class FakePayments:
    def __init__(self) -> None:
        self.items: dict[str, Payment] = {}

    def add(self, payment: Payment) -> None:
        if not self.for_application(payment.application_id):
            self.items[payment.id] = replace(payment)

    def get(self, payment_id: str) -> Payment | None:
        found = self.items.get(payment_id)
        return replace(found) if found else None

    def for_application(self, application_id: str) -> list[Payment]:
        return [replace(p) for p in self.items.values() if p.application_id == application_id]

    def mark_paid(self, payment_id: str, gateway_txn: str, at: datetime) -> bool:
        p = self.items[payment_id]
        if p.status is PaymentStatus.PAID:
            return False
        p.status, p.gateway_txn, p.paid_at = PaymentStatus.PAID, gateway_txn, at
        return True

    def count_callback(self, payment_id: str) -> None:
        self.items[payment_id].callbacks += 1


class FakeLinks:
    def __init__(self) -> None:
        self.items: set[tuple[str, str]] = set()

    def link(self, applicant_id: str, application_id: str, at: datetime) -> None:
        self.items.add((applicant_id, application_id))

    def owns(self, applicant_id: str, application_id: str) -> bool:
        return (applicant_id, application_id) in self.items

    def applications_of(self, applicant_id: str) -> list[str]:
        return [a for o, a in self.items if o == applicant_id]


class FakePortalRepos:
    def __init__(self) -> None:
        self.applicants = FakeApplicants()
        self.codes = FakeCodes()
        self.sessions = FakeSessions()
        self.outbox = FakeOutbox()
        self.payments = FakePayments()
        self.links = FakeLinks()


class FakeAudit:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, event: AuditEvent, at: datetime) -> object:
        self.events.append(event)
        return event


class FakePortalUow:
    def __init__(self) -> None:
        self.portal = FakePortalRepos()
        self.audit = FakeAudit()
        self.committed = 0

    def commit(self) -> None:
        self.committed += 1
