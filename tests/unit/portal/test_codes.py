"""One-time codes: the policy (10 minutes, 5 attempts, rate limit per address), the contact
parser, and the sign-in use case over in-memory fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from guomen.portal.accounts import request_code, resolve_applicant, sign_in_with_code
from guomen.portal.model import Contact, ContactKind, OneTimeCode, RateLimited
from guomen.portal.rules import CodePolicy, code_state, new_code, rate_limit_reason
from guomen.shared.clock import FakeClock
from guomen.shared.errors import NotAuthenticated, ServiceUnavailable, ValidationFailed
from portal_fakes import FakeDigester, FakePortalUow, RecordingNotifier, code_in

POLICY = CodePolicy()
HOUR = timedelta(hours=1)


def test_codes_are_six_digits_and_vary() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("138 0013 8000", ContactKind.PHONE, "13800138000"),
        ("+86 13800138000", ContactKind.PHONE, "13800138000"),
        ("Li.Ming@Example.CN", ContactKind.EMAIL, "li.ming@example.cn"),
    ],
)
def test_contacts_are_normalised(text: str, kind: ContactKind, value: str) -> None:
    contact = Contact.parse(text)
    assert (contact.kind, contact.value) == (kind, value)


@pytest.mark.parametrize(
    "text", ["", "12345", "23800138000", "1380013800", "a@b", "x@@y.cn", "a" * 300 + "@x.cn"]
)
def test_unusable_contacts_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        Contact.parse(text)


def test_masked_contact_hides_the_middle() -> None:
    assert Contact.parse("13800138000").masked == "138****8000"
    assert Contact.parse("liming@example.cn").masked == "l***@example.cn"


def test_rate_limit_one_a_minute_five_an_hour() -> None:
    now = FakeClock().now()
    assert rate_limit_reason([], now, POLICY) is None
    assert rate_limit_reason([now - timedelta(seconds=30)], now, POLICY) == "too_soon"
    assert rate_limit_reason([now - timedelta(seconds=61)], now, POLICY) is None
    five = [now - timedelta(minutes=5 * i + 2) for i in range(5)]
    assert rate_limit_reason(five, now, POLICY) == "too_many_codes_hour"
    assert rate_limit_reason([t - HOUR for t in five], now, POLICY) is None


def test_code_states() -> None:
    now = FakeClock().now()
    code = OneTimeCode("c1", Contact.parse("13800138000"), "h", now, now + POLICY.ttl)
    assert code_state(None, now, POLICY) == "missing"
    assert code_state(code, now, POLICY) == "usable"
    assert code_state(code, now + POLICY.ttl, POLICY) == "expired"
    code.attempts = 5
    assert code_state(code, now, POLICY) == "locked"
    code.attempts, code.used_at = 0, now
    assert code_state(code, now, POLICY) == "used"


def _send(uow: FakePortalUow, clock: FakeClock, notifier: RecordingNotifier, to: str) -> str:
    request_code(uow, clock, FakeDigester(), notifier, to)
    return code_in(notifier.sent[-1].body)


def test_the_code_reaches_the_applicant_and_only_its_digest_is_stored() -> None:
    uow, clock, notifier = FakePortalUow(), FakeClock(), RecordingNotifier()
    code = _send(uow, clock, notifier, "13800138000")
    assert notifier.sent[-1].channel.value == "sms"
    stored = uow.portal.codes.items[0]
    assert code not in stored.code_hash
    signed = sign_in_with_code(uow, clock, FakeDigester(), "13800138000", code, timedelta(hours=1))
    assert signed.registered and signed.applicant.contact.value == "13800138000"
    applicant, _ = resolve_applicant(uow, FakeDigester(), clock, signed.session_token)
    assert applicant.id == signed.applicant.id
    again = _send(uow, FakeClock(clock.now() + timedelta(minutes=2)), notifier, "13800138000")
    second = sign_in_with_code(
        uow,
        FakeClock(clock.now() + timedelta(minutes=2)),
        FakeDigester(),
        "+86 138 0013 8000",
        again,
        HOUR,
    )
    assert not second.registered and second.applicant.id == signed.applicant.id


def test_a_code_works_once() -> None:
    uow, clock, notifier = FakePortalUow(), FakeClock(), RecordingNotifier()
    code = _send(uow, clock, notifier, "li@example.cn")
    sign_in_with_code(uow, clock, FakeDigester(), "li@example.cn", code, HOUR)
    with pytest.raises(NotAuthenticated) as err:
        sign_in_with_code(uow, clock, FakeDigester(), "li@example.cn", code, HOUR)
    assert err.value.code == "code_used"


def test_an_expired_code_is_refused() -> None:
    uow, clock, notifier = FakePortalUow(), FakeClock(), RecordingNotifier()
    code = _send(uow, clock, notifier, "li@example.cn")
    clock.advance(timedelta(minutes=10))
    with pytest.raises(NotAuthenticated) as err:
        sign_in_with_code(uow, clock, FakeDigester(), "li@example.cn", code, HOUR)
    assert err.value.code == "code_expired"
    assert uow.portal.applicants.items == {}


def test_five_wrong_guesses_lock_the_code_even_for_the_right_one() -> None:
    uow, clock, notifier = FakePortalUow(), FakeClock(), RecordingNotifier()
    code = _send(uow, clock, notifier, "li@example.cn")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    codes = []
    for _ in range(5):
        with pytest.raises(NotAuthenticated) as err:
            sign_in_with_code(uow, clock, FakeDigester(), "li@example.cn", wrong, HOUR)
        codes.append(err.value.code)
    assert codes == ["code_wrong"] * 4 + ["code_locked"]
    with pytest.raises(NotAuthenticated) as err:
        sign_in_with_code(uow, clock, FakeDigester(), "li@example.cn", code, HOUR)
    assert err.value.code == "code_locked"


def test_a_code_for_one_address_does_not_open_another() -> None:
    uow, clock, notifier = FakePortalUow(), FakeClock(), RecordingNotifier()
    code = _send(uow, clock, notifier, "li@example.cn")
    with pytest.raises(NotAuthenticated) as err:
        sign_in_with_code(uow, clock, FakeDigester(), "wang@example.cn", code, HOUR)
    assert err.value.code == "code_missing"


def test_rate_limit_refuses_a_second_code_within_a_minute() -> None:
    uow, clock, notifier = FakePortalUow(), FakeClock(), RecordingNotifier()
    _send(uow, clock, notifier, "li@example.cn")
    with pytest.raises(RateLimited) as err:
        request_code(uow, clock, FakeDigester(), notifier, "li@example.cn")
    assert err.value.status == 429 and len(notifier.sent) == 1


def test_a_failed_delivery_keeps_nothing() -> None:
    uow, clock = FakePortalUow(), FakeClock()
    with pytest.raises(ServiceUnavailable):
        request_code(uow, clock, FakeDigester(), RecordingNotifier(fail=True), "li@example.cn")
    assert uow.committed == 0


def test_smtp_mail_is_built_from_the_outbox_message_without_sending() -> None:
    from guomen.adapters.notify import SmtpMailer
    from guomen.portal.model import Channel, OutboxMessage

    mailer = SmtpMailer("smtp.invalid", 587, "noreply@guomen.example")
    message = OutboxMessage(
        "m1", Channel.EMAIL, "li@example.cn", "国门验证码", "验证码 123456", FakeClock().now()
    )
    mail = mailer.build(message)
    assert mail["To"] == "li@example.cn" and mail["From"] == "noreply@guomen.example"
    assert mail["Subject"] == "国门验证码" and "123456" in mail.get_content()


def test_notices_reach_portal_applicants_and_a_failed_delivery_is_recorded() -> None:
    from guomen.portal.model import Applicant
    from guomen.portal.notices import notify_applicant

    uow, clock = FakePortalUow(), FakeClock()
    uow.portal.applicants.add(Applicant("a1", Contact.parse("li@example.cn"), clock.now()))
    notifier = RecordingNotifier()
    sent = notify_applicant(
        uow, clock, notifier, "a1", "paid", reference="P1-X", amount="120.00 CNY"
    )
    assert sent is not None and sent.channel.value == "email"
    assert "P1-X" in notifier.sent[0].body and "120.00 CNY" in notifier.sent[0].body
    failed = notify_applicant(
        uow, clock, RecordingNotifier(fail=True), "a1", "status", reference="P1-X", status="issued"
    )
    assert failed is not None and failed.status.value == "failed" and failed.error == "OSError"
    assert (
        notify_applicant(uow, clock, notifier, "kiosk:t1", "paid", reference="", amount="") is None
    )
