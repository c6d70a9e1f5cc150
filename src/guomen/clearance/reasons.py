"""The reason codes of clearance decisions: stable codes, each with how heavily it weighs and
an English explanation for the officer. Codes never change meaning; new ones are added.

Severity: ``info`` lets the traveller pass, ``refer`` sends them to an officer, ``refuse`` is a
finding on which an officer would normally refuse — the system itself never refuses (an
automated lane refers instead; a counter officer decides and writes the reason).
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    INFO = "info"
    REFER = "refer"
    REFUSE = "refuse"


_I, _R, _X = Severity.INFO, Severity.REFER, Severity.REFUSE

CATALOG: dict[str, tuple[Severity, str]] = {
    "ALL_CHECKS_PASSED": (_I, "Every check passed."),
    "DOCUMENT_EXPIRED": (_X, "The travel document has expired."),
    "DOCUMENT_LOST": (_X, "The document is reported lost and is no longer valid."),
    "DOCUMENT_STOLEN": (_X, "The document is reported stolen and is no longer valid."),
    "DOCUMENT_REVOKED": (_X, "The document has been revoked by its issuing authority."),
    "DOCUMENT_SUPERSEDED": (_X, "The document was replaced by a newer one."),
    "DOCUMENT_ALERT": (_X, "The document is on a lost/stolen document alert list."),
    "DOCUMENT_NOT_REGISTERED": (
        _R,
        "A document that should be in the national registry is not there.",
    ),
    "DOCUMENT_FIRST_SEEN": (_I, "A foreign document seen for the first time was recorded."),
    "DOCUMENT_OCR_VARIANT": (_R, "A registry document differs from this one only by OCR errors."),
    "REGISTRY_UNAVAILABLE": (
        _R,
        "The registry could not be reached; the document's status is unknown.",
    ),
    "WATCHLIST_DENY_ENTRY": (_X, "The traveller matches an entry on a deny-entry list."),
    "WATCHLIST_DENY_EXIT": (_X, "The traveller matches an entry on a deny-exit list."),
    "WATCHLIST_WANTED": (
        _X,
        "The traveller matches a wanted-person list; follow the list's instructions.",
    ),
    "WATCHLIST_WATCH": (_I, "The traveller matches a watch list (notify only)."),
    "WATCHLIST_POSSIBLE": (_R, "A possible watchlist match needs an officer's review."),
    "SCREENING_UNAVAILABLE": (_R, "Watchlist screening is not available."),
    "SCREENING_SNAPSHOT": (_I, "Screened against the local watchlist snapshot (degraded)."),
    "ENTITLED": (_I, "The entitlement rules allow this crossing."),
    "NOT_ENTITLED": (_X, "No entitlement rule allows this crossing."),
    "ENTITLEMENT_NEEDS_OFFICER": (_R, "The entitlement rules need an officer's judgement."),
    "ENTITLEMENT_UNAVAILABLE": (_R, "The entitlement tables are not available here."),
    "ENDORSEMENT_NO_TRIPS_LEFT": (_X, "The endorsement has no trips left."),
    "EXIT_WITHOUT_ENTRY": (_R, "No entry is recorded for this exit."),
    "OVERSTAY": (_R, "The traveller stayed beyond the permitted date."),
    "FACE_MATCH": (_I, "The live face matches the holder's reference."),
    "FACE_NO_MATCH": (_R, "The live face does not match the holder's reference."),
    "FACE_UNUSABLE": (_R, "The live image could not be used; capture it again."),
    "FACE_NO_REFERENCE": (_R, "No reference face is enrolled for this holder."),
    "FACE_UNAVAILABLE": (_R, "Face comparison is not available here."),
    "FACE_NOT_CAPTURED": (_R, "An e-gate needs a live face to clear a traveller."),
    "CLONED_DOCUMENT_SUSPECTED": (
        _R,
        "The same document crossed at another port too recently to be the same holder.",
    ),
    "CLOCK_SKEW": (_I, "The device clock is off; the server time was recorded."),
    "DEGRADED_MODE": (_I, "Decided in degraded mode; recorded in the local journal."),
    "OFFICER_CLEARED": (_I, "An officer cleared the traveller."),
    "OFFICER_REFERRED": (_R, "An officer referred the traveller to secondary inspection."),
    "OFFICER_REFUSED": (_X, "An officer refused the crossing."),
    "OFFICER_OVERRIDE": (_I, "An officer cleared despite findings, with a written reason."),
    "SECONDARY_ADMITTED": (_I, "Admitted after secondary inspection."),
    "SECONDARY_REFUSED": (_X, "Refused after secondary inspection."),
    "HANDED_TO_POLICE": (_X, "Handed over to the police after secondary inspection."),
}


def severity(code: str) -> Severity:
    """Unknown codes (e.g. new codes from the entitlement tables) weigh as info."""
    return CATALOG.get(code, (Severity.INFO, ""))[0]


def explain(code: str) -> str:
    return CATALOG.get(code, (Severity.INFO, code))[1]
