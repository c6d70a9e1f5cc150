"""Applications on SQLite and PostgreSQL: the journey from submission to issue, four eyes,
illegal transitions, duplicates, double payments, the screening hold, renewal and loss."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from application_helpers import APPROVER, CLERK, CLERK2, checks, form, staff
from guomen.applications.model import Status
from guomen.applications.services import (
    advance,
    get_application,
    mark_paid,
    submit_application,
    withdraw_application,
)
from guomen.bootstrap import Container
from guomen.documents.chinese import read_document
from guomen.documents.model import DocumentStatus
from guomen.documents.registry import EventKind
from guomen.documents.services import ReportLoss, check_mrz, registry_status, report_loss
from guomen.identity.model import Role
from guomen.shared.errors import Conflict, PermissionDenied, ValidationFailed
from support import migrated_container

PAID_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
INSPECTOR = staff(Role.INSPECTION_OFFICER, "u-insp")


@pytest.fixture
def container(tmp_path: Path, database_url: str) -> Container:
    c = migrated_container(tmp_path, database_url)
    yield c
    c.close()


def _through_approval(c: Container, app_id: str) -> None:
    with c.uow() as uow:
        advance(uow, c.clock, CLERK, app_id, "accept", checks=checks())
    with c.uow() as uow:
        advance(uow, c.clock, CLERK, app_id, "review")
    with c.uow() as uow:
        advance(uow, c.clock, APPROVER, app_id, "approve")


def _issue(c: Container, app_id: str) -> None:
    with c.uow() as uow:
        advance(uow, c.clock, CLERK2, app_id, "start_production")
    with c.uow() as uow:
        advance(uow, c.clock, CLERK2, app_id, "issue")


def test_the_journey_ends_with_a_registered_document_whose_loss_the_border_sees(
    container: Container,
) -> None:
    c = container
    with c.uow() as uow:
        app = submit_application(uow, c.clock, None, form())
    assert app.status is Status.SUBMITTED and app.fee_fen == 12000
    with c.uow() as uow:
        mark_paid(uow, c.clock, app.id, "PAY-1", 12000, PAID_AT)
    _through_approval(c, app.id)
    _issue(c, app.id)
    with c.uow() as uow:
        view = get_application(uow, c.clock, CLERK, app.id)
    issued = view.application
    assert issued.status is Status.ISSUED
    assert issued.document_number.startswith("E") and len(issued.document_number) == 9
    assert read_document(issued.mrz, today=c.clock.now().date(), ocr=False).mrz.valid
    assert [e.transition for e in view.history] == [
        "create",
        "pay",
        "accept",
        "review",
        "approve",
        "start_production",
        "issue",
    ]
    with c.uow() as uow:
        status = registry_status(uow, c.clock, INSPECTOR, "CHN", issued.document_number)
    assert status.status == "valid"
    with c.uow() as uow:
        report_loss(uow, c.clock, CLERK, ReportLoss("CHN", issued.document_number, EventKind.LOST))
    with c.uow() as uow:
        checked = check_mrz(uow, c.clock, INSPECTOR, list(issued.mrz))
    assert checked.result.valid
    assert checked.registry is not None and checked.registry.status == "lost"
    with c.uow() as uow:
        collected = advance(uow, c.clock, CLERK, app.id, "collect")
    assert collected.status is Status.COLLECTED and collected.closed_at is not None


def test_the_clerk_who_took_it_in_cannot_approve_or_reject_it(container: Container) -> None:
    c = container
    with c.uow() as uow:
        app = submit_application(uow, c.clock, None, form())
    with c.uow() as uow:
        advance(uow, c.clock, CLERK, app.id, "accept", checks=checks())
    with c.uow() as uow:
        advance(uow, c.clock, CLERK, app.id, "review")
    # an approver who took it in themselves is refused as well
    for who, step in ((APPROVER, "approve"),):
        with c.uow() as uow, pytest.raises(PermissionDenied):
            advance(uow, c.clock, CLERK, app.id, step)
        assert who.role is Role.SERVICE_APPROVER
    with c.uow() as uow:
        app2 = submit_application(
            uow, c.clock, None, form(applicant_id="acct-2", app_type="hk_macao_permit")
        )
    with c.uow() as uow:
        advance(uow, c.clock, APPROVER, app2.id, "accept", checks=checks())
    with c.uow() as uow:
        advance(uow, c.clock, CLERK, app2.id, "review")
    for step, reason in (("approve", ""), ("reject", "photo does not meet the rules")):
        with c.uow() as uow, pytest.raises(PermissionDenied) as denied:
            advance(uow, c.clock, APPROVER, app2.id, step, reason=reason)
        assert denied.value.code == "four_eyes"
    with c.uow() as uow:
        view = get_application(uow, c.clock, CLERK, app2.id)
    assert view.application.status is Status.REVIEWED  # nothing changed


def test_illegal_transitions_are_refused_and_change_nothing(container: Container) -> None:
    c = container
    with c.uow() as uow:
        app = submit_application(uow, c.clock, None, form())
    for step in ("approve", "issue", "review", "collect", "start_production"):
        with c.uow() as uow, pytest.raises(Conflict) as refused:
            advance(uow, c.clock, APPROVER, app.id, step)
        assert refused.value.code == "illegal_transition"
    with c.uow() as uow, pytest.raises(ValidationFailed):
        advance(uow, c.clock, CLERK, app.id, "teleport")
    with c.uow() as uow:
        view = get_application(uow, c.clock, CLERK, app.id)
    assert view.application.status is Status.SUBMITTED
    assert [e.transition for e in view.history] == ["create"]


def test_a_rejection_needs_a_reason_the_applicant_sees(container: Container) -> None:
    c = container
    with c.uow() as uow:
        app = submit_application(uow, c.clock, None, form())
    with c.uow() as uow:
        advance(uow, c.clock, CLERK, app.id, "accept", checks=checks())
    with c.uow() as uow, pytest.raises(ValidationFailed):
        advance(uow, c.clock, APPROVER, app.id, "reject", reason="  ")
    with c.uow() as uow:
        advance(uow, c.clock, APPROVER, app.id, "reject", reason="照片不符合要求")
    with c.uow() as uow:
        seen = get_application(uow, c.clock, None, app.id, applicant_id="acct-1")
    assert seen.application.status is Status.REJECTED
    assert seen.application.rejection_reason == "照片不符合要求"
    assert seen.history[-1].reason == "照片不符合要求"


def test_duplicate_submission_is_refused_until_the_first_is_closed(container: Container) -> None:
    c = container
    with c.uow() as uow:
        first = submit_application(uow, c.clock, None, form())
    with c.uow() as uow, pytest.raises(Conflict) as dup:
        submit_application(uow, c.clock, None, form(applicant_id="another-account"))
    assert dup.value.code == "duplicate_application"
    with c.uow() as uow:  # another type is not a duplicate
        submit_application(uow, c.clock, None, form(app_type="hk_macao_permit"))
    with c.uow() as uow:
        withdraw_application(uow, c.clock, None, first.id, applicant_id="acct-1")
    with c.uow() as uow:
        again = submit_application(uow, c.clock, None, form())
    assert again.id != first.id


def test_a_double_clicked_payment_is_recorded_once(container: Container) -> None:
    c = container
    with c.uow() as uow:
        app = submit_application(uow, c.clock, None, form())
    with c.uow() as uow:
        mark_paid(uow, c.clock, app.id, "PAY-1", 12000, PAID_AT)
    with c.uow() as uow:
        again = mark_paid(uow, c.clock, app.id, "PAY-1", 12000, PAID_AT)
    assert again.status is Status.PAID and again.payment_ref == "PAY-1"
    with c.uow() as uow, pytest.raises(Conflict) as other:
        mark_paid(uow, c.clock, app.id, "PAY-2", 12000, PAID_AT)
    assert other.value.code == "already_paid"
    with c.uow() as uow:
        view = get_application(uow, c.clock, CLERK, app.id)
    assert [e.transition for e in view.history].count("pay") == 1


def test_a_deny_exit_hit_holds_the_application_for_a_person_to_decide(
    container: Container,
) -> None:
    c = container
    with c.uow() as uow:
        app = submit_application(uow, c.clock, None, form())
    with c.uow() as uow:
        held = advance(uow, c.clock, CLERK, app.id, "accept", checks=checks(hold=True))
    assert held.status is Status.ON_HOLD and "deny_exit" in held.hold_reason
    with c.uow() as uow:  # the applicant sees neither the list nor the reason
        seen = get_application(uow, c.clock, None, app.id, applicant_id="acct-1")
    assert seen.application.hold_reason == "" and all(e.reason == "" for e in seen.history[1:])
    with c.uow() as uow, pytest.raises(PermissionDenied):
        advance(uow, c.clock, CLERK, app.id, "release_hold", reason="not the listed person")
    with c.uow() as uow:
        released = advance(
            uow, c.clock, APPROVER, app.id, "release_hold", reason="not the listed person"
        )
    assert released.status is Status.ACCEPTED


def test_a_renewal_supersedes_the_old_passport(container: Container) -> None:
    c = container
    with c.uow() as uow:
        first = submit_application(uow, c.clock, None, form())
    _through_approval(c, first.id)
    _issue(c, first.id)
    with c.uow() as uow:
        old_number = get_application(uow, c.clock, CLERK, first.id).application.document_number
        advance(uow, c.clock, CLERK, first.id, "collect")
    with c.uow() as uow:
        renewal = submit_application(
            uow,
            c.clock,
            None,
            form(app_type="passport_renewal", previous_document_number=old_number),
        )
    _through_approval(c, renewal.id)
    _issue(c, renewal.id)
    with c.uow() as uow:
        old = uow.documents.find("CHN", old_number)
        new = get_application(uow, c.clock, CLERK, renewal.id).application
    assert old is not None and old.status is DocumentStatus.SUPERSEDED
    assert new.person_id == first.person_id or new.person_id is not None
    with c.uow() as uow:
        status = registry_status(uow, c.clock, INSPECTOR, "CHN", old_number)
    assert status.status == "superseded"


def test_concurrent_payment_callbacks_record_one_payment(container: Container) -> None:
    import threading

    c = container
    with c.uow() as uow:
        app = submit_application(uow, c.clock, None, form())
    refs = ["PAY-A"] * 5 + ["PAY-B"] * 5
    barrier = threading.Barrier(len(refs))
    outcomes: list[str] = []

    def callback(ref: str) -> None:
        barrier.wait()
        try:
            with c.uow() as uow:
                paid = mark_paid(uow, c.clock, app.id, ref, 12000, PAID_AT)
            outcomes.append(f"ok:{paid.payment_ref}")
        except Conflict as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=callback, args=(r,)) for r in refs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with c.uow() as uow:
        view = get_application(uow, c.clock, CLERK, app.id)
    winner = view.application.payment_ref
    assert winner in ("PAY-A", "PAY-B")
    assert sorted(outcomes) == sorted([f"ok:{winner}"] * 5 + ["already_paid"] * 5)
    assert [e.transition for e in view.history].count("pay") == 1
