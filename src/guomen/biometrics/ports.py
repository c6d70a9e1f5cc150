"""Every outside thing the biometrics capability needs, as a narrow Protocol.

``FaceEngine`` is deliberately small — find faces with five landmarks, turn one into a template —
so that an ONNX model on a GPU can replace the dlib adapter without touching the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Protocol

from guomen.audit.model import AuditEvent
from guomen.biometrics.model import (
    Box,
    Candidate,
    DetectedFace,
    EnrolledTemplate,
    ModelInfo,
    PixelStats,
    RgbImage,
    Template,
)
from guomen.identity.model import Principal


class FaceImages(Protocol):
    """Decoding uploads safely and measuring pixels (an image library lives behind this)."""

    def decode(self, data: bytes) -> RgbImage:
        """Upright RGB with bounded size; ``ValidationFailed`` for anything unusable."""
        ...

    def measure(self, image: RgbImage, box: Box) -> PixelStats:
        """Sharpness and exposure of the face region."""
        ...


class FaceEngine(Protocol):
    @property
    def model(self) -> ModelInfo: ...

    def detect(self, image: RgbImage) -> Sequence[DetectedFace]:
        """Every face found, with five landmarks each; empty when there is none."""
        ...

    def encode(self, image: RgbImage, face: DetectedFace) -> Template:
        """The template of one detected face (unit length, tagged with ``model.key``)."""
        ...


class TemplateIndex(Protocol):
    """Enrolled templates for 1:N search (in memory, FAISS, or a vector database)."""

    @property
    def model_key(self) -> str: ...

    def __len__(self) -> int: ...

    def add(self, subject_id: str, template: Template) -> None: ...

    def search(self, template: Template, k: int) -> Sequence[Candidate]:
        """The ``k`` most similar enrolled subjects, best first."""
        ...


class TemplateCipher(Protocol):
    """Authenticated encryption bound to a field name (``guomen.adapters.crypto.FieldCipher``)."""

    def seal_bytes(self, field: str, value: bytes) -> str | None: ...

    def open_bytes(self, field: str, token: str) -> bytes | None: ...


class AuditSink(Protocol):
    """The append side of ``guomen.audit.ports.AuditLog``."""

    def append(self, event: AuditEvent, at: datetime) -> object: ...


# Raises PermissionDenied / PurposeRequired unless the principal may take the action, e.g.
# ``lambda p, action, purpose: authorize(p, Action(action), purpose=purpose)``.
Authorize = Callable[[Principal, str, str], None]


class FaceTemplateStore(Protocol):
    """Enrolled templates at rest (sealed); ``guomen.adapters.db.biometric_repos``."""

    def add(self, enrolled: EnrolledTemplate) -> None: ...

    def add_many(self, enrolled: Sequence[EnrolledTemplate]) -> None: ...

    def for_person(self, person_id: str) -> list[EnrolledTemplate]: ...

    def iter_active(self, now: datetime, batch: int = 5000) -> Iterator[EnrolledTemplate]:
        """Every template whose retention has not ended, in a stable order."""
        ...

    def count(self) -> int: ...

    def remove(self, template_id: str) -> bool: ...

    def remove_person(self, person_id: str) -> int: ...

    def remove_expired(self, now: datetime) -> list[str]:
        """Delete templates whose retention ended; the person ids they belonged to."""
        ...


class PersonDirectory(Protocol):
    """Only whether a person exists (``uow.people``)."""

    def get(self, person_id: str) -> object | None: ...


class EnrolmentUnit(Protocol):
    """The slice of the unit of work enrolment needs (``SqlUnitOfWork`` satisfies it)."""

    @property
    def face_templates(self) -> FaceTemplateStore: ...

    @property
    def people(self) -> PersonDirectory: ...

    @property
    def audit(self) -> AuditSink: ...


class TemplateGallery(TemplateIndex, Protocol):
    """A 1:N index that can also drop a subject and list look-alike pairs (duplicate scan)."""

    def remove(self, subject_id: str) -> int: ...

    def pairs_at_or_above(self, threshold: float) -> list[tuple[str, str, float]]: ...
