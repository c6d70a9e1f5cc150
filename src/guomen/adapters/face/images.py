"""Decoding face photos safely (bounded bytes and pixels, known formats) and measuring them.

The header is checked before any pixel is decoded; JPEGs are decoded at a reduced scale where
possible; the working picture's longest side is capped, so memory per request is bounded
whatever was uploaded.
"""

from __future__ import annotations

import io
import warnings

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

from guomen.biometrics.model import Box, PixelStats, RgbImage
from guomen.documents.photo_image import (
    MAX_PHOTO_BYTES,
    MAX_PHOTO_PIXELS,
    PHOTO_NOT_AN_IMAGE,
    PHOTO_TOO_LARGE,
    SUPPORTED_FORMATS,
    check_photo,
)
from guomen.shared.errors import ValidationFailed

MAX_WORKING_SIDE = 1024  # faces at gates and on portraits need no more
MEASURE_WIDTH = 128  # face crops are scaled to this width before the blur measure
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, KeyError)


class PillowFaceImages:
    """:class:`guomen.biometrics.ports.FaceImages` with Pillow (decode) and OpenCV (measure)."""

    def __init__(
        self,
        *,
        max_bytes: int = MAX_PHOTO_BYTES,
        max_pixels: int = MAX_PHOTO_PIXELS,
        max_side: int = MAX_WORKING_SIDE,
    ) -> None:
        self.max_bytes, self.max_pixels, self.max_side = max_bytes, max_pixels, max_side

    def decode(self, data: bytes) -> RgbImage:
        check_photo(data, max_bytes=self.max_bytes, max_pixels=self.max_pixels)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                return self._decode(data)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationFailed("the image has too many pixels", code=PHOTO_TOO_LARGE) from None
        except _DECODE_ERRORS:
            raise ValidationFailed(
                "the upload could not be decoded as an image (damaged, truncated or not an image)",
                code=PHOTO_NOT_AN_IMAGE,
            ) from None

    def _decode(self, data: bytes) -> RgbImage:
        with Image.open(io.BytesIO(data), formats=SUPPORTED_FORMATS) as image:
            width, height = image.size
            if width * height > self.max_pixels:
                raise ValidationFailed(
                    f"the image has more than {self.max_pixels:,} pixels ({width} x {height})",
                    code=PHOTO_TOO_LARGE,
                )
            image.draft("RGB", (self.max_side, self.max_side))
            upright = ImageOps.exif_transpose(image)
            rgb = _flatten(upright).convert("RGB")
            rgb.thumbnail((self.max_side, self.max_side), Image.Resampling.LANCZOS)
            return RgbImage(rgb.width, rgb.height, rgb.tobytes())

    def measure(self, image: RgbImage, box: Box) -> PixelStats:
        face = _crop_grey(image, box)
        if face.size == 0:
            return PixelStats(0.0, 0.0, 0.0, 1.0, 0.0)
        scale = MEASURE_WIDTH / face.shape[1]
        size = (MEASURE_WIDTH, max(1, round(face.shape[0] * scale)))
        interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        norm = cv2.resize(face, size, interpolation=interpolation)
        sharpness = float(cv2.Laplacian(norm, cv2.CV_64F).var())
        return PixelStats(
            sharpness=sharpness,
            brightness=float(face.mean()),
            contrast=float(face.std()),
            dark_fraction=float(np.count_nonzero(face <= 10) / face.size),
            bright_fraction=float(np.count_nonzero(face >= 245) / face.size),
        )


def as_array(image: RgbImage) -> NDArray[np.uint8]:
    """The image's pixels as a read-only (height, width, 3) array, without copying."""
    return np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.width, 3)


def _crop_grey(image: RgbImage, box: Box) -> NDArray[np.uint8]:
    left, top = max(0, int(box.left)), max(0, int(box.top))
    right, bottom = min(image.width, int(box.right)), min(image.height, int(box.bottom))
    if right <= left or bottom <= top:
        return np.empty((0, 0), dtype=np.uint8)
    crop = np.ascontiguousarray(as_array(image)[top:bottom, left:right])
    return np.asarray(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY), dtype=np.uint8)


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pixels become white rather than black."""
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba)
