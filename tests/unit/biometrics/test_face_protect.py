"""Templates at rest: sealed, bound to their subject; images kept only as retention allows."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from guomen.adapters.crypto import CipherError, FieldCipher
from guomen.biometrics.model import Template
from guomen.biometrics.protect import (
    ImageRetention,
    open_image,
    open_template,
    seal_image,
    seal_template,
)
from guomen.shared.errors import ValidationFailed


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher((("k1", os.urandom(32)),), os.urandom(32))


def test_a_sealed_template_opens_to_the_same_vector(cipher: FieldCipher) -> None:
    template = Template("m@1", [0.25, -0.5, 1.0, 2.0])
    sealed = seal_template(cipher, "P0001", template)
    assert sealed.startswith("gm1.k1.")
    back = open_template(cipher, "P0001", sealed)
    assert back.model_key == "m@1"
    assert list(back.values()) == list(template.values())
    assert back.similarity(template) == pytest.approx(1.0)


def test_a_template_moved_to_another_person_or_altered_does_not_open(cipher: FieldCipher) -> None:
    sealed = seal_template(cipher, "P0001", Template("m@1", [1.0, 2.0]))
    with pytest.raises(CipherError):
        open_template(cipher, "P0002", sealed)
    tampered = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(CipherError):
        open_template(cipher, "P0001", tampered)


def test_sealing_needs_a_subject(cipher: FieldCipher) -> None:
    with pytest.raises(ValidationFailed):
        seal_template(cipher, "", Template("m@1", [1.0]))


def test_sealed_images_round_trip(cipher: FieldCipher) -> None:
    sealed = seal_image(cipher, "A42", b"\xff\xd8\xff jpeg bytes")
    assert b"jpeg" not in sealed.encode()
    assert open_image(cipher, "A42", sealed) == b"\xff\xd8\xff jpeg bytes"


def test_retention() -> None:
    captured = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    keep = ImageRetention(timedelta(days=30))
    assert keep.may_store()
    assert not keep.expired(captured, captured + timedelta(days=29))
    assert keep.expired(captured, captured + timedelta(days=30))
    assert keep.purge_before(captured + timedelta(days=30)) == captured
    assert not ImageRetention().may_store()
    assert ImageRetention().expired(captured, captured)
    with pytest.raises(ValidationFailed):
        ImageRetention(timedelta(seconds=-1))
