"""Identifiers: random, opaque, URL-safe."""

from __future__ import annotations

import secrets
import uuid


def new_id() -> str:
    """A random UUID4 as 32 hex characters: reveals nothing about the record."""
    return uuid.uuid4().hex


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)
