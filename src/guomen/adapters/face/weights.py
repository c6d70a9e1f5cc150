"""Finding dlib and the face model weights, and failing loudly when they are missing.

The weights ship inside the ``face-recognition-models`` package. Its ``__init__`` imports
``pkg_resources``, which newer setuptools removed: importing it then fails (or, through
``face_recognition``, prints a misleading hint and exits 0). So we never import it: we locate the
package's folder with ``importlib.util.find_spec`` (which does not run ``__init__``) and load
the ``.dat`` files with dlib directly.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guomen.shared.errors import ServiceUnavailable

MODELS_PACKAGE = "face_recognition_models"
RECOGNITION_FILE = "dlib_face_recognition_resnet_model_v1.dat"
LANDMARKS_FILE = "shape_predictor_68_face_landmarks.dat"
INSTALL_HINT = (
    'install them with: pip install "dlib-bin>=20,<21" "face-recognition-models==0.3.0" '
    "(no download happens at run time; see README)"
)


class FaceModelsUnavailable(ServiceUnavailable):
    code = "face_models_unavailable"


@dataclass(frozen=True, slots=True)
class WeightFiles:
    recognition: Path
    landmarks: Path

    def recognition_digest(self) -> str:
        digest = hashlib.sha256()
        with self.recognition.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()


def locate_weights() -> WeightFiles:
    """The weight files inside the installed models package, or a loud, actionable error."""
    try:
        spec = importlib.util.find_spec(MODELS_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        raise FaceModelsUnavailable(
            f"the face model weights ({MODELS_PACKAGE}) are missing: " + INSTALL_HINT
        )
    models = Path(folders[0]) / "models"
    files = WeightFiles(models / RECOGNITION_FILE, models / LANDMARKS_FILE)
    for path in (files.recognition, files.landmarks):
        if not path.is_file():
            raise FaceModelsUnavailable(f"face model file {path} is missing: " + INSTALL_HINT)
    return files


def import_dlib() -> Any:
    """The dlib module (untyped C extension), or a loud, actionable error."""
    try:
        import dlib  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError as exc:
        raise FaceModelsUnavailable(f"dlib cannot be imported ({exc}): " + INSTALL_HINT) from None
    return dlib
