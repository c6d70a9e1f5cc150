"""Tesseract, in process (``tesserocr``) or as a command (``tesseract``), for MRZ text.

Both run Tesseract's LSTM model for English with the MRZ alphabet as a whitelist, one uniform
block of text (page segmentation mode 6) and no dictionaries, and both bound each call in time.
:func:`find_engine` prefers ``tesserocr`` (no process start, the model loaded once: ~0.05 s a
crop instead of ~0.2-0.4 s) and falls back to the command; with neither it raises
``ServiceUnavailable`` (code ``ocr_unavailable``) rather than fail at the first photo.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from guomen.shared.errors import ServiceUnavailable

GrayImage = NDArray[np.uint8]

MRZ_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
LANGUAGE = "eng"
OCR_UNAVAILABLE = "ocr_unavailable"
# Where Debian, Ubuntu, Fedora, Alpine and Homebrew put the trained models.
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
_VARIABLES = {
    "tessedit_char_whitelist": MRZ_WHITELIST,
    "load_system_dawg": "0",
    "load_freq_dawg": "0",
}


class OcrEngine(Protocol):
    """Text in a grey image, one line of output per text line; "" on timeout."""

    name: str

    def read(self, image: GrayImage, timeout_s: float) -> str: ...


def find_tessdata(tessdata_dir: str | None = None) -> Path:
    """The folder holding ``eng.traineddata``; raises ``ServiceUnavailable`` if none."""
    folders = [tessdata_dir] if tessdata_dir else list(TESSDATA_DIRS)
    for folder in folders:
        if (Path(folder) / f"{LANGUAGE}.traineddata").is_file():
            return Path(folder)
    raise ServiceUnavailable(
        f"Tesseract's {LANGUAGE}.traineddata was not found in {', '.join(folders)}; "
        "install Debian's tesseract-ocr-eng or set the tessdata folder",
        code=OCR_UNAVAILABLE,
    )


def find_engine(tessdata_dir: str | None = None, *, prefer: str = "tesserocr") -> OcrEngine:
    """``tesserocr`` if installed (or ``prefer="cli"``), else the ``tesseract`` command."""
    tessdata = find_tessdata(tessdata_dir)
    if prefer == "tesserocr":
        try:
            return TesserocrEngine(tessdata)
        except ImportError:
            pass  # not installed: the command may still be there
        except RuntimeError as exc:  # tesserocr could not load the model
            message = f"Tesseract failed to start: {exc}"
            raise ServiceUnavailable(message, code=OCR_UNAVAILABLE) from None
    return TesseractCliEngine(tessdata)


class TesserocrEngine:
    """Tesseract's C++ API through ``tesserocr``: one model load, calls serialised by a lock."""

    name = "tesserocr"

    def __init__(self, tessdata: Path) -> None:
        import tesserocr  # type: ignore[import-untyped]

        self._api = tesserocr.PyTessBaseAPI(
            path=str(tessdata),
            lang=LANGUAGE,
            oem=tesserocr.OEM.LSTM_ONLY,
            psm=tesserocr.PSM.SINGLE_BLOCK,
            variables=dict(_VARIABLES),
        )
        self._lock = threading.Lock()

    def read(self, image: GrayImage, timeout_s: float) -> str:
        pixels = np.ascontiguousarray(image, dtype=np.uint8)
        height, width = pixels.shape
        data = pixels.tobytes()
        with self._lock:
            self._api.SetImageBytes(data, width, height, 1, width)
            if not self._api.Recognize(timeout=max(1, round(timeout_s * 1000))):
                return ""
            return str(self._api.GetUTF8Text())

    def close(self) -> None:
        with self._lock:
            self._api.End()


class TesseractCliEngine:
    """The ``tesseract`` command, image on stdin as PNG, text on stdout, killed on timeout."""

    name = "tesseract-cli"

    def __init__(self, tessdata: Path, binary: str | None = None) -> None:
        found = binary or shutil.which("tesseract")
        if found is None:
            raise ServiceUnavailable(
                "the tesseract command was not found; install Debian's tesseract-ocr "
                "or the tesserocr package",
                code=OCR_UNAVAILABLE,
            )
        options = [f"{name}={value}" for name, value in _VARIABLES.items()]
        self._command = [found, "stdin", "stdout", "--tessdata-dir", str(tessdata)]
        self._command += ["-l", LANGUAGE, "--oem", "1", "--psm", "6"]
        self._command += [part for option in options for part in ("-c", option)]

    def read(self, image: GrayImage, timeout_s: float) -> str:
        encoded, png = cv2.imencode(".png", image)
        if not encoded:
            return ""
        try:
            done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                self._command,
                input=png.tobytes(),
                capture_output=True,
                timeout=timeout_s,
                check=False,
                env={"OMP_THREAD_LIMIT": "1"},  # one thread: faster on small crops
            )
        except subprocess.TimeoutExpired:
            return ""
        except OSError as exc:
            raise ServiceUnavailable(
                f"the tesseract command failed to start: {exc}", code=OCR_UNAVAILABLE
            ) from None
        return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""
