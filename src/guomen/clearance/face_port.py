"""The biometric step of the clearance pipeline, behind a port.

The pipeline asks whether a live face (captured at the e-gate or the counter) belongs to the
holder of the document; the biometrics capability answers through an adapter that compares the
live image with the holder's enrolled template (or the document's portrait).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class FaceStatus(StrEnum):
    MATCH = "match"  # same person at the configured false-match rate
    NO_MATCH = "no_match"  # a usable face that does not match: refer, never refuse
    UNUSABLE = "unusable"  # quality too low (no face, two faces, blur, pose): capture again
    NO_REFERENCE = "no_reference"  # nothing enrolled for this holder to compare with
    UNAVAILABLE = "unavailable"  # the face engine or its model is not available here


@dataclass(frozen=True, slots=True)
class FaceCheckResult:
    status: FaceStatus
    score: float | None  # similarity in [0, 1] where 1 is identical; None when not compared
    threshold: float | None  # the score at or above which the faces match
    algorithm: str  # name and version of the comparison algorithm, stored with the movement
    reason_codes: tuple[str, ...] = ()  # e.g. ("FACE_NO_MATCH",), ("FACE_QUALITY_BLUR",)


class FaceCheck(Protocol):
    def verify(self, person_id: str, live_image: bytes) -> FaceCheckResult:
        """Compare a live image with the enrolled reference of ``person_id``. Never raises for
        a bad image: an image that cannot be read is UNUSABLE with a reason code."""
        ...
