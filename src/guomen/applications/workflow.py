"""The staff workflow as a state machine: which transition leads from which status to which,
and who may take it. Pure rules; :func:`guomen.applications.services.advance` applies them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from guomen.applications.model import CLOSED_STATUSES, Application, Status
from guomen.identity.model import Principal
from guomen.identity.policy import Action, can
from guomen.shared.errors import Conflict, PermissionDenied, ValidationFailed

MAX_REASON = 1000


class Transition(StrEnum):
    SUBMIT = "submit"  # 提交
    ACCEPT = "accept"  # 受理 (intake)
    RELEASE_HOLD = "release_hold"  # 解除暂缓: a person clears a screening hold
    REVIEW = "review"  # 审核
    APPROVE = "approve"  # 审批 通过
    REJECT = "reject"  # 不予批准
    START_PRODUCTION = "start_production"  # 制证
    ISSUE = "issue"  # 签发
    COLLECT = "collect"  # 领取
    DELIVER = "deliver"  # 邮寄送达
    WITHDRAW = "withdraw"  # 撤回


@dataclass(frozen=True, slots=True)
class Rule:
    transition: Transition
    sources: frozenset[Status]
    target: Status
    action: Action | None  # None: the applicant's own action (portal)
    needs_reason: bool = False
    four_eyes: bool = False  # never the clerk who took the application in


_S = Status
_T = Transition
_P, _A = Action.PROCESS_APPLICATION, Action.APPROVE_APPLICATION
RULES: dict[Transition, Rule] = {
    r.transition: r
    for r in (
        Rule(_T.SUBMIT, frozenset({_S.DRAFT}), _S.SUBMITTED, None),
        Rule(_T.ACCEPT, frozenset({_S.SUBMITTED, _S.PAID}), _S.ACCEPTED, _P),
        Rule(_T.RELEASE_HOLD, frozenset({_S.ON_HOLD}), _S.ACCEPTED, _A, True, True),
        Rule(_T.REVIEW, frozenset({_S.ACCEPTED}), _S.REVIEWED, _P),
        Rule(_T.APPROVE, frozenset({_S.REVIEWED}), _S.APPROVED, _A, False, True),
        Rule(
            _T.REJECT,
            frozenset({_S.ON_HOLD, _S.ACCEPTED, _S.REVIEWED}),
            _S.REJECTED,
            _A,
            True,
            True,
        ),
        Rule(_T.START_PRODUCTION, frozenset({_S.APPROVED}), _S.IN_PRODUCTION, _P),
        Rule(_T.ISSUE, frozenset({_S.IN_PRODUCTION}), _S.ISSUED, _P),
        Rule(_T.COLLECT, frozenset({_S.ISSUED}), _S.COLLECTED, _P),
        Rule(_T.DELIVER, frozenset({_S.ISSUED}), _S.DELIVERED, _P),
        Rule(
            _T.WITHDRAW,
            frozenset({_S.DRAFT, _S.SUBMITTED, _S.PAID, _S.ON_HOLD, _S.ACCEPTED, _S.REVIEWED}),
            _S.WITHDRAWN,
            _P,
        ),
    )
}


class IllegalTransition(Conflict):
    code = "illegal_transition"


def parse_transition(value: Transition | str) -> Transition:
    try:
        return Transition(str(value).strip().lower())
    except ValueError:
        names = ", ".join(t.value for t in Transition)
        raise ValidationFailed(f"unknown step {value!r}; steps are: {names}") from None


def check_transition(
    application: Application, rule: Rule, actor_id: str, reason: str
) -> tuple[str, ...]:
    """Raise unless ``actor_id`` may take ``rule`` now; returns the reason codes of the
    decision (recorded with the event)."""
    if application.status not in rule.sources:
        allowed = ", ".join(t.value for t in transitions_from(application.status)) or "none"
        raise IllegalTransition(
            f"cannot {rule.transition.value} an application that is {application.status.value}"
            f" (possible now: {allowed})"
        )
    codes = [f"from_{application.status.value}"]
    if rule.four_eyes:
        if not application.accepted_by:
            raise IllegalTransition("the application has no intake clerk on record")
        if actor_id == application.accepted_by:
            raise PermissionDenied(
                "four eyes: the clerk who took the application in cannot decide on it",
                code="four_eyes",
            )
        codes.append("four_eyes_ok")
    if rule.needs_reason and not reason.strip():
        raise ValidationFailed(f"{rule.transition.value} needs a reason", code="reason_required")
    if len(reason) > MAX_REASON:
        raise ValidationFailed(f"a reason is at most {MAX_REASON} characters", code="too_large")
    if rule.transition is Transition.DELIVER and not application.applicant.delivery_address:
        raise IllegalTransition("the applicant gave no delivery address; hand it over instead")
    return tuple(codes)


def transitions_from(status: Status) -> tuple[Transition, ...]:
    return tuple(t for t, rule in RULES.items() if status in rule.sources)


def allowed_transitions(application: Application, principal: Principal) -> tuple[Transition, ...]:
    """What the principal may do now (the buttons on the staff page)."""
    result = []
    for transition in transitions_from(application.status):
        rule = RULES[transition]
        if rule.action is None or not can(principal, rule.action):
            continue
        if rule.four_eyes and principal.id == application.accepted_by:
            continue
        result.append(transition)
    return tuple(result)


def closes(status: Status) -> bool:
    return status in CLOSED_STATUSES
