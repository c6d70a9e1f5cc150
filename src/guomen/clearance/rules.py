"""The pure decision core: findings of each pipeline step → clear / refer (/ refuse).

The system proposes; it never refuses by itself. A finding of severity ``refuse`` makes the
system refer with priority and *recommend* refusal to the officer, who decides and writes the
reason. An e-gate may only clear or refer (:func:`decide` caps it). :func:`apply_officer` checks
an officer's decision at a counter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from guomen.clearance.model import Decision, Lane
from guomen.clearance.reasons import Severity, explain, severity
from guomen.shared.errors import ValidationFailed

MAX_REASON_TEXT = 2000


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    step: str  # document, registry, screening, entitlement, stay, face, history, device
    explanation: str = ""
    severity: Severity | None = None  # None: the catalog's severity for the code

    @property
    def weight(self) -> Severity:
        return self.severity or severity(self.code)

    @property
    def text(self) -> str:
        return self.explanation or explain(self.code)


@dataclass(frozen=True, slots=True)
class Proposal:
    decision: Decision  # what the system does on its own: clear or refer, never refuse
    recommended: Decision  # for the officer: may be refuse
    findings: tuple[Finding, ...]
    priority: bool  # an e-gate referral, or a refusal-grade finding: first in the queue
    recapture: bool  # an e-gate should ask the traveller to look at the camera again

    @property
    def reason_codes(self) -> tuple[str, ...]:
        adverse = tuple(f.code for f in self.findings if f.weight is not Severity.INFO)
        if adverse:
            return _unique(adverse)
        return _unique(f.code for f in self.findings) or ("ALL_CHECKS_PASSED",)


def _unique(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes))


def decide(findings: Iterable[Finding], lane: Lane) -> Proposal:
    """Refusal-grade findings → recommend refuse; refer-grade → refer; else clear."""
    found = tuple(findings)
    weights = {f.weight for f in found}
    if Severity.REFUSE in weights:
        recommended = Decision.REFUSE
    elif Severity.REFER in weights:
        recommended = Decision.REFER
    else:
        recommended = Decision.CLEAR
    decision = Decision.CLEAR if recommended is Decision.CLEAR else Decision.REFER
    priority = decision is Decision.REFER and (lane is Lane.EGATE or recommended is Decision.REFUSE)
    adverse = [f for f in found if f.weight is not Severity.INFO]
    recapture = (
        lane is Lane.EGATE and bool(adverse) and all(f.code == "FACE_UNUSABLE" for f in adverse)
    )
    return Proposal(decision, recommended, found, priority, recapture)


@dataclass(frozen=True, slots=True)
class OfficerDecision:
    decision: Decision
    findings: tuple[Finding, ...]  # the proposal's, plus the officer's own code
    priority: bool


def apply_officer(
    proposal: Proposal, chosen: Decision | None, reason_text: str, may_refuse: bool
) -> OfficerDecision:
    """An officer at a counter decides. No choice: the system's proposal stands. Clearing
    against adverse findings (an override) and refusing both need a written reason; refusing
    also needs the officer's REFUSE_TRAVELLER right (``may_refuse``)."""
    text = reason_text.strip()
    if len(text) > MAX_REASON_TEXT:
        raise ValidationFailed(f"the reason is at most {MAX_REASON_TEXT} characters")
    if chosen is None:
        return OfficerDecision(proposal.decision, proposal.findings, proposal.priority)
    if chosen is Decision.REFUSE:
        if not may_refuse:
            raise ValidationFailed("only an officer may refuse", code="refusal_needs_officer")
        if not text:
            raise ValidationFailed("a refusal needs a written reason", code="reason_required")
        own = Finding("OFFICER_REFUSED", "officer", text)
        return OfficerDecision(Decision.REFUSE, (*proposal.findings, own), False)
    if chosen is Decision.REFER:
        own = Finding("OFFICER_REFERRED", "officer", text)
        return OfficerDecision(Decision.REFER, (*proposal.findings, own), proposal.priority)
    if proposal.decision is not Decision.CLEAR:
        if not text:
            raise ValidationFailed(
                "clearing despite adverse findings needs a written reason",
                code="reason_required",
            )
        own = Finding("OFFICER_OVERRIDE", "officer", text)
    else:
        own = Finding("OFFICER_CLEARED", "officer", text)
    return OfficerDecision(Decision.CLEAR, (*proposal.findings, own), False)


def reason_codes_of(decision: Decision, findings: Iterable[Finding]) -> tuple[str, ...]:
    """Codes to store: on clear every code (info included), else the adverse ones first."""
    found = tuple(findings)
    if decision is Decision.CLEAR:
        return _unique(f.code for f in found) or ("ALL_CHECKS_PASSED",)
    adverse = [f.code for f in found if f.weight is not Severity.INFO]
    info = [f.code for f in found if f.weight is Severity.INFO]
    return _unique([*adverse, *info])
