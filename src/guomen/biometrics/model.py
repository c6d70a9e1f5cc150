"""Faces, templates and comparison results: values with their invariants (standard library only).

A :class:`Template` is a unit-length float32 vector from one named, versioned model. Its bytes
never appear in a ``repr`` or in any ``to_dict`` output: templates leave the process only sealed
(see :mod:`guomen.biometrics.protect`).
"""

from __future__ import annotations

import math
import sys
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from guomen.shared.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """The face model behind every template and score: name and version are always reported."""

    name: str
    version: str
    dimension: int

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "dimension": self.dimension}


@dataclass(frozen=True, slots=True)
class RgbImage:
    """A decoded picture: 8-bit RGB, row by row, upright. Pixels are hidden from ``repr``."""

    width: int
    height: int
    pixels: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0 or len(self.pixels) != self.width * self.height * 3:
            raise ValueError("an RgbImage needs width x height x 3 bytes")


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Box:
    """A face box in image pixels; it may reach past the image edge (a cut-off face)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def area(self) -> float:
        return max(self.width, 0.0) * max(self.height, 0.0)

    @property
    def centre(self) -> Point:
        return Point((self.left + self.right) / 2, (self.top + self.bottom) / 2)


@dataclass(frozen=True, slots=True)
class Landmarks:
    """Five points any face model provides. "Left" is the left of the image, not the person."""

    left_eye: Point
    right_eye: Point
    nose_tip: Point
    mouth_left: Point
    mouth_right: Point

    @property
    def eye_distance(self) -> float:
        return math.dist((self.left_eye.x, self.left_eye.y), (self.right_eye.x, self.right_eye.y))


@dataclass(frozen=True, slots=True)
class DetectedFace:
    box: Box
    landmarks: Landmarks
    confidence: float = 0.0  # detector's own score; comparable only within one detector


@dataclass(frozen=True, slots=True)
class PixelStats:
    """Measured on the face region, grey levels 0–255. ``sharpness`` is the variance of the
    Laplacian after the face is scaled to a fixed width, so it does not depend on image size."""

    sharpness: float
    brightness: float
    contrast: float
    dark_fraction: float
    bright_fraction: float


class Template:
    """A unit-length face vector (float32) from one model. Compare only with the same model."""

    __slots__ = ("_values", "model_key")

    def __init__(self, model_key: str, values: array[float] | list[float]) -> None:
        vector = array("f", values)
        norm = math.sqrt(math.fsum(v * v for v in vector))
        if not vector or not math.isfinite(norm) or norm == 0.0:
            raise ValueError("a template needs a finite, non-zero vector")
        self.model_key = model_key
        self._values = array("f", (v / norm for v in vector))

    @property
    def dimension(self) -> int:
        return len(self._values)

    def values(self) -> array[float]:
        return array("f", self._values)

    def to_bytes(self) -> bytes:
        """``model key`` NUL ``float32 little-endian`` — what :mod:`protect` seals."""
        data = array("f", self._values)
        if data.itemsize != 4:  # pragma: no cover - every supported platform has 4-byte floats
            raise RuntimeError("float32 templates need 4-byte C floats")
        return self.model_key.encode() + b"\0" + _little_endian(data).tobytes()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Template:
        key, sep, body = raw.partition(b"\0")
        if not sep or not body or len(body) % 4:
            raise ValidationFailed("not a face template", code="template_invalid")
        data = array("f")
        data.frombytes(body)
        return cls(key.decode(), _little_endian(data))

    def similarity(self, other: Template) -> float:
        """Cosine similarity in [-1, 1]; higher means more alike."""
        if other.model_key != self.model_key or other.dimension != self.dimension:
            raise ValidationFailed(
                f"templates from {self.model_key} and {other.model_key} cannot be compared",
                code="template_model_mismatch",
            )
        return max(
            -1.0,
            min(1.0, math.fsum(a * b for a, b in zip(self._values, other._values, strict=True))),
        )

    def __repr__(self) -> str:
        return f"Template({self.model_key}, dimension={self.dimension})"


def _little_endian(data: array[float]) -> array[float]:
    if sys.byteorder == "big":  # pragma: no cover
        data = array("f", data)
        data.byteswap()
    return data


@dataclass(frozen=True, slots=True)
class Candidate:
    """One 1:N search hit: an enrolled subject and its similarity to the probe."""

    subject_id: str
    score: float


class Decision(StrEnum):
    MATCH = "match"
    NO_MATCH = "no_match"
    RECAPTURE = "recapture"  # a face was found but quality failed: take the photo again
    NOT_COMPARABLE = "not_comparable"  # no usable face in one of the images


class Purpose(StrEnum):
    """Why a comparison is made; recorded in the audit trail with every comparison."""

    EGATE_CLEARANCE = "egate_clearance"  # live face vs document portrait at a gate
    KIOSK_APPLICATION = "kiosk_application"  # applicant's capture vs the photo on file
    OFFICER_REVIEW = "officer_review"  # an officer compares two photos
    DUPLICATE_SEARCH = "duplicate_search"  # 1:N at application intake
    ENROLMENT = "enrolment"  # storing a reference template for a person
    OPERATOR_CHECK = "operator_check"  # the operator's command line on the server


class TemplateSource(StrEnum):
    """Where an enrolled template's face came from."""

    APPLICATION_PHOTO = "application_photo"  # the photo submitted with an application
    DOCUMENT_CHIP = "document_chip"  # the portrait in the document's chip (DG2)
    KIOSK_ENROLMENT = "kiosk_enrolment"  # captured at an enrolment kiosk or counter camera
    SYNTHETIC_DEMO = "synthetic_demo"  # demo data only: a random vector, no face behind it


@dataclass(frozen=True, slots=True)
class EnrolledTemplate:
    """One stored reference: whose, which model, how good, from where, until when."""

    id: str
    person_id: str
    template: Template = field(repr=False)
    quality_codes: tuple[str, ...]
    source: TemplateSource
    enrolled_at: datetime
    enrolled_by: str
    retain_until: datetime

    @property
    def model_key(self) -> str:
        return self.template.model_key

    def to_dict(self) -> dict[str, Any]:
        """Everything but the template itself."""
        name, _, version = self.model_key.partition("@")
        return {
            "id": self.id,
            "person_id": self.person_id,
            "algorithm": name,
            "algorithm_version": version,
            "quality_codes": list(self.quality_codes),
            "source": self.source.value,
            "enrolled_at": self.enrolled_at.isoformat(),
            "enrolled_by": self.enrolled_by,
            "retain_until": self.retain_until.isoformat(),
        }
