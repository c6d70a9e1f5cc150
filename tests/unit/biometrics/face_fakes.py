"""Fakes for the face ports: scenes described in JSON, deterministic embeddings per person."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from guomen.biometrics.model import (
    Box,
    DetectedFace,
    Landmarks,
    ModelInfo,
    PixelStats,
    Point,
    RgbImage,
    Template,
)
from guomen.biometrics.rules import Threshold
from guomen.shared.errors import ValidationFailed

FAKE_MODEL = ModelInfo("fake-face", "1", 32)
GOOD_STATS = {"sharpness": 300.0, "brightness": 130.0, "contrast": 45.0}


def face(who: str, *, x: float = 320, y: float = 240, eyes: float = 80, **pose: float) -> dict:
    """A face centred at (x, y) with the given eye distance; pose: roll, yaw, pitch (ratios)."""
    return {"who": who, "x": x, "y": y, "eyes": eyes, **pose}


def scene(*faces: dict, w: int = 640, h: int = 480, variant: int = 0, **stats: float) -> bytes:
    return json.dumps(
        {"w": w, "h": h, "faces": list(faces), "variant": variant, "stats": stats}
    ).encode()


def embedding(who: str, variant: int = 0, dimension: int = 32) -> list[float]:
    """A person's fixed direction plus a little noise per capture (variant)."""
    base = random.Random(f"person:{who}")
    noise = random.Random(f"capture:{who}:{variant}")
    return [base.gauss(0, 1) + 0.15 * noise.gauss(0, 1) for _ in range(dimension)]


@dataclass
class FakeFaceImages:
    scenes: dict[int, dict[str, Any]] = field(default_factory=dict)

    def decode(self, data: bytes) -> RgbImage:
        try:
            described = json.loads(data)
        except ValueError:
            raise ValidationFailed("not an image", code="photo_not_an_image") from None
        image = RgbImage(described["w"], described["h"], bytes(described["w"] * described["h"] * 3))
        self.scenes[id(image)] = described
        return image

    def measure(self, image: RgbImage, box: Box) -> PixelStats:
        stats = {**GOOD_STATS, **self.scenes[id(image)]["stats"]}
        return PixelStats(stats["sharpness"], stats["brightness"], stats["contrast"], 0.0, 0.0)


@dataclass
class FakeFaceEngine:
    images: FakeFaceImages
    model: ModelInfo = FAKE_MODEL
    encoded: int = 0

    def detect(self, image: RgbImage) -> Sequence[DetectedFace]:
        described = self.images.scenes[id(image)]
        return [_detected(f) for f in described["faces"]]

    def encode(self, image: RgbImage, face: DetectedFace) -> Template:
        described = self.images.scenes[id(image)]
        who = next(f["who"] for f in described["faces"] if _detected(f).box == face.box)
        self.encoded += 1
        return Template(self.model.key, embedding(who, described["variant"], self.model.dimension))


def _detected(f: dict[str, Any]) -> DetectedFace:
    x, y, eyes = f["x"], f["y"], f["eyes"]
    roll = math.radians(f.get("roll", 0.0))
    dx, dy = math.cos(roll) * eyes / 2, math.sin(roll) * eyes / 2
    nose_x = x + f.get("yaw", 0.0) * eyes
    pitch = f.get("pitch", 1.0)  # eye-to-nose / nose-to-mouth
    nose_y, mouth_y = y + eyes * pitch / (1 + pitch), y + eyes
    landmarks = Landmarks(
        Point(x - dx, y - dy),
        Point(x + dx, y + dy),
        Point(nose_x, nose_y),
        Point(x - 0.4 * eyes, mouth_y),
        Point(x + 0.4 * eyes, mouth_y),
    )
    half = eyes * 1.1
    return DetectedFace(Box(x - half, y - half, x + half, y + 1.3 * half), landmarks, 1.0)


def fake_threshold(value: float = 0.8, target_fmr: float = 0.001) -> Threshold:
    return Threshold(value, target_fmr, FAKE_MODEL.key, 10_000, "fixed for tests")
