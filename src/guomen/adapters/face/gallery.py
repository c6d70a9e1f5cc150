"""The process's 1:N gallery: :class:`ExactTemplateIndex` behind a lock, filled from the
enrolment table at start and kept in step with enrolments made by this process.

Several server processes each hold their own copy: one that did not make an enrolment sees it
after its next restart (or :meth:`SharedGallery.reload`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from guomen.biometrics.enrolment import load_gallery
from guomen.biometrics.index import ExactTemplateIndex
from guomen.biometrics.model import Candidate, Template
from guomen.biometrics.ports import FaceTemplateStore
from guomen.shared.clock import Clock


class _HasTemplates(Protocol):
    @property
    def face_templates(self) -> FaceTemplateStore: ...


class SharedGallery:
    """Thread-safe :class:`guomen.biometrics.ports.TemplateGallery` for one model."""

    def __init__(self, model_key: str, dimension: int = 128) -> None:
        self._model_key, self._dimension = model_key, dimension
        self._index = ExactTemplateIndex(model_key, dimension)
        self._lock = threading.RLock()

    @property
    def model_key(self) -> str:
        return self._model_key

    def __len__(self) -> int:
        with self._lock:
            return len(self._index)

    def add(self, subject_id: str, template: Template) -> None:
        with self._lock:
            self._index.add(subject_id, template)

    def search(self, template: Template, k: int) -> Sequence[Candidate]:
        with self._lock:
            return self._index.search(template, k)

    def remove(self, subject_id: str) -> int:
        with self._lock:
            return self._index.remove(subject_id)

    def pairs_at_or_above(self, threshold: float) -> list[tuple[str, str, float]]:
        with self._lock:
            return self._index.pairs_at_or_above(threshold)

    def reload(
        self, uow_factory: Callable[[], AbstractContextManager[_HasTemplates]], clock: Clock
    ) -> int:
        """Replace the contents with every active template in the database; how many."""
        fresh = ExactTemplateIndex(self._model_key, self._dimension)
        with uow_factory() as uow:
            added = load_gallery(uow.face_templates, fresh, clock.now())
        with self._lock:
            self._index = fresh
        return added
