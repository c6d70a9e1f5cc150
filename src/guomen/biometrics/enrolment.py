"""Enrolment of reference faces, their retention, and the 1:N duplicate-identity check.

Policy (biometric templates are sensitive personal data):

* **What is stored.** Only the template (a 128-number vector of the named model), sealed with
  the platform's field cipher (AES-256-GCM) together with the person's id, plus the model name
  and version, the quality codes of the photo, where the face came from (application photo,
  document chip portrait, kiosk enrolment), who enrolled it and when, and ``retain_until``.
  The enrolment photo and every live capture are used in memory and discarded: no face image
  is ever written by this capability.
* **Quality first.** A photo is enrolled only when it passes the profile of its source
  (``ENROLMENT`` for application photos and kiosk captures, ``DOCUMENT_PORTRAIT`` for chip
  portraits): exactly one face, big enough, sharp, well exposed, frontal. Otherwise nothing is
  stored and the reasons are returned.
* **How long.** A template is kept until the end of the retention of the document or
  application it was enrolled for (the caller passes ``retain_until``); without one it is kept
  :data:`DEFAULT_TEMPLATE_RETENTION` (ten years, the validity of an adult's ordinary passport).
  :func:`expire_templates` deletes every template whose date has passed; run it daily
  (``guomen face expire``). :func:`remove_templates` deletes a person's templates at once
  (enrolment withdrawn, record erased).
* **Who sees what.** Enrolment, removal, searches and duplicate checks are audited with their
  purpose. Templates never leave through the API or the command line: answers carry ids,
  scores, thresholds, quality codes and the model.
* **1:N at intake.** :func:`check_duplicate_identity` searches every enrolled template of
  *other* people; candidates at or above the 1:N threshold are reported with their scores under
  reason code ``FACE_DUPLICATE_IDENTITY`` for an officer to review. It never rejects anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from guomen.audit.services import event_for
from guomen.biometrics.model import (
    Candidate,
    EnrolledTemplate,
    ModelInfo,
    Purpose,
    Template,
    TemplateSource,
)
from guomen.biometrics.ports import (
    AuditSink,
    Authorize,
    EnrolmentUnit,
    FaceTemplateStore,
    TemplateGallery,
    TemplateIndex,
)
from guomen.biometrics.rules import (
    DOCUMENT_PORTRAIT,
    ENROLMENT,
    QualityProfile,
    QualityReport,
    Threshold,
)
from guomen.biometrics.services import FaceToolkit, capture_face
from guomen.identity.model import Principal
from guomen.shared.clock import Clock
from guomen.shared.errors import GuomenError, NotFound, ServiceUnavailable, ValidationFailed
from guomen.shared.ids import new_id

ENROL_ACTION = "biometric.enrol"
SEARCH_ACTION = "biometric.search"
DEFAULT_TEMPLATE_RETENTION = timedelta(days=3653)  # ten years
DUPLICATE_IDENTITY = "FACE_DUPLICATE_IDENTITY"
MAX_DUPLICATE_CANDIDATES = 20
PROFILE_FOR_SOURCE: dict[TemplateSource, QualityProfile] = {
    TemplateSource.APPLICATION_PHOTO: ENROLMENT,
    TemplateSource.KIOSK_ENROLMENT: ENROLMENT,
    TemplateSource.DOCUMENT_CHIP: DOCUMENT_PORTRAIT,
}


class FaceQualityRejected(ValidationFailed):
    """The photo cannot be enrolled; ``quality`` says why (each reason a kiosk can show)."""

    code = "face_quality_rejected"

    def __init__(self, quality: QualityReport) -> None:
        reasons = "; ".join(issue.message for issue in quality.issues) or "no usable face"
        super().__init__(f"the photo cannot be enrolled: {reasons}")
        self.quality = quality


# --- enrolment ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Enrolment:
    enrolled: EnrolledTemplate
    quality: QualityReport
    model: ModelInfo

    @property
    def template(self) -> Template:
        """For the in-memory 1:N index only; never serialised."""
        return self.enrolled.template

    def to_dict(self) -> dict[str, Any]:
        return {
            "template": self.enrolled.to_dict(),
            "quality": self.quality.to_dict(),
            "model": self.model.to_dict(),
        }


def enrol_face(
    uow: EnrolmentUnit,
    kit: FaceToolkit,
    principal: Principal,
    person_id: str,
    image: bytes,
    source: TemplateSource,
    *,
    retain_until: datetime | None = None,
) -> Enrolment:
    """Store the template of the one face in ``image`` as a reference for ``person_id``.

    Raises ``FaceQualityRejected`` (nothing stored) when the photo fails the quality profile of
    its source, ``ValidationFailed`` for an upload that is not a usable image, ``NotFound`` for an
    unknown person. Audited whatever the outcome; the caller commits (also after an error, to
    keep the audit entry: nothing else was written)."""
    kit.authorize(principal, ENROL_ACTION, Purpose.ENROLMENT.value)
    kit.check_model()
    now = kit.clock.now()
    try:
        profile = PROFILE_FOR_SOURCE.get(source)
        if profile is None:
            raise ValidationFailed(
                f"faces from {source.value} cannot be enrolled here", code="face_source_invalid"
            )
        if retain_until is not None and retain_until <= now:
            raise ValidationFailed("retain_until must lie in the future", code="retention_past")
        if not person_id or uow.people.get(person_id) is None:
            raise NotFound(f"no person {person_id!r}", code="person_not_found")
        capture = capture_face(image, profile, kit.images, kit.engine)
        if capture.template is None or not capture.quality.acceptable:
            raise FaceQualityRejected(capture.quality)
    except GuomenError as exc:
        _audit_enrol(kit, principal, person_id, exc.code, {"source": source.value})
        raise
    enrolled = EnrolledTemplate(
        id=new_id(),
        person_id=person_id,
        template=capture.template,
        quality_codes=(f"{capture.quality.profile}:ok",),
        source=source,
        enrolled_at=now,
        enrolled_by=f"{principal.kind}:{principal.name}"[:128],
        retain_until=retain_until or now + DEFAULT_TEMPLATE_RETENTION,
    )
    uow.face_templates.add(enrolled)
    detail = {
        "template_id": enrolled.id,
        "source": source.value,
        "retain_until": enrolled.retain_until.isoformat(),
    }
    _audit_enrol(kit, principal, person_id, "enrolled", detail)
    return Enrolment(enrolled, capture.quality, kit.engine.model)


def _audit_enrol(
    kit: FaceToolkit, principal: Principal, person_id: str, outcome: str, detail: dict[str, str]
) -> None:
    event = event_for(
        principal,
        ENROL_ACTION,
        object_type="person",
        object_id=person_id,
        purpose=Purpose.ENROLMENT.value,
        outcome=outcome,
        detail={**detail, "model": kit.engine.model.key},
    )
    kit.audit.append(event, kit.clock.now())


def remove_templates(
    uow: EnrolmentUnit,
    authorize: Authorize,
    clock: Clock,
    principal: Principal,
    person_id: str,
    reason: str,
) -> int:
    """Delete every template of ``person_id`` now (enrolment withdrawn, record erased)."""
    authorize(principal, ENROL_ACTION, Purpose.ENROLMENT.value)
    if not reason.strip():
        raise ValidationFailed("say why the templates are removed")
    removed = uow.face_templates.remove_person(person_id)
    event = event_for(
        principal,
        "biometric.remove",
        object_type="person",
        object_id=person_id,
        purpose=Purpose.ENROLMENT.value,
        outcome="removed" if removed else "none",
        detail={"templates": str(removed), "reason": reason.strip()[:200]},
    )
    uow.audit.append(event, clock.now())
    return removed


def expire_templates(
    store: FaceTemplateStore, audit: AuditSink, clock: Clock, principal: Principal
) -> list[str]:
    """Delete every template whose retention has ended; the ids of the people concerned."""
    people = store.remove_expired(clock.now())
    event = event_for(
        principal,
        "biometric.expire",
        object_type="face_templates",
        purpose="retention",
        outcome="removed" if people else "none",
        detail={"templates": str(len(people)), "people": str(len(set(people)))},
    )
    audit.append(event, clock.now())
    return people


def load_gallery(store: FaceTemplateStore, index: TemplateIndex, now: datetime) -> int:
    """Fill ``index`` with every active template of its model; how many were added."""
    added = 0
    for enrolled in store.iter_active(now):
        if enrolled.model_key == index.model_key:
            index.add(enrolled.person_id, enrolled.template)
            added += 1
    return added


# --- 1:N duplicate identity ---------------------------------------------------------------------


class DuplicateStatus(StrEnum):
    CLEAR = "clear"  # no other person's face at or above the threshold
    REVIEW = "review"  # look-alikes found: an officer compares and decides
    NO_FACE = "no_face"  # the photo given has no usable face: nothing was searched
    NO_REFERENCE = "no_reference"  # no photo given and nothing enrolled for this person


@dataclass(frozen=True, slots=True)
class DuplicateCheck:
    person_id: str
    status: DuplicateStatus
    candidates: tuple[Candidate, ...]  # other people at or above the threshold, best first
    threshold: Threshold
    model: ModelInfo
    gallery_size: int
    quality: QualityReport | None = None  # of the photo given, when one was
    reason_codes: tuple[str, ...] = field(default=())

    @property
    def flagged(self) -> bool:
        return self.status is DuplicateStatus.REVIEW

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "status": self.status.value,
            "flagged": self.flagged,
            "reason_codes": list(self.reason_codes),
            "candidates": [
                {"person_id": c.subject_id, "score": round(c.score, 6)} for c in self.candidates
            ],
            "threshold": round(self.threshold.value, 6),
            "target_fmr": self.threshold.target_fmr,
            "model": self.model.to_dict(),
            "gallery_size": self.gallery_size,
            "quality": None if self.quality is None else self.quality.to_dict(),
        }


def check_duplicate_identity(
    uow: EnrolmentUnit,
    kit: FaceToolkit,
    index: TemplateIndex,
    principal: Principal,
    person_id: str,
    probe: bytes | Template | None = None,
) -> DuplicateCheck:
    """Is this person's face enrolled under *another* person? ``probe``: the application photo
    (bytes), a template, or None to use the person's own enrolled templates. Candidates at or
    above the 1:N threshold come back with reason ``FACE_DUPLICATE_IDENTITY`` for an officer to
    review — a lead, never a rejection. Audited with purpose ``duplicate_search``."""
    purpose = Purpose.DUPLICATE_SEARCH
    kit.authorize(principal, SEARCH_ACTION, purpose.value)
    kit.check_model()
    if index.model_key != kit.engine.model.key:
        raise ServiceUnavailable("the face index holds templates of another model")
    threshold = kit.search_threshold or kit.threshold
    quality: QualityReport | None = None
    probes: list[Template]
    if isinstance(probe, bytes):
        try:
            capture = capture_face(probe, ENROLMENT, kit.images, kit.engine)
        except GuomenError as exc:
            _audit_search(kit, principal, person_id, exc.code, {})
            raise
        quality = capture.quality
        probes = [] if capture.template is None else [capture.template]
    elif isinstance(probe, Template):
        probes = [probe]
    else:
        probes = [
            e.template
            for e in uow.face_templates.for_person(person_id)
            if e.model_key == index.model_key
        ]
    if not probes:
        status = DuplicateStatus.NO_FACE if probe is not None else DuplicateStatus.NO_REFERENCE
        found: tuple[Candidate, ...] = ()
    else:
        found = _others_at_or_above(index, probes, person_id, threshold.value)
        status = DuplicateStatus.REVIEW if found else DuplicateStatus.CLEAR
    result = DuplicateCheck(
        person_id,
        status,
        found,
        threshold,
        kit.engine.model,
        len(index),
        quality,
        (DUPLICATE_IDENTITY,) if found else (),
    )
    detail = {
        "threshold": f"{threshold.value:.6f}",
        "candidates": ",".join(f"{c.subject_id}:{c.score:.4f}" for c in found)[:1000],
    }
    _audit_search(kit, principal, person_id, status.value, detail)
    return result


def _others_at_or_above(
    index: TemplateIndex, probes: Sequence[Template], person_id: str, threshold: float
) -> tuple[Candidate, ...]:
    best: dict[str, float] = {}
    want = MAX_DUPLICATE_CANDIDATES + 8  # room for the person's own templates
    for probe in probes:
        for hit in index.search(probe, want):
            if hit.subject_id != person_id and hit.score >= threshold:
                best[hit.subject_id] = max(best.get(hit.subject_id, -1.0), hit.score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Candidate(s, score) for s, score in ranked[:MAX_DUPLICATE_CANDIDATES])


def _audit_search(
    kit: FaceToolkit, principal: Principal, person_id: str, outcome: str, detail: dict[str, str]
) -> None:
    event = event_for(
        principal,
        SEARCH_ACTION,
        object_type="person",
        object_id=person_id,
        purpose=Purpose.DUPLICATE_SEARCH.value,
        outcome=outcome,
        detail={**detail, "model": kit.engine.model.key},
    )
    kit.audit.append(event, kit.clock.now())


# --- whole-gallery scan -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    person_a: str
    person_b: str
    score: float


@dataclass(frozen=True, slots=True)
class DuplicateScan:
    pairs: tuple[DuplicatePair, ...]
    threshold: Threshold
    gallery_size: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "reason_code": DUPLICATE_IDENTITY,
            "pairs": [
                {"person_a": p.person_a, "person_b": p.person_b, "score": round(p.score, 6)}
                for p in self.pairs
            ],
            "threshold": round(self.threshold.value, 6),
            "target_fmr": self.threshold.target_fmr,
            "gallery_size": self.gallery_size,
        }


def scan_duplicate_identities(
    gallery: TemplateGallery,
    threshold: Threshold,
    audit: AuditSink,
    clock: Clock,
    authorize: Authorize,
    principal: Principal,
) -> DuplicateScan:
    """Every pair of different people whose enrolled faces score at or above ``threshold``:
    one face behind two identities, for review. Audited."""
    authorize(principal, SEARCH_ACTION, Purpose.DUPLICATE_SEARCH.value)
    if gallery.model_key != threshold.model_key:
        raise ServiceUnavailable("the threshold was calibrated for another model than the index")
    pairs = tuple(DuplicatePair(a, b, s) for a, b, s in gallery.pairs_at_or_above(threshold.value))
    event = event_for(
        principal,
        SEARCH_ACTION,
        object_type="face_templates",
        purpose=Purpose.DUPLICATE_SEARCH.value,
        outcome="flagged" if pairs else "clear",
        detail={
            "threshold": f"{threshold.value:.6f}",
            "pairs": str(len(pairs)),
            "gallery": str(len(gallery)),
        },
    )
    audit.append(event, clock.now())
    return DuplicateScan(pairs, threshold, len(gallery))
