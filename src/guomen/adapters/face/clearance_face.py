"""The clearance pipeline's face step (:class:`guomen.clearance.face_port.FaceCheck`): the live
image against the holder's enrolled templates, at the configured 1:1 threshold.

Order: the engine must be available (else UNAVAILABLE); the live image is decoded and checked
with the ``LIVE_CAPTURE`` profile (else UNUSABLE with ``FACE_QUALITY_*`` codes); the holder's
active enrolled templates are read (none: NO_REFERENCE); the best similarity decides MATCH or
NO_MATCH. ``verify`` never raises for a bad image. The live image is not kept.

Each comparison is audited (purpose ``egate_clearance``) in its own short unit of work, after
the face is encoded. **Call ``verify`` outside any open unit of work**: on SQLite every
transaction takes the write lock, and on PostgreSQL the audit chain's head row is locked by
whoever appended last, so a caller holding a transaction would wait on itself.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from guomen.adapters.face.engine import MODEL_NAME
from guomen.audit.model import AuditEvent
from guomen.biometrics.model import Purpose, Template
from guomen.biometrics.ports import AuditSink, FaceEngine, FaceImages, FaceTemplateStore
from guomen.biometrics.rules import LIVE_CAPTURE, Threshold
from guomen.biometrics.services import capture_face
from guomen.clearance.face_port import FaceCheckResult, FaceStatus
from guomen.documents.photo_image import (
    PHOTO_EMPTY,
    PHOTO_NOT_AN_IMAGE,
    PHOTO_TOO_LARGE,
    PHOTO_UNSUPPORTED_FORMAT,
)
from guomen.shared.clock import Clock
from guomen.shared.errors import ServiceUnavailable, ValidationFailed

ACTOR = "system:clearance-face"
_INPUT_CODES = {
    PHOTO_NOT_AN_IMAGE: "FACE_QUALITY_NOT_AN_IMAGE",
    PHOTO_UNSUPPORTED_FORMAT: "FACE_QUALITY_NOT_AN_IMAGE",
    PHOTO_EMPTY: "FACE_QUALITY_NOT_AN_IMAGE",
    PHOTO_TOO_LARGE: "FACE_QUALITY_IMAGE_TOO_LARGE",
}


class _Unit(Protocol):
    @property
    def face_templates(self) -> FaceTemplateStore: ...

    @property
    def audit(self) -> AuditSink: ...

    def commit(self) -> None: ...


class EnrolledFaceCheck:
    """``parts`` loads the image decoder and the engine (raising ``ServiceUnavailable`` when the
    model files are missing); ``threshold`` gives the 1:1 threshold for the engine's model."""

    def __init__(
        self,
        parts: Callable[[], tuple[FaceImages, FaceEngine]],
        uow_factory: Callable[[], AbstractContextManager[_Unit]],
        clock: Clock,
        threshold: Callable[[], Threshold],
    ) -> None:
        self._parts, self._uow, self._clock, self._threshold = parts, uow_factory, clock, threshold

    def verify(self, person_id: str, live_image: bytes) -> FaceCheckResult:
        try:
            images, engine = self._parts()
            threshold = self._threshold()
            if threshold.model_key != engine.model.key:
                raise ServiceUnavailable("the threshold belongs to another face model")
        except (ServiceUnavailable, OSError, RuntimeError):
            return FaceCheckResult(
                FaceStatus.UNAVAILABLE, None, None, MODEL_NAME, ("FACE_ENGINE_UNAVAILABLE",)
            )
        algorithm = engine.model.key
        try:
            capture = capture_face(live_image, LIVE_CAPTURE, images, engine)
        except ValidationFailed as exc:
            code = _INPUT_CODES.get(exc.code, "FACE_QUALITY_NOT_AN_IMAGE")
            return self._record(
                person_id, FaceCheckResult(FaceStatus.UNUSABLE, None, None, algorithm, (code,))
            )
        if capture.template is None or not capture.quality.acceptable:
            codes = tuple(f"FACE_QUALITY_{i.reason.value.upper()}" for i in capture.quality.issues)
            result = FaceCheckResult(
                FaceStatus.UNUSABLE, None, threshold.value, algorithm, codes or ("FACE_QUALITY",)
            )
            return self._record(person_id, result)
        return self._compare(person_id, capture.template, threshold, algorithm)

    def _compare(
        self, person_id: str, live: Template, threshold: Threshold, algorithm: str
    ) -> FaceCheckResult:
        with self._uow() as uow:
            references = [
                e.template
                for e in uow.face_templates.for_person(person_id)
                if e.model_key == live.model_key and e.retain_until > self._clock.now()
            ]
            if not references:
                result = FaceCheckResult(
                    FaceStatus.NO_REFERENCE,
                    None,
                    threshold.value,
                    algorithm,
                    ("FACE_NO_REFERENCE",),
                )
            else:
                score = max(0.0, max(live.similarity(ref) for ref in references))
                matched = score >= threshold.value
                result = FaceCheckResult(
                    FaceStatus.MATCH if matched else FaceStatus.NO_MATCH,
                    score,
                    threshold.value,
                    algorithm,
                    ("FACE_MATCH",) if matched else ("FACE_NO_MATCH",),
                )
            self._audit(uow, person_id, result)
            uow.commit()
        return result

    def _record(self, person_id: str, result: FaceCheckResult) -> FaceCheckResult:
        with self._uow() as uow:
            self._audit(uow, person_id, result)
            uow.commit()
        return result

    def _audit(self, uow: _Unit, person_id: str, result: FaceCheckResult) -> None:
        detail = {
            "score": "" if result.score is None else f"{result.score:.6f}",
            "threshold": "" if result.threshold is None else f"{result.threshold:.6f}",
            "reasons": ",".join(result.reason_codes),
            "model": result.algorithm,
        }
        event = AuditEvent(
            ACTOR,
            "system",
            "biometric.verify",
            object_type="person",
            object_id=person_id[:64],
            purpose=Purpose.EGATE_CLEARANCE.value,
            outcome=result.status.value,
            detail=detail,
        )
        uow.audit.append(event, self._clock.now())
