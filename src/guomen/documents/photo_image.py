"""Uploaded photos: refuse what is not a supported image of sane size, from its first bytes,
before any decoder sees it (decompression bombs, truncated files, PDFs, HEIC)."""

from __future__ import annotations

from dataclasses import dataclass

from guomen.shared.errors import ValidationFailed

MAX_PHOTO_BYTES = 15_000_000
MAX_PHOTO_PIXELS = 50_000_000
SUPPORTED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")

PHOTO_EMPTY = "photo_empty"
PHOTO_TOO_LARGE = "photo_too_large"
PHOTO_NOT_AN_IMAGE = "photo_not_an_image"
PHOTO_UNSUPPORTED_FORMAT = "photo_unsupported_format"
PHOTO_NO_MRZ_FOUND = "photo_no_mrz_found"


@dataclass(frozen=True, slots=True)
class ImageHeader:
    """What the first bytes of an upload say: the format and, where cheap to read, the size."""

    format: str
    width: int | None = None
    height: int | None = None


def check_photo(image: bytes, *, max_bytes: int, max_pixels: int) -> ImageHeader:
    """The upload's header if it is a supported image of acceptable size; else raise."""
    if len(image) == 0:
        raise ValidationFailed("the photo is empty", code=PHOTO_EMPTY)
    if len(image) > max_bytes:
        raise ValidationFailed(
            f"the photo is larger than {max_bytes:,} bytes", code=PHOTO_TOO_LARGE
        )
    header = sniff_image(image[:4096])
    if header is None:
        raise ValidationFailed(
            f"the upload is not an image ({', '.join(SUPPORTED_FORMATS)} expected)",
            code=PHOTO_NOT_AN_IMAGE,
        )
    if header.format not in SUPPORTED_FORMATS:
        raise ValidationFailed(
            f"{header.format} is not supported; send {', '.join(SUPPORTED_FORMATS)}",
            code=PHOTO_UNSUPPORTED_FORMAT,
        )
    if header.width is not None and header.height is not None:
        if header.width <= 0 or header.height <= 0:
            raise ValidationFailed("the image has no pixels", code=PHOTO_NOT_AN_IMAGE)
        if header.width * header.height > max_pixels:
            raise ValidationFailed(
                f"the image has more than {max_pixels:,} pixels ({header.width} x {header.height})",
                code=PHOTO_TOO_LARGE,
            )
    return header


# --- image headers ----------------------------------------------------------------------------


def sniff_image(head: bytes) -> ImageHeader | None:
    """The format (and size where the header gives it) from an upload's first bytes."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(head) >= 24 and head[12:16] == b"IHDR":
            return ImageHeader("PNG", _be(head, 16, 4), _be(head, 20, 4))
        return None  # a PNG signature without its header chunk: truncated
    if head.startswith(b"\xff\xd8\xff"):
        return _jpeg(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(head)
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return ImageHeader("TIFF")
    for prefix, name in _UNSUPPORTED:
        if head.startswith(prefix):
            return ImageHeader(name)
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return ImageHeader("HEIC/AVIF")
    return None


_UNSUPPORTED = ((b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"BM", "BMP"), (b"%PDF", "PDF"))
# JPEG start-of-frame markers (they carry the size); C4, C8 and CC are other segments.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _be(data: bytes, offset: int, size: int) -> int:
    return int.from_bytes(data[offset : offset + size], "big")


def _le(data: bytes, offset: int, size: int) -> int:
    return int.from_bytes(data[offset : offset + size], "little")


def _jpeg(head: bytes) -> ImageHeader:
    """Walk the JPEG segments in ``head`` to the frame header; size unknown if it lies beyond."""
    at = 2
    while at + 9 <= len(head) and head[at] == 0xFF:
        marker = head[at + 1]
        if marker in _JPEG_SOF:
            return ImageHeader("JPEG", _be(head, at + 7, 2), _be(head, at + 5, 2))
        at += 2 + _be(head, at + 2, 2)
    return ImageHeader("JPEG")


def _webp(head: bytes) -> ImageHeader | None:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        return ImageHeader("WEBP", _le(head, 24, 3) + 1, _le(head, 27, 3) + 1)
    if chunk == b"VP8L" and len(head) >= 25:
        bits = _le(head, 21, 4)
        return ImageHeader("WEBP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8 " and len(head) >= 30:
        return ImageHeader("WEBP", _le(head, 26, 2) & 0x3FFF, _le(head, 28, 2) & 0x3FFF)
    return None
