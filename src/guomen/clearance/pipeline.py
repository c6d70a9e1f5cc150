"""The clearance pipeline: runs each step against the ports and collects findings.

Order (issue #5): document (MRZ validity, expiry) → registry status → watchlists →
entitlement and stay → on exit: deny-exit lists (part of screening), overstay → biometric 1:1
when a face is given → history checks (cloned document) and the device clock. The decision
itself is :func:`guomen.clearance.rules.decide`, pure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from guomen.clearance import steps
from guomen.clearance.face_port import FaceCheck, FaceCheckResult, FaceStatus
from guomen.clearance.identity import MRZ_ENGINE, DocumentIdentity
from guomen.clearance.model import Direction, Lane, Movement
from guomen.clearance.ports import (
    ClearanceStore,
    EntitlementCheck,
    KnownDocument,
    ScreeningCheck,
    ScreeningSubject,
    ScreeningSummary,
    Unavailable,
)
from guomen.clearance.rules import Finding, Proposal, decide
from guomen.documents.registry import RegistryStatus
from guomen.entitlement.model import (
    Crossing,
    Endorsement,
    EntitlementAssessment,
    EntitlementQuery,
    Itinerary,
    Visa,
)

PIPELINE_VERSION = "guomen-clearance 1"


@dataclass(frozen=True, slots=True)
class Presented:
    """What the traveller shows besides the document."""

    direction: Direction
    port_code: str
    lane: Lane
    itinerary: Itinerary | None = None
    visa: Visa | None = None
    endorsement: Endorsement | None = None
    live_face: bytes | None = None
    device_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class PipelineOutcome:
    identity: DocumentIdentity
    known: KnownDocument | None
    registry: RegistryStatus | None
    screening: ScreeningSummary | None
    entitlement: EntitlementAssessment | None
    face: FaceCheckResult | None
    last_entry: Movement | None
    previous: Movement | None  # the document's latest movement (for the clone check)
    stay_days: int | None
    overstay: bool | None
    trip_key: str  # the endorsement whose trip this crossing uses ("" if none)
    proposal: Proposal
    versions: dict[str, str]

    @property
    def instructions(self) -> tuple[str, ...]:
        if self.screening is None:
            return ()
        return tuple(
            dict.fromkeys(
                h.instructions
                for h in self.screening.hits
                if h.decision == "match" and h.list_type == "wanted" and h.instructions
            )
        )


@dataclass(frozen=True, slots=True)
class Ports:
    screening: ScreeningCheck
    entitlement: EntitlementCheck
    face: FaceCheck | None
    timezone: tzinfo


def endorsement_key(e: Endorsement) -> str:
    return ":".join(
        (
            e.destination,
            e.kind,
            e.valid_from.isoformat() if e.valid_from else "",
            e.valid_until.isoformat() if e.valid_until else "",
        )
    )


def _subject(identity: DocumentIdentity, known: KnownDocument | None) -> ScreeningSubject:
    names: list[str] = []
    birth: date | None
    if known is not None:
        p = known.person
        names.append(f"{p.surname} {p.given_names}".strip())
        if p.name_local:
            names.append(p.name_local)
        birth, sex = p.birth_date, p.sex.value
    else:
        birth, sex = identity.birth_date, identity.sex
    mrz_name = f"{identity.surname} {identity.given_names}".strip()
    if mrz_name and mrz_name not in names:
        names.append(mrz_name)
    return ScreeningSubject(
        tuple(n for n in names if n),
        birth,
        identity.nationality,
        identity.number,
        sex,
        person_id=known.person.id if known is not None else "",
    )


def _screen(
    ports: Ports, identity: DocumentIdentity, known: KnownDocument | None, purpose: str
) -> ScreeningSummary | None:
    subject = _subject(identity, known)
    if not subject.names:
        return ScreeningSummary((), "none (no name on the document)")
    try:
        return ports.screening.screen(subject, purpose)
    except Unavailable:
        return None


def _entitle(
    ports: Ports, identity: DocumentIdentity, seen: Presented, on: date, used: int
) -> EntitlementAssessment | None:
    endorsement = seen.endorsement
    if endorsement is not None and endorsement.trips_left is not None:
        endorsement = replace(endorsement, trips_left=max(endorsement.trips_left - used, 0))
    query = EntitlementQuery(
        crossing=Crossing(seen.direction.value),
        holder=identity.holder,
        nationality=identity.nationality,
        document_kind=identity.kind.value,
        document_expires_on=identity.expires_on or on,
        port_code=seen.port_code,
        on=on,
        visa=seen.visa,
        endorsement=endorsement,
        itinerary=seen.itinerary,
    )
    try:
        return ports.entitlement.assess(query)
    except Unavailable:
        return None


def check_face(
    face: FaceCheck | None, known: KnownDocument | None, image: bytes | None
) -> FaceCheckResult | None:
    """Call outside any open transaction (the face check reads and audits on its own)."""
    if image is None:
        return None
    if face is None:
        return FaceCheckResult(FaceStatus.UNAVAILABLE, None, None, "none")
    if known is None:
        return FaceCheckResult(FaceStatus.NO_REFERENCE, None, None, "none")
    return face.verify(known.person.id, image)


def _registry(
    store: ClearanceStore, identity: DocumentIdentity, today: date
) -> tuple[KnownDocument | None, RegistryStatus | None]:
    try:
        known = store.find_document(identity.issuing_state, identity.number)
        status = store.registry_status(identity.issuing_state, identity.number, today)
    except Unavailable:
        return None, None
    return known, status


@dataclass(frozen=True, slots=True)
class Gathered:
    """What the steps that read other services found, before the decision's transaction
    (screening and the face check open their own connections)."""

    identity: DocumentIdentity
    known: KnownDocument | None
    registry: RegistryStatus | None
    screening: ScreeningSummary | None
    face: FaceCheckResult | None


def lookup(
    store: ClearanceStore, identity: DocumentIdentity, known: KnownDocument | None, today: date
) -> tuple[KnownDocument | None, RegistryStatus | None]:
    """Registry document, holder and status (``None`` status: registry unreachable)."""
    found, status = _registry(store, identity, today)
    return (found or known), status


def collect(
    ports: Ports,
    identity: DocumentIdentity,
    known: KnownDocument | None,
    status: RegistryStatus | None,
    seen: Presented,
    purpose: str,
) -> Gathered:
    summary = _screen(ports, identity, known, purpose)
    face = check_face(ports.face, known, seen.live_face)
    return Gathered(identity, known, status, summary, face)


def run(
    ports: Ports,
    store: ClearanceStore,
    got: Gathered,
    seen: Presented,
    now: datetime,
) -> PipelineOutcome:
    """The decision's transaction: history, trips and entitlement, then :func:`decide`."""
    identity, known, status, summary, face = (
        got.identity,
        got.known,
        got.registry,
        got.screening,
        got.face,
    )
    local = now.astimezone(ports.timezone)
    today = local.date()
    findings: list[Finding] = [*steps.document_expiry(identity.expires_on, today)]
    if known is not None:
        store.remember(known)
    store.lock_document(identity.issuing_state, identity.number)
    findings += steps.registry(status, identity.chinese_issued, seen.lane)
    findings += steps.screening(summary, seen.direction)
    trip_key, used = "", 0
    if seen.endorsement is not None:
        trip_key = endorsement_key(seen.endorsement)
        used = store.trips_used(identity.key, trip_key)
    assessment = _entitle(ports, identity, seen, today, used)
    findings += steps.entitlement(assessment)
    if seen.endorsement is not None and assessment is not None and assessment.consumes_trip:
        findings += steps.trips(seen.endorsement.trips_left, used)
    else:
        trip_key = ""
    last_entry: Movement | None = None
    stay: int | None = None
    overstay: bool | None = None
    if seen.direction is Direction.EXIT:
        person_id = known.person.id if known else ""
        last_entry = store.last_entry(person_id, identity.key)
        stay_findings, stay, overstay = steps.exit_stay(last_entry, local, store.degraded)
        findings += stay_findings
    findings += steps.face(face, seen.lane)
    previous = store.last_movement(identity.key)
    findings += steps.cloned(previous, seen.port_code, now)
    findings += steps.clock_skew(seen.device_time, now)
    if store.degraded:
        findings.append(Finding("DEGRADED_MODE", "device"))
    versions = {"pipeline": PIPELINE_VERSION, "mrz": MRZ_ENGINE}
    if summary is not None:
        versions["screening"] = summary.algorithm
    if assessment is not None:
        versions["entitlement"] = assessment.tables_version or assessment.basis
    if face is not None:
        versions["face"] = face.algorithm
    return PipelineOutcome(
        identity,
        known,
        status,
        summary,
        assessment,
        face,
        last_entry,
        previous,
        stay,
        overstay,
        trip_key,
        decide(findings, seen.lane),
        versions,
    )
