"""Telling an applicant that something happened (payment received, status changed), through
the notification port, in the outbox like every message. Staff-side status changes can call
:func:`notify_applicant` with the application's ``applicant_id``."""

from __future__ import annotations

from guomen.portal.model import Channel, ContactKind, DeliveryStatus, OutboxMessage
from guomen.portal.ports import Notifier, PortalUnitOfWork
from guomen.shared.clock import Clock
from guomen.shared.ids import new_id

TEXTS = {
    "paid": (
        "缴费成功 Payment received",
        "【国门】申请 {reference} 已缴费 {amount}。Guomen: application {reference} is paid "
        "({amount}).",
    ),
    "status": (
        "办理进度 Application status",
        "【国门】申请 {reference} 的办理状态：{status}。Guomen: application {reference} is "
        "now {status}.",
    ),
}


def notify_applicant(
    uow: PortalUnitOfWork,
    clock: Clock,
    notifier: Notifier,
    applicant_id: str,
    kind: str,
    **values: str,
) -> OutboxMessage | None:
    """Queue and deliver one notice to a portal applicant (None for kiosk or counter
    applicants, who have no portal account). A failed delivery is recorded, never raised: the
    event it reports has happened already. The caller commits."""
    applicant = uow.portal.applicants.get(applicant_id)
    if applicant is None:
        return None
    subject, body = TEXTS[kind]
    message = OutboxMessage(
        new_id(),
        Channel.SMS if applicant.contact.kind is ContactKind.PHONE else Channel.EMAIL,
        applicant.contact.value,
        subject,
        body.format(**values),
        clock.now(),
    )
    uow.portal.outbox.add(message)
    try:
        notifier.deliver(message)
    except Exception as exc:  # any transport failure: recorded for a retry, not raised
        message.status, message.error = DeliveryStatus.FAILED, type(exc).__name__
    else:
        message.status, message.sent_at = DeliveryStatus.SENT, clock.now()
    uow.portal.outbox.set_status(message)
    return message
