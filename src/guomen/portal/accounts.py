"""Applicant accounts: request a one-time code, sign in with it (the first sign-in registers),
resolve and end applicant sessions. Applicants are not staff users: no role, no data scope."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta

from guomen.audit.model import AuditEvent
from guomen.portal.model import (
    Applicant,
    ApplicantSession,
    Channel,
    Contact,
    ContactKind,
    DeliveryStatus,
    OneTimeCode,
    OutboxMessage,
    RateLimited,
)
from guomen.portal.ports import Notifier, PortalUnitOfWork, SecretDigester
from guomen.portal.rules import CodePolicy, code_message, code_state, new_code, rate_limit_reason
from guomen.shared.clock import Clock
from guomen.shared.errors import NotAuthenticated, ServiceUnavailable
from guomen.shared.ids import new_id, new_secret

APPLICANT_ROLE = "applicant"

_TEXTS = {
    "zh-CN": (
        "国门验证码",
        "【国门】您的验证码是 {code}，{minutes} 分钟内有效。工作人员不会向您索要验证码。",
    ),
    "en": (
        "Guomen one-time code",
        "Guomen: your one-time code is {code}. It is valid for {minutes} minutes. "
        "Staff will never ask you for it.",
    ),
}


def applicant_event(
    applicant_id: str, action: str, *, object_id: str = "", outcome: str = "ok", client: str = ""
) -> AuditEvent:
    return AuditEvent(
        actor=f"applicant:{applicant_id}" if applicant_id else "applicant:-",
        role=APPLICANT_ROLE,
        action=action,
        object_type="applicant" if not object_id else "application",
        object_id=object_id or applicant_id,
        purpose="applicant self-service",
        client=client[:128],
        outcome=outcome,
    )


@dataclass(frozen=True, slots=True)
class CodeSent:
    masked: str  # where it went, masked (138****5678)
    expires_in_minutes: int


def request_code(
    uow: PortalUnitOfWork,
    clock: Clock,
    digester: SecretDigester,
    notifier: Notifier,
    contact_text: str,
    *,
    policy: CodePolicy = CodePolicy(),
    language: str = "zh-CN",
    client: str = "",
) -> CodeSent:
    """Send a 6-digit code to a phone or e-mail address. Only its keyed digest is stored."""
    contact = Contact.parse(contact_text)
    now = clock.now()
    recent = uow.portal.codes.created_since(contact, now - timedelta(hours=1))
    reason = rate_limit_reason(recent, now, policy)
    if reason is not None:
        uow.audit.append(applicant_event("", "portal.code", outcome=reason, client=client), now)
        uow.commit()
        wait = "a minute" if reason == "too_soon" else "an hour"
        raise RateLimited(f"too many codes for this address; wait {wait}", code=reason)
    code = new_code()
    record_id = new_id()
    uow.portal.codes.add(
        OneTimeCode(
            record_id,
            contact,
            digester.digest(code_message(record_id, code)),
            now,
            now + policy.ttl,
        )
    )
    subject, body = _TEXTS.get(language, _TEXTS["zh-CN"])
    minutes = int(policy.ttl.total_seconds() // 60)
    message = OutboxMessage(
        new_id(),
        Channel.SMS if contact.kind is ContactKind.PHONE else Channel.EMAIL,
        contact.value,
        subject,
        body.format(code=code, minutes=minutes),
        now,
    )
    uow.portal.outbox.add(message)
    try:
        notifier.deliver(message)
    except Exception as exc:  # any transport failure: nothing is kept, the user retries
        raise ServiceUnavailable(
            "the code could not be sent; try again shortly", code="delivery_failed"
        ) from exc
    message.status, message.sent_at = DeliveryStatus.SENT, clock.now()
    uow.portal.outbox.set_status(message)
    uow.audit.append(applicant_event("", "portal.code", outcome="sent", client=client), now)
    uow.commit()
    return CodeSent(contact.masked, minutes)


@dataclass(frozen=True, slots=True)
class SignedIn:
    applicant: Applicant
    session_token: str  # raw value for the cookie; only its digest is stored
    csrf_token: str
    registered: bool  # True on the first sign-in (the account was created now)


def sign_in_with_code(
    uow: PortalUnitOfWork,
    clock: Clock,
    digester: SecretDigester,
    contact_text: str,
    code: str,
    session_length: timedelta,
    *,
    policy: CodePolicy = CodePolicy(),
    client: str = "",
) -> SignedIn:
    contact = Contact.parse(contact_text)
    now = clock.now()
    record = uow.portal.codes.latest_for(contact)
    state = code_state(record, now, policy)
    if state != "usable" or record is None:
        raise NotAuthenticated(_STATE_TEXT.get(state, "request a new code"), code=f"code_{state}")
    given = "".join(code.split())
    if not hmac.compare_digest(digester.digest(code_message(record.id, given)), record.code_hash):
        uow.portal.codes.count_attempt(record.id)
        uow.audit.append(applicant_event("", "portal.login", outcome="wrong_code"), now)
        uow.commit()
        left = policy.max_attempts - record.attempts - 1
        raise NotAuthenticated(
            f"wrong code; {max(left, 0)} attempts left" if left > 0 else _STATE_TEXT["locked"],
            code="code_wrong" if left > 0 else "code_locked",
        )
    if not uow.portal.codes.use(record.id, now):
        raise NotAuthenticated(_STATE_TEXT["used"], code="code_used")
    applicant = uow.portal.applicants.get_by_contact(contact)
    registered = applicant is None
    if applicant is None:
        applicant = Applicant(new_id(), contact, now)
        uow.portal.applicants.add(applicant)
    uow.portal.applicants.touch_login(applicant.id, now)
    applicant.last_login_at = now
    raw = new_secret()
    csrf = new_secret(24)
    uow.portal.sessions.add(
        ApplicantSession(digester.digest(raw), applicant.id, csrf, now, now + session_length)
    )
    action = "portal.register" if registered else "portal.login"
    uow.audit.append(applicant_event(applicant.id, action, client=client), now)
    uow.commit()
    return SignedIn(applicant, raw, csrf, registered)


_STATE_TEXT = {
    "missing": "no code was requested for this address; request one first",
    "used": "this code was already used; request a new one",
    "expired": "the code has expired; request a new one",
    "locked": "too many wrong attempts; request a new code",
}


def resolve_applicant(
    uow: PortalUnitOfWork, digester: SecretDigester, clock: Clock, raw: str
) -> tuple[Applicant, ApplicantSession]:
    session = uow.portal.sessions.get(digester.digest(raw)) if raw else None
    if session is None:
        raise NotAuthenticated("please sign in to the applicant portal", code="no_session")
    if clock.now() >= session.expires_at:
        uow.portal.sessions.delete(session.id_hash)
        uow.commit()
        raise NotAuthenticated("your session has expired; please sign in again", code="expired")
    applicant = uow.portal.applicants.get(session.applicant_id)
    if applicant is None:
        raise NotAuthenticated("this account no longer exists", code="inactive")
    return applicant, session


def sign_out_applicant(
    uow: PortalUnitOfWork, digester: SecretDigester, clock: Clock, applicant: Applicant, raw: str
) -> None:
    uow.portal.sessions.delete(digester.digest(raw))
    uow.audit.append(applicant_event(applicant.id, "portal.logout"), clock.now())
    uow.commit()
