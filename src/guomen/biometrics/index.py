"""Exact 1:N search over enrolled templates with NumPy: float32 matrix, block-wise products.

NumPy is used here as a numeric library (no I/O, no framework): the index is pure computation
in memory. Templates are unit length, so the dot product is the cosine similarity. Rows live in
one preallocated float32 matrix that grows geometrically; a search multiplies it block by block
(``block_rows`` at a time) so the temporary score buffer stays small, keeps each block's top k
with ``argpartition`` and merges. 1,000,000 templates of 128 dimensions take 512 MB.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from guomen.biometrics.model import Candidate, Template
from guomen.shared.errors import ValidationFailed

Matrix = NDArray[np.float32]


class ExactTemplateIndex:
    """In-memory exact search. Not thread-safe for writes; build it, then search from many."""

    def __init__(
        self, model_key: str, dimension: int, *, capacity: int = 1024, block_rows: int = 65536
    ) -> None:
        if dimension <= 0 or capacity <= 0 or block_rows <= 0:
            raise ValueError("dimension, capacity and block_rows must be positive")
        self._model_key = model_key
        self._matrix: Matrix = np.empty((capacity, dimension), dtype=np.float32)
        self._ids: list[str] = []
        self._block = block_rows

    @property
    def model_key(self) -> str:
        return self._model_key

    @property
    def dimension(self) -> int:
        return int(self._matrix.shape[1])

    @property
    def nbytes(self) -> int:
        """Bytes held by the template matrix (including spare capacity)."""
        return int(self._matrix.nbytes)

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, subject_id: str, template: Template) -> None:
        self._check(template)
        row = np.frombuffer(template.values().tobytes(), dtype=np.float32)
        self.add_matrix([subject_id], row.reshape(1, -1))

    def add_matrix(self, subject_ids: Sequence[str], rows: Matrix) -> None:
        """Bulk load: rows must already be unit-length templates of this model."""
        if rows.ndim != 2 or rows.shape != (len(subject_ids), self.dimension):
            raise ValidationFailed("rows and subject ids do not line up with the index dimension")
        start = len(self._ids)
        self._reserve(start + len(subject_ids))
        self._matrix[start : start + len(subject_ids)] = rows
        self._ids.extend(subject_ids)

    def remove(self, subject_id: str) -> int:
        """Drop every row of ``subject_id`` (retention ended, enrolment withdrawn); how many."""
        keep = [i for i, sid in enumerate(self._ids) if sid != subject_id]
        removed = len(self._ids) - len(keep)
        if removed:
            self._matrix[: len(keep)] = self._matrix[keep]
            self._ids = [self._ids[i] for i in keep]
        return removed

    def pairs_at_or_above(
        self, threshold: float, *, row_block: int = 512, col_block: int = 65536
    ) -> list[tuple[str, str, float]]:
        """Every pair of rows of *different* subjects scoring at least ``threshold``, best score
        per subject pair, best first. Quadratic: fine for a demo gallery or a nightly job on a
        few hundred thousand templates, not interactive at a million."""
        n = len(self._ids)
        best: dict[tuple[str, str], float] = {}
        for r0 in range(0, n, row_block):
            rows = self._matrix[r0 : min(n, r0 + row_block)]
            for c0 in range(r0, n, col_block):
                cols = self._matrix[c0 : min(n, c0 + col_block)]
                scores = rows @ cols.T
                hit_r, hit_c = np.nonzero(scores >= threshold)
                for i, j in zip(hit_r.tolist(), hit_c.tolist(), strict=True):
                    a, b = r0 + i, c0 + j
                    if b <= a or self._ids[a] == self._ids[b]:
                        continue
                    key = tuple(sorted((self._ids[a], self._ids[b])))
                    pair = (key[0], key[1])
                    best[pair] = max(best.get(pair, -1.0), float(scores[i, j]))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [(a, b, score) for (a, b), score in ranked]

    def search(self, template: Template, k: int) -> list[Candidate]:
        self._check(template)
        query = np.frombuffer(template.values().tobytes(), dtype=np.float32)
        return self.search_many(query.reshape(1, -1), k)[0]

    def search_many(self, queries: Matrix, k: int) -> list[list[Candidate]]:
        """Top ``k`` per query row, best first: one matrix product per block for all queries."""
        if queries.ndim != 2 or queries.shape[1] != self.dimension:
            raise ValidationFailed("query rows do not match the index dimension")
        n = len(self._ids)
        if k <= 0 or n == 0:
            return [[] for _ in range(queries.shape[0])]
        q = np.ascontiguousarray(queries, dtype=np.float32)
        best_scores = np.full((q.shape[0], 0), -np.inf, dtype=np.float32)
        best_rows = np.empty((q.shape[0], 0), dtype=np.int64)
        for start in range(0, n, self._block):
            block = self._matrix[start : min(n, start + self._block)]
            scores = q @ block.T
            keep = min(k, scores.shape[1])
            top = np.argpartition(-scores, keep - 1, axis=1)[:, :keep]
            best_scores = np.concatenate([best_scores, np.take_along_axis(scores, top, 1)], 1)
            best_rows = np.concatenate([best_rows, top + start], 1)
            best_scores, best_rows = _shrink(best_scores, best_rows, k)
        return [self._candidates(s, r) for s, r in zip(best_scores, best_rows, strict=True)]

    def _candidates(self, scores: NDArray[np.float32], rows: NDArray[np.int64]) -> list[Candidate]:
        order = np.argsort(-scores, kind="stable")
        return [Candidate(self._ids[int(rows[i])], float(scores[i])) for i in order]

    def _check(self, template: Template) -> None:
        if template.model_key != self._model_key or template.dimension != self.dimension:
            raise ValidationFailed(
                f"a {template.model_key} template cannot be searched in a {self._model_key} index",
                code="template_model_mismatch",
            )

    def _reserve(self, rows: int) -> None:
        if rows <= self._matrix.shape[0]:
            return
        grown = np.empty((max(rows, self._matrix.shape[0] * 2), self.dimension), dtype=np.float32)
        grown[: len(self._ids)] = self._matrix[: len(self._ids)]
        self._matrix = grown


def _shrink(
    scores: NDArray[np.float32], rows: NDArray[np.int64], k: int
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    if scores.shape[1] <= k:
        return scores, rows
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    return np.take_along_axis(scores, top, 1), np.take_along_axis(rows, top, 1)
