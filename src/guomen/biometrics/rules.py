"""Pure decisions: capture quality with reasons, threshold calibration at a target FMR, match.

Quality approximates ICAO portrait guidance (Doc 9303 part 3 / ISO/IEC 19794-5 "full frontal"):
one face, big enough and inside the frame, sharp, well exposed, looking at the camera. Each
failure is a :class:`QualityIssue` with a stable code a kiosk can translate and show.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from guomen.biometrics.model import Decision, DetectedFace, Landmarks, PixelStats
from guomen.shared.errors import ValidationFailed


class Reason(StrEnum):
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    IMAGE_TOO_SMALL = "image_too_small"
    FACE_TOO_SMALL = "face_too_small"
    FACE_CUT_OFF = "face_cut_off"
    FACE_OFF_CENTRE = "face_off_centre"
    BLURRED = "blurred"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    LOW_CONTRAST = "low_contrast"
    HEAD_TILTED = "head_tilted"  # roll
    HEAD_TURNED = "head_turned"  # yaw
    HEAD_RAISED_OR_LOWERED = "head_raised_or_lowered"  # pitch


MESSAGES: dict[Reason, str] = {
    Reason.NO_FACE: "No face was found in the picture.",
    Reason.SEVERAL_FACES: "More than one face is in the picture; only the traveller may be in it.",
    Reason.IMAGE_TOO_SMALL: "The picture has too few pixels (a low-resolution copy?).",
    Reason.FACE_TOO_SMALL: "The face is too small; come closer or use a larger photo.",
    Reason.FACE_CUT_OFF: "Part of the face is outside the picture.",
    Reason.FACE_OFF_CENTRE: "The face is not in the centre of the picture.",
    Reason.BLURRED: "The picture is blurred; hold still and keep the camera in focus.",
    Reason.TOO_DARK: "The face is too dark.",
    Reason.TOO_BRIGHT: "The face is over-exposed.",
    Reason.LOW_CONTRAST: "The face has too little contrast (a grey or washed-out picture?).",
    Reason.HEAD_TILTED: "The head is tilted to one side; keep it straight.",
    Reason.HEAD_TURNED: "The head is turned; look straight at the camera.",
    Reason.HEAD_RAISED_OR_LOWERED: "The head is raised or lowered; look straight ahead.",
}


@dataclass(frozen=True, slots=True)
class QualityIssue:
    reason: Reason
    measured: float | None = None
    limit: float | None = None

    @property
    def message(self) -> str:
        return MESSAGES[self.reason]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.reason.value, "message": self.message}
        if self.measured is not None:
            out["measured"] = round(self.measured, 4)
            out["limit"] = self.limit
        return out


@dataclass(frozen=True, slots=True)
class QualityProfile:
    """Limits for one kind of capture. ``dominant_ratio``: at a gate, faces smaller than this
    share of the largest face's area are bystanders and ignored; 0 means every face counts."""

    name: str
    min_image_side: int = 120
    min_eye_distance: float = 40.0
    min_face_fraction: float = 0.15  # face box width / image width
    max_centre_offset: float = 0.5  # |face centre - image centre| / image width; 0.5 = off
    dominant_ratio: float = 0.0
    min_sharpness: float = 25.0
    min_brightness: float = 50.0
    max_brightness: float = 215.0
    min_contrast: float = 18.0
    max_clipped: float = 0.35
    max_roll_degrees: float = 15.0
    max_yaw_ratio: float = 0.22  # nose offset from the eye midline / eye distance (≈ 20°)
    pitch_range: tuple[float, float] = (0.3, 1.9)  # eye-to-nose / nose-to-mouth height


ENROLMENT = QualityProfile(
    "enrolment", min_eye_distance=50.0, min_face_fraction=0.2, max_centre_offset=0.2
)
LIVE_CAPTURE = QualityProfile(
    "live_capture", dominant_ratio=0.4, min_eye_distance=30.0, min_face_fraction=0.05
)
DOCUMENT_PORTRAIT = QualityProfile(
    "document_portrait", min_eye_distance=25.0, min_image_side=90, min_face_fraction=0.1
)
PROFILES = {p.name: p for p in (ENROLMENT, LIVE_CAPTURE, DOCUMENT_PORTRAIT)}


@dataclass(frozen=True, slots=True)
class QualityReport:
    profile: str
    issues: tuple[QualityIssue, ...]
    faces_found: int

    @property
    def acceptable(self) -> bool:
        return not self.issues

    @property
    def face_found(self) -> bool:
        return self.faces_found > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "acceptable": self.acceptable,
            "profile": self.profile,
            "faces_found": self.faces_found,
            "reasons": [issue.to_dict() for issue in self.issues],
        }


def pick_subject(
    faces: Sequence[DetectedFace], profile: QualityProfile
) -> tuple[DetectedFace | None, list[QualityIssue]]:
    """The face to compare (the largest) and an issue if others are not allowed."""
    if not faces:
        return None, [QualityIssue(Reason.NO_FACE)]
    ordered = sorted(faces, key=lambda f: f.box.area, reverse=True)
    subject = ordered[0]
    limit = profile.dominant_ratio * subject.box.area
    rivals = [f for f in ordered[1:] if f.box.area >= limit]
    if rivals:
        return subject, [QualityIssue(Reason.SEVERAL_FACES, float(len(rivals) + 1), 1.0)]
    return subject, []


def image_size_issues(width: int, height: int, profile: QualityProfile) -> list[QualityIssue]:
    """A thumbnail or a low-resolution copy: said even when no face could be found in it."""
    if min(width, height) < profile.min_image_side:
        return [QualityIssue(Reason.IMAGE_TOO_SMALL, min(width, height), profile.min_image_side)]
    return []


def geometry_issues(
    face: DetectedFace, width: int, height: int, profile: QualityProfile
) -> list[QualityIssue]:
    issues: list[QualityIssue] = []
    box, eyes = face.box, face.landmarks.eye_distance
    if eyes < profile.min_eye_distance or box.width / width < profile.min_face_fraction:
        issues.append(QualityIssue(Reason.FACE_TOO_SMALL, eyes, profile.min_eye_distance))
    slack = 0.05 * box.width
    if (
        box.left < -slack
        or box.top < -slack
        or box.right > width + slack
        or box.bottom > height + slack
    ):
        issues.append(QualityIssue(Reason.FACE_CUT_OFF))
    offset = abs(box.centre.x - width / 2) / width
    if offset > profile.max_centre_offset:
        issues.append(QualityIssue(Reason.FACE_OFF_CENTRE, offset, profile.max_centre_offset))
    return issues


def exposure_issues(stats: PixelStats, profile: QualityProfile) -> list[QualityIssue]:
    issues: list[QualityIssue] = []
    if stats.contrast < profile.min_contrast:
        issues.append(QualityIssue(Reason.LOW_CONTRAST, stats.contrast, profile.min_contrast))
    if stats.brightness < profile.min_brightness or stats.dark_fraction > profile.max_clipped:
        issues.append(QualityIssue(Reason.TOO_DARK, stats.brightness, profile.min_brightness))
    if stats.brightness > profile.max_brightness or stats.bright_fraction > profile.max_clipped:
        issues.append(QualityIssue(Reason.TOO_BRIGHT, stats.brightness, profile.max_brightness))
    if stats.sharpness < profile.min_sharpness:
        issues.append(QualityIssue(Reason.BLURRED, stats.sharpness, profile.min_sharpness))
    return issues


@dataclass(frozen=True, slots=True)
class Pose:
    roll_degrees: float
    yaw_ratio: float
    pitch_ratio: float


def estimate_pose(points: Landmarks) -> Pose:
    """Rough head pose from five points, in the frame of the eye line (so roll does not leak
    into yaw): yaw from the nose's sideways offset, pitch from the eye-nose-mouth proportions."""
    le, re = points.left_eye, points.right_eye
    dx, dy = re.x - le.x, re.y - le.y
    eyes = math.hypot(dx, dy) or 1.0
    ux, uy = dx / eyes, dy / eyes  # along the eye line
    mid_x, mid_y = (le.x + re.x) / 2, (le.y + re.y) / 2
    mouth_x = (points.mouth_left.x + points.mouth_right.x) / 2
    mouth_y = (points.mouth_left.y + points.mouth_right.y) / 2

    def along(x: float, y: float) -> tuple[float, float]:
        rx, ry = x - mid_x, y - mid_y
        return rx * ux + ry * uy, -rx * uy + ry * ux

    nose_side, nose_down = along(points.nose_tip.x, points.nose_tip.y)
    _, mouth_down = along(mouth_x, mouth_y)
    below_nose = mouth_down - nose_down
    pitch = nose_down / below_nose if below_nose > 0 else math.inf
    return Pose(math.degrees(math.atan2(dy, dx)), nose_side / eyes, pitch)


def pose_issues(points: Landmarks, profile: QualityProfile) -> list[QualityIssue]:
    pose = estimate_pose(points)
    issues: list[QualityIssue] = []
    if abs(pose.roll_degrees) > profile.max_roll_degrees:
        issues.append(
            QualityIssue(Reason.HEAD_TILTED, abs(pose.roll_degrees), profile.max_roll_degrees)
        )
    if abs(pose.yaw_ratio) > profile.max_yaw_ratio:
        issues.append(QualityIssue(Reason.HEAD_TURNED, abs(pose.yaw_ratio), profile.max_yaw_ratio))
    low, high = profile.pitch_range
    if not low <= pose.pitch_ratio <= high:
        measured = pose.pitch_ratio if math.isfinite(pose.pitch_ratio) else None
        issues.append(QualityIssue(Reason.HEAD_RAISED_OR_LOWERED, measured, low))
    return issues


# --- threshold calibration and decision -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Threshold:
    """A decision threshold on cosine similarity and how it was obtained."""

    value: float
    target_fmr: float
    model_key: str
    impostor_pairs: int
    derivation: str

    @property
    def fmr_upper_bound(self) -> float:
        """95 % upper bound on the false-match rate when no impostor reached the threshold
        ("rule of three"); the claim is only as strong as the impostor set is large."""
        return min(1.0, 3.0 / self.impostor_pairs) if self.impostor_pairs else 1.0

    @property
    def sufficient(self) -> bool:
        return self.fmr_upper_bound <= self.target_fmr

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": round(self.value, 6),
            "target_fmr": self.target_fmr,
            "impostor_pairs": self.impostor_pairs,
            "sufficient_data": self.sufficient,
            "derivation": self.derivation,
        }


def calibrate_threshold(
    impostor_scores: Sequence[float],
    target_fmr: float,
    model_key: str,
    *,
    floor: float = -1.0,
    source: str = "impostor pairs",
) -> Threshold:
    """The lowest threshold at which at most ``target_fmr`` of impostor scores match.

    With ``n`` impostor scores, ``floor(target_fmr * n)`` of them may reach the threshold; the
    threshold sits just above the next one. ``floor`` keeps a known-safe minimum when the set is
    too small to estimate the rate (see :attr:`Threshold.sufficient`)."""
    if not 0.0 < target_fmr < 1.0:
        raise ValidationFailed("the target false-match rate must be between 0 and 1")
    scores = sorted((s for s in impostor_scores if math.isfinite(s)), reverse=True)
    if not scores:
        raise ValidationFailed("calibration needs at least one impostor score")
    allowed = math.floor(target_fmr * len(scores))
    edge = math.nextafter(scores[allowed], math.inf) if allowed < len(scores) else -1.0
    value = max(edge, floor)
    how = (
        f"lowest cosine similarity with <= {target_fmr:g} of {len(scores)} {source} at or "
        f"above it" + (f"; raised to the floor {floor:g}" if floor > edge else "")
    )
    return Threshold(value, target_fmr, model_key, len(scores), how)


def decide(
    score: float | None, threshold: Threshold, probe: QualityReport, reference: QualityReport
) -> Decision:
    if score is None:
        return Decision.NOT_COMPARABLE
    if not (probe.acceptable and reference.acceptable):
        return Decision.RECAPTURE
    return Decision.MATCH if score >= threshold.value else Decision.NO_MATCH
