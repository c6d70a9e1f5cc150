"""``TesseractMrzReader``: the production :class:`~guomen.documents.photo.MrzImageReader`.

For a photo it decodes the image (:mod:`.decode`), finds up to three candidate MRZ bands
(:mod:`.locate`), and reads each band level, scaled to a fixed line height, first as grey levels
and then binarised with Otsu's threshold; when the bands give nothing valid it reads the lower part
of the image and then the whole image. Readings are yielded lazily, best first, so the use case
stops as soon as one reads to a valid MRZ. The work per photo is bounded by ``budget_s`` (no new
reading starts after it) and each Tesseract call by ``call_timeout_s``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import cv2
import numpy as np

from guomen.adapters.ocr.decode import GrayImage, decode_gray
from guomen.adapters.ocr.engine import OcrEngine, find_engine
from guomen.adapters.ocr.locate import crop_band, find_bands
from guomen.documents.photo_image import MAX_PHOTO_PIXELS

LINE_HEIGHT = 36  # pixels per MRZ character line given to Tesseract
FALLBACK_WIDTH = 1400  # width of the lower-part and whole-image readings
MAX_BANDS = 3


class TesseractMrzReader:
    """Reads the MRZ lines in a document photo with Tesseract; see the module docstring."""

    def __init__(
        self,
        engine: OcrEngine | None = None,
        *,
        tessdata_dir: str | None = None,
        budget_s: float = 20.0,
        call_timeout_s: float = 5.0,
        max_pixels: int = MAX_PHOTO_PIXELS,
    ) -> None:
        self._engine = engine
        self._tessdata_dir = tessdata_dir
        self.budget_s = budget_s
        self.call_timeout_s = call_timeout_s
        self.max_pixels = max_pixels

    @property
    def engine(self) -> OcrEngine:
        """The OCR engine, found on first use (raises ``ServiceUnavailable`` if none)."""
        if self._engine is None:
            self._engine = find_engine(self._tessdata_dir)
        return self._engine

    def read_lines(self, image: bytes) -> Iterator[list[str]]:
        gray = decode_gray(image, max_pixels=self.max_pixels)
        return self._readings(gray)

    def _readings(self, gray: GrayImage) -> Iterator[list[str]]:
        engine = self.engine
        deadline = time.monotonic() + self.budget_s
        for crop in _crops(gray):
            for variant in _variants(crop):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                text = engine.read(variant, min(self.call_timeout_s, remaining))
                lines = [line for line in text.splitlines() if line.strip()]
                if lines:
                    yield lines


def _crops(gray: GrayImage) -> Iterator[tuple[GrayImage, float]]:
    """Image parts to read with the scale that gives ``LINE_HEIGHT``, most promising first."""
    for band in find_bands(gray, limit=MAX_BANDS):
        yield crop_band(gray, band), LINE_HEIGHT / max(band.line_height, 1.0)
    height, width = gray.shape
    lower = gray[int(height * 0.55) :, :]
    yield lower, FALLBACK_WIDTH / max(width, 1)
    yield gray, FALLBACK_WIDTH / max(width, 1)


def _variants(crop_and_scale: tuple[GrayImage, float]) -> Iterator[GrayImage]:
    crop, scale = crop_and_scale
    if crop.size == 0:
        return
    height, width = crop.shape
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    scaled = np.asarray(cv2.resize(crop, size, interpolation=interpolation), dtype=np.uint8)
    yield scaled
    blurred = cv2.GaussianBlur(scaled, (3, 3), 0)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    yield np.asarray(binary, dtype=np.uint8)
