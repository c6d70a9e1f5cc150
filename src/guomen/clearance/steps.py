"""Each pipeline step as a pure function: its inputs → findings (see :mod:`rules`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from guomen.clearance.face_port import FaceCheckResult, FaceStatus
from guomen.clearance.model import Decision, Direction, Lane, Movement
from guomen.clearance.ports import ScreeningSummary
from guomen.clearance.reasons import Severity
from guomen.clearance.rules import Finding
from guomen.documents.registry import RegistryStatus
from guomen.entitlement.model import EntitlementAssessment, Outcome

# Two clearances of one document at different ports closer than this are physically
# implausible (no two Chinese ports are less than ~1 hour apart door to door).
CLONE_WINDOW = timedelta(hours=2)
# A device clock further than this from the server's is recorded with a CLOCK_SKEW flag.
MAX_CLOCK_SKEW = timedelta(minutes=5)

_REGISTRY_CODES = {
    "expired": "DOCUMENT_EXPIRED",
    "lost": "DOCUMENT_LOST",
    "stolen": "DOCUMENT_STOLEN",
    "revoked": "DOCUMENT_REVOKED",
    "superseded": "DOCUMENT_SUPERSEDED",
    "alert": "DOCUMENT_ALERT",
}
_LIST_CODES = {
    "deny_entry": "WATCHLIST_DENY_ENTRY",
    "deny_exit": "WATCHLIST_DENY_EXIT",
    "wanted": "WATCHLIST_WANTED",
    "watch": "WATCHLIST_WATCH",
}


def document_expiry(expires_on: date | None, today: date) -> list[Finding]:
    if expires_on is not None and expires_on < today:
        return [Finding("DOCUMENT_EXPIRED", "document", f"Expired on {expires_on.isoformat()}.")]
    return []


def registry(status: RegistryStatus | None, must_be_registered: bool, lane: Lane) -> list[Finding]:
    """``None``: the registry could not be asked (degraded). An e-gate then refers the
    traveller to a counter; a counter officer carries on, with the code on the record."""
    if status is None:
        weight = Severity.REFER if lane is Lane.EGATE else Severity.INFO
        return [Finding("REGISTRY_UNAVAILABLE", "registry", severity=weight)]
    code = _REGISTRY_CODES.get(status.status)
    if code is not None:
        return [Finding(code, "registry", "; ".join(status.reasons) or "")]
    if status.status == "not_found" and must_be_registered:
        variants = [h for h in status.hits if h.match.value != "exact"]
        if variants:
            return [Finding("DOCUMENT_OCR_VARIANT", "registry")]
        return [Finding("DOCUMENT_NOT_REGISTERED", "registry")]
    return []


def screening(summary: ScreeningSummary | None, direction: Direction) -> list[Finding]:
    """Deny-entry lists count on entry, deny-exit lists on exit, wanted and watch lists both
    ways. A possible match (below the match threshold) goes to an officer."""
    if summary is None:
        return [Finding("SCREENING_UNAVAILABLE", "screening")]
    found: list[Finding] = []
    if summary.snapshot:
        found.append(Finding("SCREENING_SNAPSHOT", "screening"))
    for hit in summary.hits:
        if hit.list_type == "deny_entry" and direction is not Direction.ENTRY:
            continue
        if hit.list_type == "deny_exit" and direction is not Direction.EXIT:
            continue
        where = f"{hit.list_id}/{hit.entry_id} (score {hit.score:.2f}): {hit.explanation}"
        if hit.decision == "match":
            code = _LIST_CODES.get(hit.list_type, "WATCHLIST_POSSIBLE")
            text = where
            if hit.list_type == "wanted" and hit.instructions:
                text = f"{where} Instructions: {hit.instructions}"
            found.append(Finding(code, "screening", text))
        elif hit.decision == "possible":
            found.append(Finding("WATCHLIST_POSSIBLE", "screening", where))
    return found


def entitlement(assessment: EntitlementAssessment | None) -> list[Finding]:
    if assessment is None:
        return [Finding("ENTITLEMENT_UNAVAILABLE", "entitlement")]
    detail = " ".join(assessment.explanations) or f"basis {assessment.basis}"
    own = [
        Finding(code, "entitlement", text)
        for code, text in zip(assessment.reason_codes, assessment.explanations, strict=False)
    ]
    if assessment.outcome is Outcome.ENTITLED:
        return [Finding("ENTITLED", "entitlement", detail), *own]
    code = (
        "NOT_ENTITLED"
        if assessment.outcome is Outcome.NOT_ENTITLED
        else "ENTITLEMENT_NEEDS_OFFICER"
    )
    return [Finding(code, "entitlement", detail), *own]


def trips(trips_left: int | None, used: int) -> list[Finding]:
    if trips_left is not None and used >= trips_left:
        return [Finding("ENDORSEMENT_NO_TRIPS_LEFT", "entitlement")]
    return []


def stay_days(entered_at: datetime, left_at: datetime) -> int:
    """Days of a stay, counting the day of entry and the day of exit (local dates)."""
    return (left_at.date() - entered_at.date()).days + 1


def exit_stay(
    last_entry: Movement | None, now_local: datetime, degraded: bool
) -> tuple[list[Finding], int | None, bool | None]:
    """(findings, stay days, overstay) of an exit, matched to the last recorded entry."""
    if last_entry is None:
        if degraded:
            return [], None, None
        return [Finding("EXIT_WITHOUT_ENTRY", "stay")], None, None
    entered = last_entry.occurred_at.astimezone(now_local.tzinfo)
    days = stay_days(entered, now_local)
    until = last_entry.permitted_until
    if until is not None and now_local.date() > until:
        over = (now_local.date() - until).days
        text = f"Permitted until {until.isoformat()}; {over} day(s) over."
        return [Finding("OVERSTAY", "stay", text)], days, True
    return [], days, False if until is not None else None


def face(result: FaceCheckResult | None, lane: Lane) -> list[Finding]:
    """No live face: nothing to compare at a counter (the officer looks); an e-gate needs one."""
    if result is None:
        return [Finding("FACE_NOT_CAPTURED", "face")] if lane is Lane.EGATE else []
    codes = {
        FaceStatus.MATCH: "FACE_MATCH",
        FaceStatus.NO_MATCH: "FACE_NO_MATCH",
        FaceStatus.UNUSABLE: "FACE_UNUSABLE",
        FaceStatus.NO_REFERENCE: "FACE_NO_REFERENCE",
        FaceStatus.UNAVAILABLE: "FACE_UNAVAILABLE",
    }
    code = codes[result.status]
    score = (
        f"score {result.score:.3f} / threshold {result.threshold:.3f}"
        if (result.score is not None and result.threshold is not None)
        else ""
    )
    if lane is Lane.COUNTER and result.status in (FaceStatus.NO_REFERENCE, FaceStatus.UNAVAILABLE):
        return []  # the officer compares the face with the portrait
    return [Finding(code, "face", score)]


def cloned(previous: Movement | None, port_code: str, now: datetime) -> list[Finding]:
    """The same document decided at another port within an impossible interval."""
    if previous is None or previous.port_code == port_code:
        return []
    if previous.decision is Decision.REFUSE:
        return []
    gap = abs(now - previous.occurred_at)
    if gap < CLONE_WINDOW:
        minutes = int(gap.total_seconds() // 60)
        text = f"Also used at {previous.port_code} {minutes} minute(s) earlier."
        return [Finding("CLONED_DOCUMENT_SUSPECTED", "history", text)]
    return []


def clock_skew(device_time: datetime | None, server_time: datetime) -> list[Finding]:
    if device_time is None:
        return []
    if device_time.tzinfo is None or abs(device_time - server_time) > MAX_CLOCK_SKEW:
        return [Finding("CLOCK_SKEW", "device", f"Device sent {device_time.isoformat()}.")]
    return []
