"""Exact 1:N search: the same top k as brute force, across blocks and growth."""

from __future__ import annotations

import numpy as np
import pytest

from guomen.biometrics.index import ExactTemplateIndex
from guomen.biometrics.model import Template
from guomen.shared.errors import ValidationFailed

KEY = "m@1"


def unit_rows(n: int, d: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("block_rows", [7, 100, 65536])
def test_top_k_equals_brute_force(block_rows: int) -> None:
    rows = unit_rows(1000, 16, seed=1)
    index = ExactTemplateIndex(KEY, 16, capacity=10, block_rows=block_rows)
    index.add_matrix([f"S{i}" for i in range(1000)], rows)
    queries = unit_rows(5, 16, seed=2)
    found = index.search_many(queries, 12)
    truth = queries @ rows.T
    for q, hits in enumerate(found):
        expected = np.argsort(-truth[q])[:12]
        assert [h.subject_id for h in hits] == [f"S{i}" for i in expected]
        assert hits[0].score == pytest.approx(float(truth[q, expected[0]]), abs=1e-6)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_single_template_search_finds_itself_first() -> None:
    index = ExactTemplateIndex(KEY, 8, capacity=1)
    templates = [Template(KEY, list(row)) for row in unit_rows(50, 8, seed=3)]
    for n, template in enumerate(templates):
        index.add(f"S{n}", template)
    assert len(index) == 50
    best = index.search(templates[17], 3)
    assert best[0].subject_id == "S17"
    assert best[0].score == pytest.approx(1.0, abs=1e-5)


def test_k_larger_than_the_gallery_and_an_empty_gallery() -> None:
    index = ExactTemplateIndex(KEY, 4)
    probe = Template(KEY, [1.0, 0.0, 0.0, 0.0])
    assert index.search(probe, 5) == []
    index.add("only", Template(KEY, [0.0, 1.0, 0.0, 0.0]))
    [hit] = index.search(probe, 5)
    assert hit.subject_id == "only"
    assert hit.score == pytest.approx(0.0)


def test_templates_of_another_model_or_size_are_refused() -> None:
    index = ExactTemplateIndex(KEY, 4)
    with pytest.raises(ValidationFailed):
        index.add("x", Template("other@1", [1.0, 0.0, 0.0, 0.0]))
    with pytest.raises(ValidationFailed):
        index.search(Template(KEY, [1.0, 0.0]), 1)
    with pytest.raises(ValidationFailed):
        index.add_matrix(["a", "b"], unit_rows(3, 4, seed=1))


def test_memory_is_float32_rows() -> None:
    index = ExactTemplateIndex(KEY, 128, capacity=1000)
    assert index.nbytes == 1000 * 128 * 4
