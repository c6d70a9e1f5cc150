"""Pure decisions: one-time code policy, rate limits, signatures of callbacks and receipts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from guomen.portal.model import OneTimeCode

CODE_DIGITS = 6


@dataclass(frozen=True, slots=True)
class CodePolicy:
    """10-minute codes, 5 attempts each; per address one code a minute and 5 an hour."""

    ttl: timedelta = timedelta(minutes=10)
    max_attempts: int = 5
    min_interval: timedelta = timedelta(seconds=60)
    per_hour: int = 5


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_message(code_id: str, code: str) -> str:
    """What the digester keys: the code bound to its own record (no rainbow table over 10^6)."""
    return f"otp\x1f{code_id}\x1f{code}"


def rate_limit_reason(recent: Sequence[datetime], now: datetime, policy: CodePolicy) -> str | None:
    """Why another code may not be sent to this address now, or None. ``recent``: creation
    times of this address's codes in the last hour."""
    within_hour = [t for t in recent if now - t < timedelta(hours=1)]
    if len(within_hour) >= policy.per_hour:
        return "too_many_codes_hour"
    if within_hour and now - max(within_hour) < policy.min_interval:
        return "too_soon"
    return None


def code_state(code: OneTimeCode | None, now: datetime, policy: CodePolicy) -> str:
    """usable, missing, used, expired or locked (too many wrong attempts)."""
    if code is None:
        return "missing"
    if code.used_at is not None:
        return "used"
    if now >= code.expires_at:
        return "expired"
    if code.attempts >= policy.max_attempts:
        return "locked"
    return "usable"


def canonical(fields: Mapping[str, str]) -> bytes:
    """key=value lines in key order: the signed text of a callback or receipt."""
    for key, value in fields.items():
        if "\n" in key or "=" in key or "\n" in value:
            raise ValueError("signed fields may not contain newlines or '=' in keys")
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields)).encode()


def sign(key: bytes, fields: Mapping[str, str]) -> str:
    return hmac.new(key, canonical(fields), hashlib.sha256).hexdigest()


def signature_ok(key: bytes, fields: Mapping[str, str], signature: str) -> bool:
    try:
        expected = sign(key, fields)
    except ValueError:
        return False
    return hmac.compare_digest(expected, signature.strip().lower())


def derive_key(master: bytes, label: str) -> bytes:
    """A separate key per use (payment callbacks, receipt QR codes) from one master secret."""
    return hmac.new(master, f"guomen-portal\x1f{label}".encode(), hashlib.sha256).digest()
