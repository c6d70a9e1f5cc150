"""Pure rules for sign-in: lockout and password strength."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from guomen.identity.model import User


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and now < user.locked_until


def register_failure(user: User, now: datetime, policy: LockoutPolicy) -> bool:
    """Count a failed sign-in; return True when this failure locks the account."""
    user.failed_logins += 1
    if user.failed_logins >= policy.max_failures:
        user.locked_until = now + policy.lockout
        user.failed_logins = 0
        return True
    return False


def register_success(user: User, now: datetime) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now


MIN_PASSWORD_LENGTH = 10


def password_problems(password: str, username: str) -> list[str]:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"at least {MIN_PASSWORD_LENGTH} characters")
    if username and username.lower() in password.lower():
        problems.append("must not contain the user name")
    if len(set(password)) < 4:
        problems.append("too few distinct characters")
    return problems
