"""MRZ from a photo, the use case: readings in, the best repaired MRZ out (fake OCR reader)."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest

from guomen.documents.mrz import parse_mrz
from guomen.documents.photo import FakeMrzImageReader, mrz_candidates, read_mrz_from_photo
from guomen.documents.photo_image import ImageHeader, sniff_image
from guomen.shared.errors import ValidationFailed
from mrz_specimens import TD1, TD3, TODAY


def _png(width: int, height: int, body: bytes = b"") -> bytes:
    """A PNG signature and header chunk claiming the given size, then ``body``."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + body
    )


PHOTO = _png(640, 480, b"pixels would follow")


def _read(reader: FakeMrzImageReader, image: bytes = PHOTO, **kwargs: int) -> dict[str, Any]:
    return read_mrz_from_photo(reader, image, today=TODAY, **kwargs).to_dict()


def test_a_clean_reading_gives_the_fields() -> None:
    result = _read(FakeMrzImageReader([["SPECIMEN PASSPORT", *TD3, "page 2"]]))
    assert result["valid"] is True
    assert result["format"] == "TD3"
    assert result["lines"] == list(TD3)
    fields = result["fields"]
    assert isinstance(fields, dict)
    assert fields["document_number"] == "L898902C3"
    assert fields["birth_date"] == "1974-08-12"


def test_stops_at_the_first_valid_reading() -> None:
    reader = FakeMrzImageReader([["nothing here"], list(TD1), list(TD3)])
    result = _read(reader)
    assert result["format"] == "TD1"
    assert reader.readings_taken == 2


def test_typical_ocr_noise_is_repaired_and_reported() -> None:
    noisy = [TD3[0][:30].replace("<<", "««", 1) + " <<<<<<<<<<<<<<", TD3[1].replace("0", "O")]
    result = _read(FakeMrzImageReader([noisy]))
    assert result["valid"] is True
    assert result["lines"] == list(TD3)
    assert result["corrections"]


def test_a_dropped_filler_is_put_back_with_a_warning() -> None:
    short = TD3[1].replace("<<<<<", "<<<<", 1)  # the optional-data fillers, one missing
    result = _read(FakeMrzImageReader([[TD3[0], short]]))
    assert result["valid"] is True
    assert result["lines"] == list(TD3)
    codes = [w["code"] for w in result["warnings"]]
    assert "ocr_unchecked_correction" in codes


def test_noise_after_the_name_reads_as_fillers() -> None:
    noisy_name = TD3[0][:30] + "<<<6<6S6KRRKKK"
    result = _read(FakeMrzImageReader([[noisy_name, TD3[1]]]))
    assert result["valid"] is True
    fields = result["fields"]
    assert isinstance(fields, dict)
    assert fields["given_names"] == "ANNA MARIA"


def test_zero_read_as_d_is_tried_among_digits() -> None:
    lines = ["P<D<<MUSTER<<ERIKA" + "<" * 26, "CA000000<4D<<6408125F1802212<<<<<<<<<<<<<<<6"]
    assert parse_mrz(lines, today=TODAY).valid
    misread = [lines[0], lines[1].replace("CA000000", "CADD0000")]
    result = _read(FakeMrzImageReader([misread]))
    assert result["valid"] is True
    assert result["lines"] == lines
    assert {"from": "D", "to": "0"}.items() <= result["corrections"][0].items()


def test_bad_check_digits_are_never_reported_valid() -> None:
    wrong = [TD3[0], TD3[1][:9] + "7" + TD3[1][10:]]  # document number check digit 6 -> 7
    result = _read(FakeMrzImageReader([wrong, ["no mrz"]]))
    assert result["valid"] is False
    assert "bad_check_digit" in {e["code"] for e in result["errors"]}


def test_the_best_invalid_reading_is_returned() -> None:
    worse = [TD3[0], "X" * 44]
    better = [TD3[0], TD3[1][:9] + "7" + TD3[1][10:]]
    result = _read(FakeMrzImageReader([worse, better]))
    assert result["valid"] is False
    assert result["lines"] == better


def test_no_mrz_lines_in_any_reading() -> None:
    reader = FakeMrzImageReader([["REPUBLIC OF UTOPIA"], ["PASSPORT", "ERIKSSON ANNA MARIA"]])
    with pytest.raises(ValidationFailed) as caught:
        _read(reader)
    assert caught.value.code == "photo_no_mrz_found"
    assert caught.value.status == 422


def test_readings_per_image() -> None:
    other = _png(10, 10, b"other")
    reader = FakeMrzImageReader(by_image={other: [list(TD1)]})
    assert _read(reader, other)["format"] == "TD1"
    with pytest.raises(ValidationFailed):
        _read(reader, PHOTO)


# --- bad input: rejected before any OCR work ----------------------------------------------


def _rejected(image: bytes, **kwargs: int) -> str:
    reader = FakeMrzImageReader([list(TD3)])
    with pytest.raises(ValidationFailed) as caught:
        _read(reader, image, **kwargs)
    assert reader.calls == []
    return caught.value.code


def test_empty_bytes() -> None:
    assert _rejected(b"") == "photo_empty"


def test_one_megabyte_of_garbage() -> None:
    garbage = bytes((i * 7919 + 13) % 251 for i in range(1_000_000))
    assert _rejected(garbage) == "photo_not_an_image"


def test_too_many_bytes() -> None:
    assert _rejected(PHOTO + b"\0" * 2000, max_bytes=1000) == "photo_too_large"


def test_a_truncated_png() -> None:
    assert _rejected(PHOTO[:20]) == "photo_not_an_image"


def test_a_huge_dimension_header() -> None:
    assert _rejected(_png(100_000, 100_000)) == "photo_too_large"
    assert _rejected(_png(4000, 3000), max_pixels=1_000_000) == "photo_too_large"


def test_zero_pixels() -> None:
    assert _rejected(_png(0, 480)) == "photo_not_an_image"


def test_a_text_file() -> None:
    text = "P<UTOERIKSSON<<ANNA<MARIA\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
    assert _rejected(text.encode()) == "photo_not_an_image"


@pytest.mark.parametrize(
    "head",
    [b"GIF89a\x01\x00\x01\x00", b"BM" + b"\0" * 40, b"%PDF-1.7\n", b"\0\0\0\x18ftypheic\0\0"],
    ids=["gif", "bmp", "pdf", "heic"],
)
def test_unsupported_formats_are_named(head: bytes) -> None:
    assert _rejected(head + b"\0" * 64) == "photo_unsupported_format"


# --- headers -------------------------------------------------------------------------------


def test_jpeg_size_comes_from_the_frame_header() -> None:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\0" * 9
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 3000, 4000, 1) + b"\x01\x11\x00"
    assert sniff_image(b"\xff\xd8" + app0 + sof) == ImageHeader("JPEG", 4000, 3000)
    assert sniff_image(b"\xff\xd8" + app0) == ImageHeader("JPEG")


def test_webp_sizes() -> None:
    riff = b"RIFF\0\0\0\0WEBP"
    vp8x = riff + b"VP8X" + b"\0" * 8 + (1023).to_bytes(3, "little") + (767).to_bytes(3, "little")
    assert sniff_image(vp8x) == ImageHeader("WEBP", 1024, 768)
    bits = (639 | (479 << 14)).to_bytes(4, "little")
    vp8l = riff + b"VP8L" + b"\0\0\0\0" + b"\x2f" + bits
    assert sniff_image(vp8l) == ImageHeader("WEBP", 640, 480)


def test_tiff_is_recognised_without_a_size() -> None:
    assert sniff_image(b"II*\x00\x08\x00\x00\x00") == ImageHeader("TIFF")


# --- candidates ----------------------------------------------------------------------------


def test_candidates_take_runs_of_mrz_like_lines() -> None:
    reading = ["UTOPIA", TD1[0], TD1[1], TD1[2], "", "signature"]
    assert mrz_candidates(reading)[0].lines == TD1


def test_candidates_are_bounded() -> None:
    reading = [TD3[0][:-3], TD3[1].replace("<<<<<", "<<<")] * 32
    assert len(mrz_candidates(reading)) <= 24
