"""The OCR adapter: safe decoding, MRZ band search, engines, and a synthetic photo end to end.

Decoding and band search need Pillow and OpenCV only; the end-to-end tests need Tesseract's
English model (Debian ``tesseract-ocr-eng``) and are skipped without it. (These tests live here,
beside the use case's, rather than under tests/integration.)
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from guomen.adapters.ocr import TesseractCliEngine, TesseractMrzReader, decode_gray, find_engine
from guomen.adapters.ocr.decode import GrayImage
from guomen.adapters.ocr.engine import find_tessdata
from guomen.adapters.ocr.locate import crop_band, find_bands
from guomen.documents.photo import read_mrz_from_photo
from guomen.shared.errors import ServiceUnavailable, ValidationFailed
from mrz_specimens import TD1, TD3, TODAY


def _encode(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


MONO_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")  # Debian fonts-dejavu-core


def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if MONO_FONT.exists():
        return ImageFont.truetype(str(MONO_FONT), 30)
    return ImageFont.load_default(size=30)


def _page(lines: tuple[str, ...], angle: float = 0.0) -> Image.Image:
    """A pale page with some printed text, a photo block and the MRZ at the bottom."""
    font = _font()
    page = Image.new("L", (1100, 560 + 50 * len(lines) + 40), 235)
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), "UTOPIA  PASSPORT  PASSEPORT", fill=30, font=font)
    draw.text((60, 120), "Surname / Nom   ERIKSSON", fill=30, font=font)
    draw.rectangle((60, 200, 300, 460), fill=120)
    for row, line in enumerate(lines):
        for column, char in enumerate(line):  # fixed pitch, as an MRZ is printed
            draw.text((50 + 22 * column, 540 + 50 * row), char, fill=20, font=font)
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=235, expand=True)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims the size but holds a few bytes of (empty) pixel data."""
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    pixels = _chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + ihdr + pixels + _chunk(b"IEND", b"")


def _code(data: bytes, **kwargs: int) -> str:
    with pytest.raises(ValidationFailed) as caught:
        decode_gray(data, **kwargs)
    return caught.value.code


# --- decoding --------------------------------------------------------------------------------


def test_a_truncated_png_is_not_an_image() -> None:
    data = _encode(_page(TD3))
    assert _code(data[: len(data) // 2]) == "photo_not_an_image"


def test_a_text_file_is_not_an_image() -> None:
    assert _code(b"P<UTOERIKSSON<<ANNA<MARIA\n" * 100) == "photo_not_an_image"


def test_a_huge_dimension_header_is_refused_before_decoding() -> None:
    assert _code(_png_header(40_000, 40_000)) == "photo_too_large"  # Pillow's own bomb error
    assert _code(_png_header(12_000, 12_000), max_pixels=10**12) == "photo_too_large"  # warning
    assert _code(_png_header(8_000, 8_000)) == "photo_too_large"  # our limit, 50 M pixels


def test_large_jpegs_are_decoded_small_and_grey() -> None:
    photo = Image.new("RGB", (3000, 2000), (200, 180, 160))
    gray = decode_gray(_encode(photo, "JPEG"))
    assert gray.dtype == np.uint8
    assert gray.ndim == 2
    assert max(gray.shape) <= 2400


def test_transparent_pixels_become_white() -> None:
    clear = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    assert int(decode_gray(_encode(clear)).min()) == 255


# --- finding the MRZ -------------------------------------------------------------------------


def test_the_band_around_a_tilted_mrz_is_found_and_levelled() -> None:
    gray = np.asarray(_page(TD3, angle=4.0), dtype=np.uint8)
    bands = find_bands(gray)
    assert bands
    band = bands[0]
    assert band.lines == 2
    assert abs(band.angle) == pytest.approx(4.0, abs=1.0)
    assert band.cy > gray.shape[0] * 0.6
    crop = crop_band(gray, band)
    assert crop.shape[1] > crop.shape[0] * 5


def test_a_blank_image_has_no_band() -> None:
    assert find_bands(np.full((400, 600), 240, dtype=np.uint8)) == []
    assert find_bands(np.zeros((8, 8), dtype=np.uint8)) == []


# --- the reader with a fake engine -----------------------------------------------------------


class ScriptedEngine:
    """Returns canned text per call and records the images it was given."""

    name = "scripted"

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.images: list[GrayImage] = []

    def read(self, image: GrayImage, timeout_s: float) -> str:
        assert timeout_s > 0
        self.images.append(image)
        return self.texts[len(self.images) - 1] if len(self.images) <= len(self.texts) else ""


def test_the_reader_feeds_the_use_case_lazily() -> None:
    engine = ScriptedEngine(["garbage\nmore garbage", "\n".join(TD1)])
    reader = TesseractMrzReader(engine)
    result = read_mrz_from_photo(reader, _encode(_page(TD3)), today=TODAY)
    assert result.valid
    assert result.lines == TD1
    assert len(engine.images) == 2  # no OCR after the valid reading


def test_the_reader_stops_at_its_time_budget() -> None:
    engine = ScriptedEngine([])
    readings: Iterator[list[str]] = TesseractMrzReader(engine, budget_s=0).read_lines(
        _encode(_page(TD3))
    )
    assert list(readings) == []
    assert engine.images == []


def test_decoding_errors_come_from_the_reader_too() -> None:
    reader = TesseractMrzReader(ScriptedEngine([]))
    with pytest.raises(ValidationFailed) as caught:
        reader.read_lines(_png_header(640, 480) + b"\0" * 32)
    assert caught.value.code == "photo_not_an_image"


# --- a missing Tesseract is a clear error ----------------------------------------------------


def test_missing_model_is_service_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ServiceUnavailable) as caught:
        find_tessdata(str(tmp_path))
    assert caught.value.code == "ocr_unavailable"
    assert caught.value.status == 503
    reader = TesseractMrzReader(tessdata_dir=str(tmp_path))
    with pytest.raises(ServiceUnavailable):
        list(reader.read_lines(_encode(_page(TD3))))


def test_missing_command_is_service_unavailable(tmp_path: Path) -> None:
    engine = TesseractCliEngine(tmp_path, binary=str(tmp_path / "no-tesseract"))
    with pytest.raises(ServiceUnavailable) as caught:
        engine.read(np.full((40, 200), 255, dtype=np.uint8), 1.0)
    assert caught.value.code == "ocr_unavailable"


# --- end to end with Tesseract ---------------------------------------------------------------


def _engine(prefer: str) -> TesseractMrzReader:
    if not MONO_FONT.exists():
        pytest.skip(f"the monospaced test font {MONO_FONT} is not installed (fonts-dejavu-core)")
    try:
        engine = find_engine(prefer=prefer)
    except ServiceUnavailable as exc:
        pytest.skip(f"Tesseract is not installed here: {exc.message}")
    return TesseractMrzReader(engine)


@pytest.mark.parametrize("prefer", ["tesserocr", "cli"])
@pytest.mark.parametrize("lines", [TD3, TD1], ids=["td3", "td1"])
def test_a_synthetic_photo_reads_to_a_valid_mrz(prefer: str, lines: tuple[str, ...]) -> None:
    reader = _engine(prefer)
    photo = _encode(_page(lines, angle=-3.0).convert("RGB"), "JPEG")
    result = read_mrz_from_photo(reader, photo, today=TODAY)
    assert result.valid, result.to_dict()
    assert result.fields is not None
    assert result.fields.document_number == ("L898902C3" if lines == TD3 else "D23145890")
