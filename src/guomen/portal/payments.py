"""Paying an application's fee through a payment gateway: start (idempotent per application)
and confirm by the gateway's signed callback (idempotent: a replayed or double-clicked
payment never charges or books twice)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from guomen.portal.accounts import applicant_event
from guomen.portal.model import Applicant, Payment, PaymentStatus
from guomen.portal.ports import PortalUnitOfWork
from guomen.portal.rules import signature_ok
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from guomen.shared.ids import new_id

CALLBACK_FIELDS = ("payment_id", "application_id", "amount_fen", "currency", "txn", "result")
# Told to the applications core once per application: (application id, payment ref, fen, when).
OnPaid = Callable[[str, str, int, datetime], object]


def owned(uow: PortalUnitOfWork, applicant: Applicant, application_id: str) -> None:
    if not uow.portal.links.owns(applicant.id, application_id):
        raise NotFound("no such application in your account")


def start_payment(
    uow: PortalUnitOfWork,
    clock: Clock,
    applicant: Applicant,
    application_id: str,
    amount_fen: int,
    currency: str = "CNY",
) -> Payment:
    """The one payment of this application: created once, returned again on a second click."""
    owned(uow, applicant, application_id)
    return start_payment_for(uow, clock, applicant.id, application_id, amount_fen, currency)


def start_payment_for(
    uow: PortalUnitOfWork,
    clock: Clock,
    payer: str,
    application_id: str,
    amount_fen: int,
    currency: str = "CNY",
) -> Payment:
    """Start (or find) the payment of an application for a payer: an applicant id, or
    ``kiosk:<token id>`` at a kiosk (which submitted the application itself)."""
    if amount_fen <= 0:
        raise ValidationFailed("this application has no fee to pay", code="no_fee")
    existing = uow.portal.payments.for_application(application_id)
    if existing:
        return existing[0]
    payment = Payment(
        new_id(),
        application_id,
        payer,
        amount_fen,
        currency,
        PaymentStatus.PENDING,
        clock.now(),
    )
    uow.portal.payments.add(payment)
    payment = uow.portal.payments.for_application(application_id)[0]  # a racing click's, if any
    uow.audit.append(
        applicant_event(payer, "portal.payment_start", object_id=application_id),
        clock.now(),
    )
    uow.commit()
    return payment


@dataclass(frozen=True, slots=True)
class Confirmation:
    payment: Payment
    replay: bool  # True when the payment had already been confirmed: nothing was done again


def confirm_payment(
    uow: PortalUnitOfWork,
    clock: Clock,
    key: bytes,
    fields: Mapping[str, str],
    signature: str,
    on_paid: OnPaid,
) -> Confirmation:
    """The gateway says a payment succeeded. Checked: signature, amount, currency, application;
    applied at most once (a conditional update decides between racing callbacks)."""
    signed = {k: str(fields.get(k, "")) for k in CALLBACK_FIELDS}
    if not signature or not signature_ok(key, signed, signature):
        raise NotAuthenticated("the callback signature is missing or wrong", code="bad_signature")
    payment = uow.portal.payments.get(signed["payment_id"])
    if payment is None:
        raise NotFound("unknown payment")
    if (
        signed["application_id"] != payment.application_id
        or signed["amount_fen"] != str(payment.amount_fen)
        or signed["currency"] != payment.currency
    ):
        raise ValidationFailed(
            "the callback does not match the payment (amount, currency or application)",
            code="payment_mismatch",
        )
    if signed["result"] != "success":
        raise ValidationFailed("the gateway reports the payment failed", code="payment_failed")
    uow.portal.payments.count_callback(payment.id)
    if payment.status is PaymentStatus.PAID:
        if payment.gateway_txn != signed["txn"]:
            _audit(uow, clock, payment, "duplicate_charge")
            uow.commit()
            raise Conflict(
                "this application is already paid; the second charge must be refunded",
                code="duplicate_charge",
            )
        uow.commit()
        return Confirmation(payment, replay=True)
    now = clock.now()
    if not uow.portal.payments.mark_paid(payment.id, signed["txn"], now):
        uow.commit()
        fresh = uow.portal.payments.get(payment.id)
        return Confirmation(fresh or payment, replay=True)
    payment.status, payment.gateway_txn, payment.paid_at = PaymentStatus.PAID, signed["txn"], now
    on_paid(payment.application_id, payment.id, payment.amount_fen, now)
    _audit(uow, clock, payment, "paid")
    uow.commit()
    return Confirmation(payment, replay=False)


def _audit(uow: PortalUnitOfWork, clock: Clock, payment: Payment, outcome: str) -> None:
    uow.audit.append(
        applicant_event(
            payment.payer,
            "portal.payment_confirm",
            object_id=payment.application_id,
            outcome=outcome,
        ),
        clock.now(),
    )
