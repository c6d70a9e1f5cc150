"""Templates: unit length, comparable only within one model, invisible in repr."""

from __future__ import annotations

import pytest

from guomen.biometrics.model import RgbImage, Template
from guomen.shared.errors import ValidationFailed


def test_templates_are_unit_length_and_compare_by_cosine() -> None:
    a = Template("m@1", [3.0, 4.0])
    assert list(a.values()) == pytest.approx([0.6, 0.8])
    assert a.similarity(Template("m@1", [6.0, 8.0])) == pytest.approx(1.0)
    assert a.similarity(Template("m@1", [-3.0, -4.0])) == pytest.approx(-1.0)


def test_empty_zero_or_non_finite_vectors_are_refused() -> None:
    for bad in ([], [0.0, 0.0], [float("nan"), 1.0]):
        with pytest.raises(ValueError, match="finite"):
            Template("m@1", bad)


def test_other_models_are_not_compared() -> None:
    with pytest.raises(ValidationFailed):
        Template("m@1", [1.0, 0.0]).similarity(Template("m@2", [1.0, 0.0]))


def test_repr_shows_no_vector() -> None:
    assert repr(Template("m@1", [0.123456, 0.5])) == "Template(m@1, dimension=2)"
    assert "pixels" not in repr(RgbImage(1, 1, b"\x01\x02\x03"))


def test_bytes_round_trip_and_garbage() -> None:
    t = Template("m@1", [1.0, 2.0, 3.0])
    assert list(Template.from_bytes(t.to_bytes()).values()) == list(t.values())
    for junk in (b"", b"m@1", b"m@1\0abc"):
        with pytest.raises(ValidationFailed):
            Template.from_bytes(junk)


def test_an_image_needs_its_pixels() -> None:
    with pytest.raises(ValueError, match="width x height x 3"):
        RgbImage(2, 2, b"\x00" * 5)
