"""Applicant portal storage: applicants, one-time codes, sessions, outbox, payments, links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables_portal import (
    portal_applicants,
    portal_codes,
    portal_links,
    portal_outbox,
    portal_payments,
    portal_sessions,
)
from guomen.portal.model import (
    Applicant,
    ApplicantSession,
    Channel,
    Contact,
    ContactKind,
    DeliveryStatus,
    OneTimeCode,
    OutboxMessage,
    Payment,
    PaymentStatus,
)
from guomen.shared.clock import as_utc


def _utc(value: Any) -> Any:
    return as_utc(value) if value is not None else None


def contact_index(cipher: FieldCipher, contact: Contact) -> str:
    return cipher.blind_index("portal.contact", f"{contact.kind}:{contact.value}")


class SqlApplicantRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn, self._c = conn, cipher

    def _applicant(self, r: Any) -> Applicant:
        value = self._c.open("portal_applicants.contact", r.contact_enc) or ""
        return Applicant(
            r.id,
            Contact(ContactKind(r.contact_kind), value),
            as_utc(r.created_at),
            _utc(r.last_login_at),
        )

    def get(self, applicant_id: str) -> Applicant | None:
        q = select(portal_applicants).where(portal_applicants.c.id == applicant_id)
        row = self._conn.execute(q).one_or_none()
        return self._applicant(row) if row else None

    def get_by_contact(self, contact: Contact) -> Applicant | None:
        q = select(portal_applicants).where(
            portal_applicants.c.contact_bidx == contact_index(self._c, contact)
        )
        row = self._conn.execute(q).one_or_none()
        return self._applicant(row) if row else None

    def add(self, applicant: Applicant) -> None:
        self._conn.execute(
            portal_applicants.insert().values(
                id=applicant.id,
                contact_kind=applicant.contact.kind.value,
                contact_enc=self._c.seal("portal_applicants.contact", applicant.contact.value),
                contact_bidx=contact_index(self._c, applicant.contact),
                created_at=applicant.created_at,
                last_login_at=applicant.last_login_at,
            )
        )

    def touch_login(self, applicant_id: str, at: datetime) -> None:
        self._conn.execute(
            update(portal_applicants)
            .where(portal_applicants.c.id == applicant_id)
            .values(last_login_at=at)
        )


class SqlCodeRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn, self._c = conn, cipher

    def add(self, code: OneTimeCode) -> None:
        self._conn.execute(
            portal_codes.insert().values(
                id=code.id,
                contact_bidx=contact_index(self._c, code.contact),
                code_hash=code.code_hash,
                created_at=code.created_at,
                expires_at=code.expires_at,
                attempts=code.attempts,
                used_at=code.used_at,
            )
        )

    def latest_for(self, contact: Contact) -> OneTimeCode | None:
        q = (
            select(portal_codes)
            .where(portal_codes.c.contact_bidx == contact_index(self._c, contact))
            .order_by(portal_codes.c.created_at.desc())
            .limit(1)
        )
        r = self._conn.execute(q).one_or_none()
        if r is None:
            return None
        return OneTimeCode(
            r.id,
            contact,
            r.code_hash,
            as_utc(r.created_at),
            as_utc(r.expires_at),
            r.attempts,
            _utc(r.used_at),
        )

    def created_since(self, contact: Contact, since: datetime) -> list[datetime]:
        q = select(portal_codes.c.created_at).where(
            portal_codes.c.contact_bidx == contact_index(self._c, contact),
            portal_codes.c.created_at >= since,
        )
        return [as_utc(t) for t in self._conn.execute(q).scalars()]

    def count_attempt(self, code_id: str) -> None:
        self._conn.execute(
            update(portal_codes)
            .where(portal_codes.c.id == code_id)
            .values(attempts=portal_codes.c.attempts + 1)
        )

    def use(self, code_id: str, at: datetime) -> bool:
        result = self._conn.execute(
            update(portal_codes)
            .where(portal_codes.c.id == code_id, portal_codes.c.used_at.is_(None))
            .values(used_at=at)
        )
        return result.rowcount == 1


class SqlApplicantSessionRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, session: ApplicantSession) -> None:
        self._conn.execute(
            portal_sessions.insert().values(
                id_hash=session.id_hash,
                applicant_id=session.applicant_id,
                csrf_token=session.csrf_token,
                created_at=session.created_at,
                expires_at=session.expires_at,
            )
        )

    def get(self, id_hash: str) -> ApplicantSession | None:
        q = select(portal_sessions).where(portal_sessions.c.id_hash == id_hash)
        r = self._conn.execute(q).one_or_none()
        if r is None:
            return None
        return ApplicantSession(
            r.id_hash, r.applicant_id, r.csrf_token, as_utc(r.created_at), as_utc(r.expires_at)
        )

    def delete(self, id_hash: str) -> None:
        self._conn.execute(delete(portal_sessions).where(portal_sessions.c.id_hash == id_hash))


class SqlOutboxRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn, self._c = conn, cipher

    def add(self, message: OutboxMessage) -> None:
        self._conn.execute(
            portal_outbox.insert().values(
                id=message.id,
                channel=message.channel.value,
                recipient_enc=self._c.seal("portal_outbox.recipient", message.recipient),
                subject=message.subject[:200],
                body_enc=self._c.seal("portal_outbox.body", message.body),
                created_at=message.created_at,
                status=message.status.value,
                sent_at=message.sent_at,
                error=message.error[:500],
            )
        )

    def set_status(self, message: OutboxMessage) -> None:
        self._conn.execute(
            update(portal_outbox)
            .where(portal_outbox.c.id == message.id)
            .values(status=message.status.value, sent_at=message.sent_at, error=message.error[:500])
        )

    def latest(self, limit: int) -> list[OutboxMessage]:
        q = select(portal_outbox).order_by(portal_outbox.c.created_at.desc()).limit(limit)
        return [
            OutboxMessage(
                r.id,
                Channel(r.channel),
                self._c.open("portal_outbox.recipient", r.recipient_enc) or "",
                r.subject,
                self._c.open("portal_outbox.body", r.body_enc) or "",
                as_utc(r.created_at),
                DeliveryStatus(r.status),
                _utc(r.sent_at),
                r.error,
            )
            for r in self._conn.execute(q)
        ]


def _payment(r: Any) -> Payment:
    return Payment(
        r.id,
        r.application_id,
        r.payer,
        r.amount_fen,
        r.currency,
        PaymentStatus(r.status),
        as_utc(r.created_at),
        r.gateway_txn,
        _utc(r.paid_at),
        r.callbacks,
    )


class SqlPaymentRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, payment: Payment) -> None:
        """One payment per application (unique): a racing second insert is simply not kept."""
        values = {
            "id": payment.id,
            "application_id": payment.application_id,
            "payer": payment.payer[:64],
            "amount_fen": payment.amount_fen,
            "currency": payment.currency,
            "status": payment.status.value,
            "gateway_txn": payment.gateway_txn,
            "created_at": payment.created_at,
            "paid_at": payment.paid_at,
            "callbacks": payment.callbacks,
        }
        nested = self._conn.begin_nested()
        try:
            self._conn.execute(insert(portal_payments).values(**values))
        except IntegrityError:
            nested.rollback()
            return
        nested.commit()

    def get(self, payment_id: str) -> Payment | None:
        q = select(portal_payments).where(portal_payments.c.id == payment_id)
        r = self._conn.execute(q).one_or_none()
        return _payment(r) if r else None

    def for_application(self, application_id: str) -> list[Payment]:
        q = select(portal_payments).where(portal_payments.c.application_id == application_id)
        return [_payment(r) for r in self._conn.execute(q)]

    def mark_paid(self, payment_id: str, gateway_txn: str, at: datetime) -> bool:
        result = self._conn.execute(
            update(portal_payments)
            .where(
                portal_payments.c.id == payment_id,
                portal_payments.c.status == PaymentStatus.PENDING.value,
            )
            .values(status=PaymentStatus.PAID.value, gateway_txn=gateway_txn[:64], paid_at=at)
        )
        return result.rowcount == 1

    def count_callback(self, payment_id: str) -> None:
        self._conn.execute(
            update(portal_payments)
            .where(portal_payments.c.id == payment_id)
            .values(callbacks=portal_payments.c.callbacks + 1)
        )


class SqlApplicantLinks:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def link(self, applicant_id: str, application_id: str, at: datetime) -> None:
        self._conn.execute(
            portal_links.insert().values(
                applicant_id=applicant_id, application_id=application_id, created_at=at
            )
        )

    def owns(self, applicant_id: str, application_id: str) -> bool:
        q = select(portal_links.c.application_id).where(
            portal_links.c.applicant_id == applicant_id,
            portal_links.c.application_id == application_id,
        )
        return self._conn.execute(q).first() is not None

    def applications_of(self, applicant_id: str) -> list[str]:
        q = (
            select(portal_links.c.application_id)
            .where(portal_links.c.applicant_id == applicant_id)
            .order_by(portal_links.c.created_at.desc())
        )
        return list(self._conn.execute(q).scalars())


class SqlPortalRepositories:
    """Everything the portal stores, on the unit of work's connection (``uow.portal``)."""

    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self.applicants = SqlApplicantRepository(conn, cipher)
        self.codes = SqlCodeRepository(conn, cipher)
        self.sessions = SqlApplicantSessionRepository(conn)
        self.outbox = SqlOutboxRepository(conn, cipher)
        self.payments = SqlPaymentRepository(conn)
        self.links = SqlApplicantLinks(conn)
