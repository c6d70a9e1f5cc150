from __future__ import annotations

import os

import pytest

from guomen.adapters.crypto import CipherError, FieldCipher

K1, K2, IDX = os.urandom(32), os.urandom(32), os.urandom(32)


def test_seal_and_open_round_trip_without_plaintext() -> None:
    cipher = FieldCipher((("k1", K1),), IDX)
    sealed = cipher.seal("persons.surname", "ERIKSSON")
    assert sealed is not None and "ERIKSSON" not in sealed and sealed.startswith("gm1.k1.")
    assert cipher.open("persons.surname", sealed) == "ERIKSSON"
    assert cipher.seal("persons.surname", "ERIKSSON") != sealed  # fresh nonce each time


def test_a_value_moved_to_another_field_does_not_open() -> None:
    cipher = FieldCipher((("k1", K1),), IDX)
    sealed = cipher.seal("persons.surname", "陈大文")
    with pytest.raises(CipherError, match="another field"):
        cipher.open("persons.given_names", sealed)


def test_tampering_is_detected() -> None:
    cipher = FieldCipher((("k1", K1),), IDX)
    sealed = cipher.seal("persons.phone", "13800000000") or ""
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(CipherError):
        cipher.open("persons.phone", flipped)
    with pytest.raises(CipherError, match="not a sealed value"):
        cipher.open("persons.phone", "13800000000")


def test_rotation_reseals_with_the_new_key_and_old_values_stay_readable() -> None:
    old = FieldCipher((("k1", K1),), IDX)
    sealed = old.seal("travel_documents.number", "E12345678")
    new = FieldCipher((("k2", K2), ("k1", K1)), IDX)
    assert new.open("travel_documents.number", sealed) == "E12345678"
    resealed = new.reseal("travel_documents.number", sealed)
    assert resealed is not None and new.key_id_of(resealed) == "k2"
    assert new.reseal("travel_documents.number", resealed) == resealed
    with pytest.raises(CipherError, match="unknown key"):
        old.open("travel_documents.number", resealed)


def test_blind_index_is_stable_normalised_and_keyed() -> None:
    cipher = FieldCipher((("k1", K1),), IDX)
    assert cipher.blind_index("n", "e1234 ") == cipher.blind_index("n", "E1234")
    assert cipher.blind_index("n", "E1234") != cipher.blind_index("m", "E1234")
    other = FieldCipher((("k1", K1),), os.urandom(32))
    assert other.blind_index("n", "E1234") != cipher.blind_index("n", "E1234")


def test_binary_values_such_as_photos_and_templates_are_sealed_too() -> None:
    cipher = FieldCipher((("k1", K1),), IDX)
    photo = bytes(range(256)) * 40
    sealed = cipher.seal_bytes("biometrics.template", photo)
    assert sealed is not None
    assert cipher.open_bytes("biometrics.template", sealed) == photo
    assert cipher.seal_bytes("biometrics.template", None) is None
