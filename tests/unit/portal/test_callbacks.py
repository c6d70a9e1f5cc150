"""Payment callbacks: HMAC signatures, idempotent confirmation, refusal of anything altered."""

from __future__ import annotations

from datetime import datetime

import pytest

from guomen.adapters.payments_fake import FakeGateway
from guomen.portal.model import Applicant, Contact, PaymentStatus
from guomen.portal.payments import confirm_payment, start_payment
from guomen.portal.rules import canonical, sign, signature_ok
from guomen.shared.clock import FakeClock
from guomen.shared.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from portal_fakes import FakePortalUow

KEY = b"k" * 32


def _setup() -> tuple[FakePortalUow, FakeClock, Applicant, list[tuple[str, str, int]]]:
    uow, clock = FakePortalUow(), FakeClock()
    applicant = Applicant("a1", Contact.parse("13800138000"), clock.now())
    uow.portal.links.link("a1", "app1", clock.now())
    return uow, clock, applicant, []


def _on_paid(calls: list[tuple[str, str, int]]):
    def record(application_id: str, ref: str, fen: int, at: datetime) -> None:
        calls.append((application_id, ref, fen))

    return record


def test_signature_covers_every_field_in_a_fixed_order() -> None:
    fields = {"b": "2", "a": "1"}
    assert canonical(fields) == b"a=1\nb=2"
    sig = sign(KEY, fields)
    assert signature_ok(KEY, {"a": "1", "b": "2"}, sig)
    assert signature_ok(KEY, fields, sig.upper())
    assert not signature_ok(KEY, {"a": "1", "b": "3"}, sig)
    assert not signature_ok(b"x" * 32, fields, sig)
    assert not signature_ok(KEY, {"a": "1\nb=2"}, sig)


def test_double_click_creates_one_payment_and_one_charge() -> None:
    uow, clock, applicant, calls = _setup()
    first = start_payment(uow, clock, applicant, "app1", 12000)
    second = start_payment(uow, clock, applicant, "app1", 12000)
    assert first.id == second.id and len(uow.portal.payments.items) == 1
    gateway = FakeGateway(KEY)
    one, two = gateway.charge(first), gateway.charge(second)
    assert one.fields["txn"] == two.fields["txn"] and one.new and not two.new
    assert gateway.charges == 1
    confirmed = confirm_payment(uow, clock, KEY, one.fields, one.signature, _on_paid(calls))
    replay = confirm_payment(uow, clock, KEY, two.fields, two.signature, _on_paid(calls))
    assert not confirmed.replay and replay.replay
    assert calls == [("app1", first.id, 12000)]
    assert uow.portal.payments.get(first.id).status is PaymentStatus.PAID  # type: ignore[union-attr]
    assert uow.portal.payments.get(first.id).callbacks == 2  # type: ignore[union-attr]


def test_someone_elses_application_cannot_be_paid_for() -> None:
    uow, clock, _, _ = _setup()
    stranger = Applicant("a2", Contact.parse("13900139000"), clock.now())
    with pytest.raises(NotFound):
        start_payment(uow, clock, stranger, "app1", 12000)


def test_a_forged_or_altered_callback_changes_nothing() -> None:
    uow, clock, applicant, calls = _setup()
    payment = start_payment(uow, clock, applicant, "app1", 12000)
    charge = FakeGateway(KEY).charge(payment)
    cheaper = {**charge.fields, "amount_fen": "1"}
    with pytest.raises(NotAuthenticated):
        confirm_payment(uow, clock, KEY, cheaper, charge.signature, _on_paid(calls))
    with pytest.raises(NotAuthenticated):
        confirm_payment(uow, clock, KEY, charge.fields, "", _on_paid(calls))
    forged = FakeGateway(b"z" * 32).charge(payment)
    with pytest.raises(NotAuthenticated):
        confirm_payment(uow, clock, KEY, forged.fields, forged.signature, _on_paid(calls))
    assert calls == []
    assert uow.portal.payments.get(payment.id).status is PaymentStatus.PENDING  # type: ignore[union-attr]


def test_a_signed_callback_with_the_wrong_amount_is_refused() -> None:
    uow, clock, applicant, calls = _setup()
    payment = start_payment(uow, clock, applicant, "app1", 12000)
    fields = {**FakeGateway(KEY).charge(payment).fields, "amount_fen": "100"}
    with pytest.raises(ValidationFailed) as err:
        confirm_payment(uow, clock, KEY, fields, sign(KEY, fields), _on_paid(calls))
    assert err.value.code == "payment_mismatch" and calls == []


def test_a_second_charge_on_a_paid_application_is_a_conflict() -> None:
    uow, clock, applicant, calls = _setup()
    payment = start_payment(uow, clock, applicant, "app1", 12000)
    charge = FakeGateway(KEY).charge(payment)
    confirm_payment(uow, clock, KEY, charge.fields, charge.signature, _on_paid(calls))
    other = {**charge.fields, "txn": "OTHER-1"}
    with pytest.raises(Conflict) as err:
        confirm_payment(uow, clock, KEY, other, sign(KEY, other), _on_paid(calls))
    assert err.value.code == "duplicate_charge" and len(calls) == 1


def test_a_failed_mark_paid_leaves_the_payment_unconfirmed_in_the_same_transaction() -> None:
    uow, clock, applicant, _ = _setup()
    payment = start_payment(uow, clock, applicant, "app1", 12000)
    charge = FakeGateway(KEY).charge(payment)
    committed = uow.committed

    def refuse(*_: object) -> None:
        raise ValidationFailed("wrong amount", code="wrong_amount")

    with pytest.raises(ValidationFailed):
        confirm_payment(uow, clock, KEY, charge.fields, charge.signature, refuse)
    assert uow.committed == committed  # nothing committed: the database rolls it back
