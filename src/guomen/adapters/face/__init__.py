"""Face engine adapter: dlib through the weights of ``face-recognition-models`` (CPU, offline)."""

from guomen.adapters.face.engine import DlibFaceEngine
from guomen.adapters.face.images import PillowFaceImages
from guomen.adapters.face.weights import FaceModelsUnavailable

__all__ = ["DlibFaceEngine", "FaceModelsUnavailable", "PillowFaceImages"]
