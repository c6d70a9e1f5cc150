"""Errors a user can cause. Adapters map them to HTTP 4xx or CLI exit code 2."""

from __future__ import annotations


class GuomenError(Exception):
    """Base class for errors that carry a stable machine-readable code."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class ValidationFailed(GuomenError):
    code = "validation_failed"
    status = 422


class NotFound(GuomenError):
    code = "not_found"
    status = 404


class Conflict(GuomenError):
    code = "conflict"
    status = 409


class NotAuthenticated(GuomenError):
    code = "not_authenticated"
    status = 401


class PermissionDenied(GuomenError):
    code = "forbidden"
    status = 403


class PurposeRequired(GuomenError):
    code = "purpose_required"
    status = 400


class AccountLocked(GuomenError):
    code = "account_locked"
    status = 423


class ServiceUnavailable(GuomenError):
    code = "service_unavailable"
    status = 503
