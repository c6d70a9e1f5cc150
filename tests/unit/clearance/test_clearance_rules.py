"""The pure decision core: findings → decision, reason codes; e-gates never refuse."""

from __future__ import annotations

import pytest

from guomen.clearance.model import Decision, Lane
from guomen.clearance.reasons import CATALOG, Severity
from guomen.clearance.rules import Finding, apply_officer, decide, reason_codes_of
from guomen.shared.errors import ValidationFailed


def f(*codes: str) -> list[Finding]:
    return [Finding(c, "test") for c in codes]


CASES = [
    # findings, lane, decision, recommended, priority
    ((), Lane.EGATE, Decision.CLEAR, Decision.CLEAR, False),
    (("ENTITLED", "FACE_MATCH"), Lane.EGATE, Decision.CLEAR, Decision.CLEAR, False),
    (("WATCHLIST_WATCH",), Lane.COUNTER, Decision.CLEAR, Decision.CLEAR, False),
    (("FACE_NO_MATCH",), Lane.EGATE, Decision.REFER, Decision.REFER, True),
    (("FACE_NO_MATCH",), Lane.COUNTER, Decision.REFER, Decision.REFER, False),
    (("DOCUMENT_STOLEN",), Lane.EGATE, Decision.REFER, Decision.REFUSE, True),
    (("DOCUMENT_STOLEN",), Lane.COUNTER, Decision.REFER, Decision.REFUSE, True),
    (("WATCHLIST_WANTED", "FACE_MATCH"), Lane.EGATE, Decision.REFER, Decision.REFUSE, True),
    (("NOT_ENTITLED",), Lane.COUNTER, Decision.REFER, Decision.REFUSE, True),
    (("OVERSTAY",), Lane.EGATE, Decision.REFER, Decision.REFER, True),
    (("EXIT_WITHOUT_ENTRY",), Lane.COUNTER, Decision.REFER, Decision.REFER, False),
    (("CLOCK_SKEW", "DEGRADED_MODE"), Lane.EGATE, Decision.CLEAR, Decision.CLEAR, False),
    (("ENT_SOME_NEW_CODE",), Lane.EGATE, Decision.CLEAR, Decision.CLEAR, False),
]


@pytest.mark.parametrize(("codes", "lane", "decision", "recommended", "priority"), CASES)
def test_findings_decide(codes, lane, decision, recommended, priority) -> None:
    proposal = decide(f(*codes), lane)
    assert proposal.decision is decision
    assert proposal.recommended is recommended
    assert proposal.priority is priority


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_the_system_never_refuses_on_its_own(code: str) -> None:
    for lane in Lane:
        assert decide(f(code), lane).decision is not Decision.REFUSE


def test_every_code_has_an_english_explanation() -> None:
    for code, (weight, text) in CATALOG.items():
        assert code.isupper() and text.endswith(".") and isinstance(weight, Severity)


def test_registry_unavailable_weighs_by_lane() -> None:
    from guomen.clearance import steps

    egate = decide(steps.registry(None, True, Lane.EGATE), Lane.EGATE)
    counter = decide(steps.registry(None, True, Lane.COUNTER), Lane.COUNTER)
    assert egate.decision is Decision.REFER
    assert counter.decision is Decision.CLEAR
    assert "REGISTRY_UNAVAILABLE" in counter.reason_codes


def test_face_unusable_at_a_gate_asks_for_a_new_picture() -> None:
    assert decide(f("FACE_UNUSABLE"), Lane.EGATE).recapture
    assert not decide(f("FACE_UNUSABLE", "OVERSTAY"), Lane.EGATE).recapture


def test_officer_refusal_needs_the_right_and_a_reason() -> None:
    proposal = decide(f("DOCUMENT_LOST"), Lane.COUNTER)
    with pytest.raises(ValidationFailed):
        apply_officer(proposal, Decision.REFUSE, "", may_refuse=True)
    with pytest.raises(ValidationFailed):
        apply_officer(proposal, Decision.REFUSE, "lost passport", may_refuse=False)
    done = apply_officer(proposal, Decision.REFUSE, "lost passport", may_refuse=True)
    assert done.decision is Decision.REFUSE
    assert reason_codes_of(done.decision, done.findings)[:2] == ("DOCUMENT_LOST", "OFFICER_REFUSED")


def test_officer_override_of_a_referral_needs_a_reason() -> None:
    proposal = decide(f("FACE_NO_MATCH"), Lane.COUNTER)
    with pytest.raises(ValidationFailed):
        apply_officer(proposal, Decision.CLEAR, " ", may_refuse=True)
    done = apply_officer(proposal, Decision.CLEAR, "compared with the portrait", may_refuse=True)
    assert done.decision is Decision.CLEAR
    assert "OFFICER_OVERRIDE" in reason_codes_of(done.decision, done.findings)


def test_no_officer_choice_keeps_the_proposal() -> None:
    proposal = decide(f("ENTITLED"), Lane.COUNTER)
    kept = apply_officer(proposal, None, "", may_refuse=False)
    assert kept.decision is Decision.CLEAR
    assert reason_codes_of(kept.decision, kept.findings) == ("ENTITLED",)
