"""Quality reasons a kiosk shows, threshold calibration at a target FMR, and the decision."""

from __future__ import annotations

import random

import pytest
from face_fakes import _detected, face

from guomen.biometrics.model import Decision, PixelStats
from guomen.biometrics.rules import (
    ENROLMENT,
    LIVE_CAPTURE,
    QualityIssue,
    QualityReport,
    Reason,
    Threshold,
    calibrate_threshold,
    decide,
    exposure_issues,
    geometry_issues,
    image_size_issues,
    pick_subject,
    pose_issues,
)
from guomen.shared.errors import ValidationFailed


def reasons(issues) -> set[Reason]:
    return {issue.reason for issue in issues}


def test_no_face_is_a_reason_not_an_error() -> None:
    subject, issues = pick_subject([], LIVE_CAPTURE)
    assert subject is None
    assert reasons(issues) == {Reason.NO_FACE}


def test_a_bystander_far_behind_is_ignored_at_a_gate_but_not_at_enrolment() -> None:
    traveller = _detected(face("a", eyes=90))
    bystander = _detected(face("b", x=560, eyes=30))
    subject, issues = pick_subject([bystander, traveller], LIVE_CAPTURE)
    assert subject == traveller
    assert issues == []
    _, strict = pick_subject([bystander, traveller], ENROLMENT)
    assert reasons(strict) == {Reason.SEVERAL_FACES}


def test_two_people_side_by_side_are_refused_even_at_a_gate() -> None:
    faces = [_detected(face("a", x=200, eyes=80)), _detected(face("b", x=440, eyes=70))]
    _, issues = pick_subject(faces, LIVE_CAPTURE)
    assert reasons(issues) == {Reason.SEVERAL_FACES}


@pytest.mark.parametrize(
    ("width", "height", "spec", "expected"),
    [
        (640, 480, face("a"), set()),
        (100, 80, face("a", x=50, y=40, eyes=20), {Reason.IMAGE_TOO_SMALL, Reason.FACE_TOO_SMALL}),
        (90, 120, face("a", x=45, y=60, eyes=40), {Reason.IMAGE_TOO_SMALL}),
        (640, 480, face("a", eyes=20), {Reason.FACE_TOO_SMALL}),
        (640, 480, face("a", x=20), {Reason.FACE_CUT_OFF}),
    ],
)
def test_face_size_and_position(width: int, height: int, spec: dict, expected: set) -> None:
    issues = geometry_issues(_detected(spec), width, height, LIVE_CAPTURE)
    issues += image_size_issues(width, height, LIVE_CAPTURE)
    assert reasons(issues) == expected


def test_enrolment_photos_must_be_centred() -> None:
    off = _detected(face("a", x=470, eyes=80))
    assert Reason.FACE_OFF_CENTRE in reasons(geometry_issues(off, 640, 480, ENROLMENT))
    assert Reason.FACE_OFF_CENTRE not in reasons(geometry_issues(off, 640, 480, LIVE_CAPTURE))


@pytest.mark.parametrize(
    ("stats", "expected"),
    [
        (PixelStats(300, 130, 45, 0, 0), set()),
        (PixelStats(5, 130, 45, 0, 0), {Reason.BLURRED}),
        (PixelStats(300, 25, 30, 0.5, 0), {Reason.TOO_DARK}),
        (PixelStats(300, 240, 30, 0, 0.6), {Reason.TOO_BRIGHT}),
        (PixelStats(0.5, 128, 1, 0, 0), {Reason.LOW_CONTRAST, Reason.BLURRED}),  # a grey card
    ],
)
def test_exposure_and_blur(stats: PixelStats, expected: set) -> None:
    assert reasons(exposure_issues(stats, LIVE_CAPTURE)) == expected


@pytest.mark.parametrize(
    ("pose", "expected"),
    [
        ({}, set()),
        ({"roll": 25.0}, {Reason.HEAD_TILTED}),
        ({"roll": -25.0}, {Reason.HEAD_TILTED}),
        ({"yaw": 0.4}, {Reason.HEAD_TURNED}),
        ({"yaw": -0.4}, {Reason.HEAD_TURNED}),
        ({"pitch": 0.15}, {Reason.HEAD_RAISED_OR_LOWERED}),
        ({"pitch": 3.0}, {Reason.HEAD_RAISED_OR_LOWERED}),
        ({"roll": 8.0, "yaw": 0.1}, set()),
    ],
)
def test_frontal_pose_from_landmarks(pose: dict, expected: set) -> None:
    assert reasons(pose_issues(_detected(face("a", **pose)).landmarks, LIVE_CAPTURE)) == expected


def test_every_reason_has_a_message_and_code() -> None:
    for reason in Reason:
        shown = QualityIssue(reason).to_dict()
        assert shown["code"] == reason.value
        assert shown["message"].endswith(".")


def test_calibration_keeps_the_false_match_rate_at_the_target() -> None:
    rng = random.Random(7)
    impostors = [rng.gauss(0.3, 0.1) for _ in range(20_000)]
    threshold = calibrate_threshold(impostors, 0.001, "m@1")
    above = sum(1 for s in impostors if s >= threshold.value)
    assert above <= 20  # 0.1 % of 20,000
    assert above >= 19  # and not needlessly strict
    assert threshold.sufficient
    assert threshold.fmr_upper_bound == pytest.approx(3 / 20_000)
    assert threshold.to_dict()["target_fmr"] == 0.001


def test_a_small_impostor_set_puts_the_threshold_above_every_impostor_and_says_so() -> None:
    threshold = calibrate_threshold([0.1, 0.5, 0.42], 0.001, "m@1")
    assert threshold.value > 0.5
    assert not threshold.sufficient
    assert threshold.to_dict()["sufficient_data"] is False


def test_calibration_floor_and_bad_targets() -> None:
    assert calibrate_threshold([0.1, 0.2], 0.001, "m@1", floor=0.7).value == 0.7
    with pytest.raises(ValidationFailed):
        calibrate_threshold([0.1], 0.0, "m@1")
    with pytest.raises(ValidationFailed):
        calibrate_threshold([], 0.01, "m@1")


def test_decision() -> None:
    t = Threshold(0.8, 0.001, "m@1", 5000, "test")
    good = QualityReport("p", (), 1)
    bad = QualityReport("p", tuple(exposure_issues(PixelStats(1, 128, 45, 0, 0), LIVE_CAPTURE)), 1)
    assert decide(0.85, t, good, good) is Decision.MATCH
    assert decide(0.8, t, good, good) is Decision.MATCH
    assert decide(0.79, t, good, good) is Decision.NO_MATCH
    assert decide(0.95, t, bad, good) is Decision.RECAPTURE
    assert decide(None, t, good, good) is Decision.NOT_COMPARABLE
