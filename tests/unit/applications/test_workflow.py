"""The state machine: every (status, step) pair outside the table is refused; four eyes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from application_helpers import APPROVER, CLERK, KIOSK
from guomen.applications.model import ApplicantDetails, Application, ApplicationType, Status
from guomen.applications.workflow import (
    RULES,
    IllegalTransition,
    Transition,
    allowed_transitions,
    check_transition,
    parse_transition,
)
from guomen.people.model import Sex
from guomen.shared.errors import PermissionDenied, ValidationFailed


def _app(status: Status, accepted_by: str = "u-clerk", delivery: str = "") -> Application:
    return Application(
        id="a1",
        reference="P1-X",
        applicant_id="acct",
        app_type=ApplicationType.PASSPORT_FIRST,
        office_code="OF-BJ-01",
        applicant=ApplicantDetails(
            "ZHANG", "WEI", Sex.MALE, date(1990, 3, 15), delivery_address=delivery
        ),
        status=status,
        accepted_by=accepted_by,
    )


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("transition", list(Transition))
def test_a_step_is_allowed_only_from_its_source_statuses(
    status: Status, transition: Transition
) -> None:
    rule = RULES[transition]
    app = _app(status, delivery="北京市")
    if status not in rule.sources:
        with pytest.raises(IllegalTransition) as refused:
            check_transition(app, rule, "u-approver", "a reason")
        assert refused.value.code == "illegal_transition"
        assert status.value in refused.value.message
    else:
        assert check_transition(app, rule, "u-approver", "a reason")


def test_terminal_statuses_have_no_way_out() -> None:
    for status in (Status.COLLECTED, Status.DELIVERED, Status.WITHDRAWN, Status.REJECTED):
        assert not [t for t, r in RULES.items() if status in r.sources]


def test_the_intake_clerk_can_never_decide() -> None:
    for step in (Transition.APPROVE, Transition.REJECT, Transition.RELEASE_HOLD):
        source = next(iter(RULES[step].sources))
        with pytest.raises(PermissionDenied) as denied:
            check_transition(_app(source), RULES[step], "u-clerk", "a reason")
        assert denied.value.code == "four_eyes"
    with pytest.raises(IllegalTransition):  # nobody on record: refuse rather than guess
        check_transition(_app(Status.REVIEWED, accepted_by=""), RULES[Transition.APPROVE], "x", "")


def test_reasons_are_required_where_the_applicant_or_a_hold_needs_one() -> None:
    with pytest.raises(ValidationFailed) as missing:
        check_transition(_app(Status.REVIEWED), RULES[Transition.REJECT], "u-approver", " ")
    assert missing.value.code == "reason_required"
    with pytest.raises(ValidationFailed) as long:
        check_transition(_app(Status.REVIEWED), RULES[Transition.REJECT], "u-approver", "x" * 1001)
    assert long.value.code == "too_large"
    with pytest.raises(IllegalTransition):  # nowhere to post it
        check_transition(_app(Status.ISSUED), RULES[Transition.DELIVER], "u-clerk", "")


def test_buttons_shown_follow_role_and_four_eyes() -> None:
    reviewed = _app(Status.REVIEWED)
    assert allowed_transitions(reviewed, APPROVER) == (
        Transition.APPROVE,
        Transition.REJECT,
        Transition.WITHDRAW,
    )
    assert allowed_transitions(reviewed, CLERK) == (Transition.WITHDRAW,)
    assert allowed_transitions(replace(reviewed, accepted_by=APPROVER.id), APPROVER) == (
        Transition.WITHDRAW,
    )
    assert allowed_transitions(reviewed, KIOSK) == ()


def test_unknown_steps_are_named_in_the_error() -> None:
    assert parse_transition(" Accept ") is Transition.ACCEPT
    with pytest.raises(ValidationFailed) as bad:
        parse_transition("teleport")
    assert "teleport" in bad.value.message and "accept" in bad.value.message
