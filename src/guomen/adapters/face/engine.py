"""The production :class:`guomen.biometrics.ports.FaceEngine`: dlib's HOG detector, its
68-point landmark model and its ResNet face descriptor (128 dimensions), run on the CPU.

Weights come from the ``face-recognition-models`` package (see :mod:`.weights`); nothing is
downloaded. The model's version is the SHA-256 of the descriptor weights, so a changed file is
noticed (the calibrated threshold names the model it belongs to).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from guomen.adapters.face.images import as_array
from guomen.adapters.face.weights import import_dlib, locate_weights
from guomen.biometrics.model import (
    Box,
    DetectedFace,
    Landmarks,
    ModelInfo,
    Point,
    RgbImage,
    Template,
)

MODEL_NAME = "dlib-resnet-v1"
UPSAMPLE_BELOW = 800  # pictures smaller than this are searched at twice the size (small faces)
_LEFT_EYE, _RIGHT_EYE = range(36, 42), range(42, 48)  # iBUG 68-point scheme, image left/right
_NOSE_TIP, _MOUTH_LEFT, _MOUTH_RIGHT = 30, 48, 54


class DlibFaceEngine:
    def __init__(self) -> None:
        weights = locate_weights()
        self._dlib = import_dlib()
        self._detector = self._dlib.get_frontal_face_detector()
        self._landmarks = self._dlib.shape_predictor(str(weights.landmarks))
        self._recogniser = self._dlib.face_recognition_model_v1(str(weights.recognition))
        self._model = ModelInfo(MODEL_NAME, f"sha256:{weights.recognition_digest()[:12]}", 128)
        self._lock = threading.Lock()  # dlib's network reuses buffers: one call at a time

    @property
    def model(self) -> ModelInfo:
        return self._model

    def detect(self, image: RgbImage) -> Sequence[DetectedFace]:
        pixels = as_array(image)
        upsample = 1 if max(image.width, image.height) < UPSAMPLE_BELOW else 0
        faces = []
        with self._lock:
            rects, scores, _ = self._detector.run(pixels, upsample, 0.0)
            for rect, score in zip(rects, scores, strict=True):
                shape = self._landmarks(pixels, rect)
                box = Box(rect.left(), rect.top(), rect.right() + 1, rect.bottom() + 1)
                faces.append(DetectedFace(box, _five_points(shape), float(score)))
        return faces

    def encode(self, image: RgbImage, face: DetectedFace) -> Template:
        pixels = as_array(image)
        box = face.box
        rect = self._dlib.rectangle(
            round(box.left), round(box.top), round(box.right) - 1, round(box.bottom) - 1
        )
        with self._lock:
            shape = self._landmarks(pixels, rect)
            vector = self._recogniser.compute_face_descriptor(pixels, shape, 0)
        return Template(self._model.key, [float(v) for v in vector])


def _five_points(shape: Any) -> Landmarks:
    def mean(indices: range) -> Point:
        points = [shape.part(i) for i in indices]
        return Point(sum(p.x for p in points) / len(points), sum(p.y for p in points) / len(points))

    def at(index: int) -> Point:
        part = shape.part(index)
        return Point(float(part.x), float(part.y))

    return Landmarks(
        left_eye=mean(_LEFT_EYE),
        right_eye=mean(_RIGHT_EYE),
        nose_tip=at(_NOSE_TIP),
        mouth_left=at(_MOUTH_LEFT),
        mouth_right=at(_MOUTH_RIGHT),
    )
