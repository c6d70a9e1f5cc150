"""Decoding an uploaded photo safely: bounded size, known formats only, grey levels out.

Pillow reads only the header on ``open``; the pixel count is checked before any pixel is
decoded, JPEGs are decoded at a reduced scale where possible (``draft``), and any decoder error,
truncated file or decompression-bomb signal becomes a ``ValidationFailed`` with a stable code.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

from guomen.documents.photo_image import (
    MAX_PHOTO_PIXELS,
    PHOTO_NOT_AN_IMAGE,
    PHOTO_TOO_LARGE,
    SUPPORTED_FORMATS,
)
from guomen.shared.errors import ValidationFailed

GrayImage = NDArray[np.uint8]

# The longest side kept for OCR: an MRZ spanning the page is then ~1,400 px or more wide.
MAX_WORKING_SIDE = 2400

_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, KeyError)


def decode_gray(
    data: bytes, *, max_pixels: int = MAX_PHOTO_PIXELS, max_side: int = MAX_WORKING_SIDE
) -> GrayImage:
    """The photo as an 8-bit grey image, upright (EXIF orientation), longest side <= max_side."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decode(data, max_pixels, max_side)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationFailed(
            f"the image has too many pixels: {exc}", code=PHOTO_TOO_LARGE
        ) from None
    except _DECODE_ERRORS:
        raise ValidationFailed(
            "the upload could not be decoded as an image (damaged, truncated or not an image)",
            code=PHOTO_NOT_AN_IMAGE,
        ) from None


def _decode(data: bytes, max_pixels: int, max_side: int) -> GrayImage:
    with Image.open(io.BytesIO(data), formats=SUPPORTED_FORMATS) as image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ValidationFailed("the image has no pixels", code=PHOTO_NOT_AN_IMAGE)
        if width * height > max_pixels:
            raise ValidationFailed(
                f"the image has more than {max_pixels:,} pixels ({width} x {height})",
                code=PHOTO_TOO_LARGE,
            )
        image.draft("L", (max_side, max_side))  # JPEG: decode at 1/2, 1/4 or 1/8 scale
        upright = ImageOps.exif_transpose(image)
        gray = _flatten(upright).convert("L")
        gray.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        return np.asarray(gray, dtype=np.uint8).copy()


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pixels become white paper rather than black."""
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba)
