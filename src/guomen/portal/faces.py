"""Faces at the portal and the kiosk: the quality check of an uploaded application photo, and
the kiosk's comparison of a live capture with the photo on file (enrolling it when there is
none). Nothing here stores an image; only an enrolment stores a sealed template."""

from __future__ import annotations

from dataclasses import dataclass

from guomen.audit.services import event_for
from guomen.biometrics.enrolment import enrol_face
from guomen.biometrics.model import Purpose, TemplateSource
from guomen.biometrics.ports import EnrolmentUnit
from guomen.biometrics.rules import ENROLMENT, LIVE_CAPTURE, QualityReport, decide
from guomen.biometrics.services import FaceToolkit, capture_face
from guomen.identity.model import Principal
from guomen.shared.errors import ValidationFailed

MAX_PHOTO_BYTES = 900_000  # under the request limit, so the applicant gets a clear message


class PhotoRejected(ValidationFailed):
    code = "photo_rejected"

    def __init__(self, message: str, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reasons = reasons


def check_photo_size(data: bytes) -> None:
    if not data:
        raise PhotoRejected("the photo file is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRejected(
            f"the photo is too large ({len(data) // 1000} KB); the limit is "
            f"{MAX_PHOTO_BYTES // 1000} KB",
        )


def check_application_photo(data: bytes, kit: FaceToolkit) -> QualityReport:
    """An application photo must pass the enrolment profile (one face, frontal, sharp, lit).
    Not an image or too large: ``PhotoRejected``; poor quality: ``PhotoRejected`` with reasons."""
    check_photo_size(data)
    capture = capture_face(data, ENROLMENT, kit.images, kit.engine)
    if capture.template is None or not capture.quality.acceptable:
        reasons = tuple(issue.message for issue in capture.quality.issues) or ("no usable face",)
        raise PhotoRejected("the photo does not meet the requirements", reasons)
    return capture.quality


@dataclass(frozen=True, slots=True)
class KioskFace:
    outcome: str  # match, no_match, recapture, enrolled, no_record
    score: float | None = None
    reasons: tuple[str, ...] = ()


def kiosk_face_check(
    uow: EnrolmentUnit, kit: FaceToolkit, principal: Principal, person_id: str | None, data: bytes
) -> KioskFace:
    """Live capture against the templates on file for the person on the ID card.

    Known person without a template on file: enrol this capture (its quality is checked;
    ``FaceQualityRejected`` says why not). Unknown person: ``no_record`` (the office compares
    at intake). A mismatch is for an officer to look at; the kiosk never refuses by itself."""
    check_photo_size(data)
    kit.authorize(principal, "biometric.verify", Purpose.KIOSK_APPLICATION.value)
    on_file = uow.face_templates.for_person(person_id) if person_id else []
    usable = [t for t in on_file if t.template.model_key == kit.engine.model.key]
    if person_id and not usable and uow.people.get(person_id) is not None:
        enrol_face(uow, kit, principal, person_id, data, TemplateSource.KIOSK_ENROLMENT)
        return KioskFace("enrolled")
    capture = capture_face(data, LIVE_CAPTURE, kit.images, kit.engine)
    reasons = tuple(issue.message for issue in capture.quality.issues)
    if capture.template is None or not capture.quality.acceptable:
        return KioskFace("recapture", None, reasons or ("no usable face",))
    if not usable:
        return KioskFace("no_record", None, reasons)
    score = max(capture.template.similarity(t.template) for t in usable)
    decision = decide(score, kit.threshold, capture.quality, capture.quality)
    event = event_for(
        principal,
        "biometric.verify",
        object_type="person",
        object_id=person_id or "",
        purpose=Purpose.KIOSK_APPLICATION.value,
        outcome=decision.value,
        detail={
            "score": f"{score:.6f}",
            "on_file": str(len(usable)),
            "model": kit.engine.model.key,
        },
    )
    kit.audit.append(event, kit.clock.now())
    outcome = {"match": "match", "no_match": "no_match"}.get(decision.value, "recapture")
    return KioskFace(outcome, score, reasons)
