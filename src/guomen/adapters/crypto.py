"""Personal data at rest: AES-256-GCM field encryption with a key ring, HMAC blind indexes.

Every capability stores personal data through :class:`FieldCipher`, so one place decides the
format. A sealed value is text: ``gm1.<key id>.<base64url(nonce || ciphertext || tag)>``.
The field name is bound as associated data, so a value copied into another column (or another
person's row under a different field) fails to open instead of being misread.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "gm1"


class CipherError(Exception):
    """A sealed value could not be opened (unknown key, tampering, wrong field)."""


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class FieldCipher:
    def __init__(self, key_ring: tuple[tuple[str, bytes], ...], index_key: bytes) -> None:
        if not key_ring:
            raise ValueError("the key ring needs at least one key")
        self._active_id = key_ring[0][0]
        self._keys = {kid: AESGCM(key) for kid, key in key_ring}
        self._index_key = index_key

    @property
    def active_key_id(self) -> str:
        return self._active_id

    def seal(self, field: str, value: str | None) -> str | None:
        return None if value is None else self.seal_bytes(field, value.encode())

    def seal_bytes(self, field: str, value: bytes | None) -> str | None:
        """Photos and biometric templates: the same format, binary inside."""
        if value is None:
            return None
        nonce = os.urandom(12)
        sealed = self._keys[self._active_id].encrypt(nonce, value, field.encode())
        return f"{PREFIX}.{self._active_id}.{_b64e(nonce + sealed)}"

    def open_bytes(self, field: str, token: str | None) -> bytes | None:
        return None if token is None else self._open_raw(field, token)

    def open(self, field: str, token: str | None) -> str | None:
        return None if token is None else self._open_raw(field, token).decode()

    def _open_raw(self, field: str, token: str) -> bytes:
        prefix, _, rest = token.partition(".")
        key_id, _, payload = rest.partition(".")
        if prefix != PREFIX or not payload:
            raise CipherError(f"{field}: not a sealed value")
        aead = self._keys.get(key_id)
        if aead is None:
            raise CipherError(f"{field}: sealed with unknown key {key_id!r}")
        try:
            raw = _b64d(payload)
            return aead.decrypt(raw[:12], raw[12:], field.encode())
        except (InvalidTag, ValueError) as exc:
            raise CipherError(f"{field}: value was altered or belongs to another field") from exc

    def key_id_of(self, token: str) -> str:
        return token.split(".", 2)[1]

    def reseal(self, field: str, token: str | None) -> str | None:
        """Re-encrypt with the active key (key rotation); values already on it are kept."""
        if token is None or self.key_id_of(token) == self._active_id:
            return token
        return self.seal_bytes(field, self._open_raw(field, token))

    def blind_index(self, field: str, value: str) -> str:
        """Keyed hash for exact lookups without decrypting: same input, same index."""
        normal = unicodedata.normalize("NFKC", value).strip().upper()
        mac = hmac.new(self._index_key, f"{field}\x1f{normal}".encode(), hashlib.sha256)
        return mac.hexdigest()

    def pseudonym(self, person_id: str) -> str:
        """A stable pseudonymous id for analytics exports (not reversible without the key)."""
        mac = hmac.new(self._index_key, f"pseudonym\x1f{person_id}".encode(), hashlib.sha256)
        return mac.hexdigest()[:24]
