"""Tables of the biometrics capability (see :mod:`guomen.adapters.db.tables` for conventions).

Define tables on the shared ``metadata``; list sealed columns in ``SEALED`` and the primary key
of each sealed table in ``KEYS`` (key rotation and the plaintext scan read them).
"""

from __future__ import annotations

from guomen.adapters.db.tables import metadata

__all__ = ["KEYS", "SEALED", "metadata"]

SEALED: dict[str, tuple[str, ...]] = {}
KEYS: dict[str, str | tuple[str, ...]] = {}
