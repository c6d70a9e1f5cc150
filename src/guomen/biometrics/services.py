"""Biometric use cases: capture with quality, 1:1 verification, 1:N search.

Each use case authorises the principal, does its work through ports and appends one audit
event stating the purpose, whatever the outcome. Results carry scores, thresholds and quality
reasons, never a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guomen.audit.services import event_for
from guomen.biometrics.model import Candidate, Decision, ModelInfo, Purpose, Template
from guomen.biometrics.ports import AuditSink, Authorize, FaceEngine, FaceImages, TemplateIndex
from guomen.biometrics.rules import (
    DOCUMENT_PORTRAIT,
    ENROLMENT,
    LIVE_CAPTURE,
    QualityProfile,
    QualityReport,
    Threshold,
    decide,
    exposure_issues,
    geometry_issues,
    image_size_issues,
    pick_subject,
    pose_issues,
)
from guomen.identity.model import Principal
from guomen.shared.clock import Clock
from guomen.shared.errors import GuomenError, ServiceUnavailable, ValidationFailed

VERIFY_ACTION = "biometric.verify"
SEARCH_ACTION = "biometric.search"
MAX_CANDIDATES = 100


@dataclass(frozen=True, slots=True)
class FaceToolkit:
    """The ports and settings every face use case needs, built once by the composition root."""

    images: FaceImages
    engine: FaceEngine
    audit: AuditSink
    clock: Clock
    authorize: Authorize
    threshold: Threshold  # 1:1
    search_threshold: Threshold | None = None  # 1:N (stricter: N chances to match); else 1:1

    def check_model(self) -> None:
        key = self.engine.model.key
        for t in (self.threshold, self.search_threshold):
            if t is not None and t.model_key != key:
                raise ServiceUnavailable(
                    f"the face threshold was calibrated for {t.model_key}, the engine is {key}",
                    code="face_threshold_model_mismatch",
                )


@dataclass(frozen=True, slots=True)
class Capture:
    """One image's quality and, when a face was found, its template (internal only)."""

    quality: QualityReport
    template: Template | None = field(default=None, repr=False)


def capture_face(
    data: bytes, profile: QualityProfile, images: FaceImages, engine: FaceEngine
) -> Capture:
    """Decode, find the subject's face, check quality and encode it.

    Unusable input (not an image, too many pixels) raises ``ValidationFailed``; a picture
    without a usable face is a result with reasons."""
    image = images.decode(data)
    faces = engine.detect(image)
    subject, issues = pick_subject(faces, profile)
    issues += image_size_issues(image.width, image.height, profile)
    if subject is None:
        return Capture(QualityReport(profile.name, tuple(issues), 0))
    issues += geometry_issues(subject, image.width, image.height, profile)
    issues += pose_issues(subject.landmarks, profile)
    issues += exposure_issues(images.measure(image, subject.box), profile)
    report = QualityReport(profile.name, tuple(issues), len(faces))
    return Capture(report, engine.encode(image, subject))


# --- 1:1 ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VerifyFaces:
    probe: bytes = field(repr=False)  # the live capture (or the first photo)
    reference: bytes = field(repr=False)  # the document portrait or the photo on file
    purpose: Purpose
    subject_ref: str = ""  # what is being verified (document, application): audit object id
    probe_profile: QualityProfile = LIVE_CAPTURE
    reference_profile: QualityProfile = DOCUMENT_PORTRAIT


@dataclass(frozen=True, slots=True)
class Verification:
    decision: Decision
    score: float | None
    threshold: Threshold
    model: ModelInfo
    probe_quality: QualityReport
    reference_quality: QualityReport

    @property
    def match(self) -> bool:
        return self.decision is Decision.MATCH

    def to_dict(self) -> dict[str, Any]:
        return {
            "match": self.match,
            "decision": self.decision.value,
            "score": None if self.score is None else round(self.score, 6),
            "threshold": round(self.threshold.value, 6),
            "target_fmr": self.threshold.target_fmr,
            "calibration": self.threshold.to_dict(),
            "model": self.model.to_dict(),
            "quality": {
                "probe": self.probe_quality.to_dict(),
                "reference": self.reference_quality.to_dict(),
            },
        }


def verify_faces(cmd: VerifyFaces, kit: FaceToolkit, principal: Principal) -> Verification:
    """1:1: is the person in ``probe`` the person in ``reference``? Audited with its purpose."""
    kit.authorize(principal, VERIFY_ACTION, cmd.purpose.value)
    kit.check_model()
    try:
        probe = capture_face(cmd.probe, cmd.probe_profile, kit.images, kit.engine)
        reference = capture_face(cmd.reference, cmd.reference_profile, kit.images, kit.engine)
    except GuomenError as exc:
        _audit(kit, principal, VERIFY_ACTION, cmd.purpose, cmd.subject_ref, exc.code, {})
        raise
    score = None
    if probe.template is not None and reference.template is not None:
        score = probe.template.similarity(reference.template)
    result = Verification(
        decide(score, kit.threshold, probe.quality, reference.quality),
        score,
        kit.threshold,
        kit.engine.model,
        probe.quality,
        reference.quality,
    )
    detail = {
        "score": "" if score is None else f"{score:.6f}",
        "threshold": f"{kit.threshold.value:.6f}",
        "probe_quality": _codes(probe.quality),
        "reference_quality": _codes(reference.quality),
    }
    _audit(kit, principal, VERIFY_ACTION, cmd.purpose, cmd.subject_ref, result.decision, detail)
    return result


# --- 1:N ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchFaces:
    probe: bytes = field(repr=False)
    purpose: Purpose
    subject_ref: str = ""  # the application or person searched for: never flagged against itself
    k: int = 10
    profile: QualityProfile = ENROLMENT
    stated_purpose: str = ""  # the officer's own words, recorded with the search


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    quality: QualityReport
    candidates: tuple[Candidate, ...]  # best first, the probe's own subject left out
    flagged: tuple[Candidate, ...]  # at or above the threshold: review for a duplicate identity
    threshold: Threshold
    model: ModelInfo
    gallery_size: int

    def to_dict(self) -> dict[str, Any]:
        def rows(cands: tuple[Candidate, ...]) -> list[dict[str, Any]]:
            return [{"subject_id": c.subject_id, "score": round(c.score, 6)} for c in cands]

        return {
            "quality": self.quality.to_dict(),
            "candidates": rows(self.candidates),
            "flagged": rows(self.flagged),
            "threshold": round(self.threshold.value, 6),
            "target_fmr": self.threshold.target_fmr,
            "model": self.model.to_dict(),
            "gallery_size": self.gallery_size,
        }


def search_faces(
    cmd: SearchFaces, kit: FaceToolkit, index: TemplateIndex, principal: Principal
) -> SearchOutcome:
    """1:N: who among the enrolled looks like this face? Used at intake to flag one face
    behind two identities; a flag is a lead for an officer, never a decision by itself."""
    if not 1 <= cmd.k <= MAX_CANDIDATES:
        raise ValidationFailed(f"k must be between 1 and {MAX_CANDIDATES}")
    kit.authorize(principal, SEARCH_ACTION, cmd.purpose.value)
    kit.check_model()
    if index.model_key != kit.engine.model.key:
        raise ServiceUnavailable("the face index holds templates of another model")
    capture = capture_face(cmd.probe, cmd.profile, kit.images, kit.engine)
    threshold = kit.search_threshold or kit.threshold
    found: tuple[Candidate, ...] = ()
    if capture.template is not None:
        hits = index.search(capture.template, cmd.k + 1)
        found = tuple(c for c in hits if c.subject_id != cmd.subject_ref)[: cmd.k]
    flagged = tuple(c for c in found if c.score >= threshold.value)
    outcome = SearchOutcome(
        capture.quality, found, flagged, threshold, kit.engine.model, len(index)
    )
    detail = {
        "threshold": f"{threshold.value:.6f}",
        "candidates": str(len(found)),
        "flagged": ",".join(c.subject_id for c in flagged),
        "quality": _codes(capture.quality),
    }
    if cmd.stated_purpose:
        detail["stated_purpose"] = cmd.stated_purpose[:200]
    result = "flagged" if flagged else ("no_face" if capture.template is None else "clear")
    _audit(kit, principal, SEARCH_ACTION, cmd.purpose, cmd.subject_ref, result, detail)
    return outcome


def _codes(report: QualityReport) -> str:
    return ",".join(issue.reason.value for issue in report.issues) or "ok"


def _audit(
    kit: FaceToolkit,
    principal: Principal,
    action: str,
    purpose: Purpose,
    subject_ref: str,
    outcome: str,
    detail: dict[str, str],
) -> None:
    model = kit.engine.model
    event = event_for(
        principal,
        action,
        object_type="face",
        object_id=subject_ref,
        purpose=purpose.value,
        outcome=str(outcome),
        detail={**detail, "model": model.key},
    )
    kit.audit.append(event, kit.clock.now())
