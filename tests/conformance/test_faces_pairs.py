"""Face verification on ../shared/testdata/faces/pairs.csv at the shipped threshold.

39 labelled pairs (6 same person, 33 different): a tiny sample, so the counts say
"nothing obviously wrong", not what the error rates are. The threshold was calibrated on
impostor pairs that leave these pairs out (see guomen.adapters.face.calibration)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from guomen.adapters.face.weights import FaceModelsUnavailable, import_dlib, locate_weights
from guomen.biometrics.model import Template
from guomen.biometrics.rules import LIVE_CAPTURE

TESTDATA = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"
PAIRS = TESTDATA / "faces" / "pairs.csv"

if not PAIRS.is_file():
    pytest.skip(f"{PAIRS} is absent", allow_module_level=True)
try:
    locate_weights()
    import_dlib()
except FaceModelsUnavailable as exc:
    pytest.skip(f"face engine not installed: {exc}", allow_module_level=True)

from guomen.adapters.face import DlibFaceEngine, PillowFaceImages  # noqa: E402
from guomen.adapters.face.calibration import shipped_threshold  # noqa: E402
from guomen.biometrics.services import capture_face  # noqa: E402


def pair_scores() -> list[tuple[str, str, bool, float]]:
    engine, images = DlibFaceEngine(), PillowFaceImages()
    with PAIRS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cache: dict[str, Template] = {}

    def template(name: str) -> Template:
        if name not in cache:
            data = (PAIRS.parent / name).read_bytes()
            capture = capture_face(data, LIVE_CAPTURE, images, engine)
            assert capture.template is not None, f"{name}: {capture.quality.to_dict()}"
            cache[name] = capture.template
        return cache[name]

    return [
        (
            r["image_a"],
            r["image_b"],
            r["same_person"] == "True",
            template(r["image_a"]).similarity(template(r["image_b"])),
        )
        for r in rows
    ]


def count_errors(scores: list[tuple[str, str, bool, float]], threshold: float) -> dict[str, int]:
    same = [s for _, _, genuine, s in scores if genuine]
    different = [s for _, _, genuine, s in scores if not genuine]
    return {
        "pairs": len(scores),
        "genuine": len(same),
        "impostor": len(different),
        "false_match": sum(s >= threshold for s in different),
        "false_non_match": sum(s < threshold for s in same),
    }


def test_pairs_at_the_calibrated_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    scores = pair_scores()
    threshold = shipped_threshold()
    counts = count_errors(scores, threshold.value)
    with capsys.disabled():
        print(f"\nfaces pairs.csv at threshold {threshold.value} (target FMR 0.1%): {counts}")
    assert counts["pairs"] == 39
    assert counts["false_match"] == 0
    assert counts["false_non_match"] == 0
