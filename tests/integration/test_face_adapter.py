"""The dlib face engine on real and synthetic pictures, and `guomen face verify` end to end.

Skipped with a clear message when dlib or the face-recognition-models weights are not installed.
Photos come from ../shared/testdata/faces (read in place; skipped when absent)."""

from __future__ import annotations

import importlib.util
import io
import json
import struct
import zlib
from pathlib import Path

import pytest
import typer
from PIL import Image, ImageFilter
from typer.testing import CliRunner

from guomen.adapters.face.weights import FaceModelsUnavailable, import_dlib, locate_weights
from guomen.biometrics.rules import DOCUMENT_PORTRAIT, LIVE_CAPTURE, Reason
from guomen.biometrics.services import capture_face
from guomen.shared.errors import ValidationFailed

try:
    locate_weights()
    import_dlib()
except FaceModelsUnavailable as exc:
    pytest.skip(f"face engine not installed: {exc}", allow_module_level=True)

from guomen.adapters.face import DlibFaceEngine, PillowFaceImages
from guomen.adapters.face.calibration import SHIPPED_MODEL

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "faces"
EXAMPLES = PHOTOS / "face_recognition" / "examples"
needs_photos = pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"{PHOTOS} is absent")


@pytest.fixture(scope="module")
def engine() -> DlibFaceEngine:
    return DlibFaceEngine()


@pytest.fixture(scope="module")
def images() -> PillowFaceImages:
    return PillowFaceImages()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def huge_png_header(width: int, height: int) -> bytes:
    """A PNG that claims enormous dimensions (a decompression bomb's first bytes)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def test_the_model_is_the_one_the_threshold_was_calibrated_for(engine: DlibFaceEngine) -> None:
    assert engine.model == SHIPPED_MODEL


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "photo_empty"),
        (b"just some text, not a picture", "photo_not_an_image"),
        (huge_png_header(30_000, 30_000), "photo_too_large"),
        (png(Image.new("RGB", (64, 64)))[:60], "photo_not_an_image"),  # truncated
    ],
)
def test_unusable_input_is_refused_with_a_code(
    data: bytes, code: str, images: PillowFaceImages
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        images.decode(data)
    assert refused.value.code == code


def test_large_pictures_are_reduced_before_work(images: PillowFaceImages) -> None:
    decoded = images.decode(png(Image.new("RGB", (3000, 2000), (90, 120, 150))))
    assert max(decoded.width, decoded.height) == 1024


@pytest.mark.parametrize(
    "picture",
    [
        Image.new("RGB", (600, 800), (128, 128, 128)),  # a grey card
        Image.effect_noise((400, 400), 60).convert("RGB"),
    ],
)
def test_no_face_is_a_reason(
    picture: Image.Image, engine: DlibFaceEngine, images: PillowFaceImages
) -> None:
    capture = capture_face(png(picture), LIVE_CAPTURE, images, engine)
    assert capture.template is None
    assert [i.reason for i in capture.quality.issues] == [Reason.NO_FACE]


@needs_photos
def test_same_person_scores_above_different_people(
    engine: DlibFaceEngine, images: PillowFaceImages
) -> None:
    def template(name: str):
        capture = capture_face((EXAMPLES / name).read_bytes(), LIVE_CAPTURE, images, engine)
        assert capture.quality.acceptable, capture.quality.to_dict()
        assert capture.template is not None
        assert capture.template.dimension == 128
        return capture.template

    obama, obama2, biden = template("obama.jpg"), template("obama2.jpg"), template("biden.jpg")
    assert obama.similarity(obama2) > 0.9 > obama.similarity(biden)


@needs_photos
def test_several_faces_tiny_faces_and_blur_are_reasons(
    engine: DlibFaceEngine, images: PillowFaceImages
) -> None:
    def codes(data: bytes, profile=LIVE_CAPTURE) -> set[Reason]:
        return {i.reason for i in capture_face(data, profile, images, engine).quality.issues}

    assert Reason.SEVERAL_FACES in codes((EXAMPLES / "two_people.jpg").read_bytes())
    assert Reason.FACE_TOO_SMALL in codes((EXAMPLES / "obama-240p.jpg").read_bytes())
    sharp = Image.open(EXAMPLES / "obama.jpg")
    assert Reason.BLURRED in codes(png(sharp.filter(ImageFilter.GaussianBlur(5))))
    thumbnail = png(sharp.resize((60, 75)))
    assert codes(thumbnail) >= {Reason.IMAGE_TOO_SMALL}
    dark = sharp.point(lambda v: v // 6)
    assert Reason.TOO_DARK in codes(png(dark), DOCUMENT_PORTRAIT)


def test_missing_weights_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FaceModelsUnavailable, match="face-recognition-models"):
        DlibFaceEngine()


@pytest.fixture
def cli(tmp_path: Path):
    from guomen.adapters.db import migrate
    from guomen.cli import face

    migrate.upgrade(f"sqlite:///{tmp_path / 'guomen.sqlite3'}")
    root = typer.Typer()
    root.add_typer(face.app, name="face")
    env = {"GUOMEN_VAR_DIR": str(tmp_path)}

    def invoke(*args: str):
        return CliRunner().invoke(root, ["face", *args], env=env)

    return invoke


@needs_photos
def test_cli_verify_prints_the_contract_and_no_template(cli) -> None:
    done = cli("verify", str(EXAMPLES / "obama.jpg"), str(EXAMPLES / "obama2.jpg"))
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    assert result["match"] is True
    assert result["score"] >= result["threshold"] == 0.9
    assert result["target_fmr"] == 0.001
    assert result["model"]["name"] == "dlib-resnet-v1"
    assert set(result["quality"]) == {"probe", "reference"}
    assert "template" not in done.output
    other = json.loads(
        cli("verify", str(EXAMPLES / "obama.jpg"), str(EXAMPLES / "biden.jpg")).output
    )
    assert other["match"] is False


def test_cli_refuses_a_non_image_with_exit_2(cli, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    done = cli("verify", str(junk), str(junk))
    assert done.exit_code == 2
    assert "not an image" in done.output
    missing = cli("verify", str(tmp_path / "nope.jpg"), str(junk))
    assert missing.exit_code == 2
