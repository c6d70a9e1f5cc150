"""Errors raised when building an MRZ from fields a user supplied (parsing never raises)."""

from __future__ import annotations

from guomen.shared.errors import ValidationFailed


class MrzFieldError(ValidationFailed):
    """A field cannot be written into an MRZ; ``code`` says why, ``field`` says which."""

    def __init__(self, message: str, *, code: str, field: str) -> None:
        super().__init__(message, code=code)
        self.field = field
