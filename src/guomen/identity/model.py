"""Users, roles, scopes, sessions and API tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from guomen.shared.errors import ValidationFailed


class Role(StrEnum):
    INSPECTION_OFFICER = "inspection_officer"
    BACK_OFFICE_OFFICER = "back_office_officer"
    DUTY_COMMANDER = "duty_commander"
    SERVICE_CLERK = "service_clerk"
    SERVICE_APPROVER = "service_approver"
    ANALYST = "analyst"
    ADMINISTRATOR = "administrator"
    AUDITOR = "auditor"
    # Machine principals: they only ever act through API tokens.
    EGATE_DEVICE = "egate_device"
    KIOSK_DEVICE = "kiosk_device"
    SERVICE_ACCOUNT = "service_account"
    # A member of the public signed in to the applicant portal (never a staff account).
    APPLICANT = "applicant"


TOKEN_ROLES = (Role.EGATE_DEVICE, Role.KIOSK_DEVICE, Role.SERVICE_ACCOUNT)
HUMAN_ROLES = tuple(r for r in Role if r not in TOKEN_ROLES and r is not Role.APPLICANT)


class ScopeLevel(StrEnum):
    STATION = "station"  # one inspection station (its ports)
    GENERAL_STATION = "general_station"  # a general station and all its stations
    OFFICE = "office"  # one document-service office
    NATIONAL = "national"


@dataclass(frozen=True, slots=True)
class DataScope:
    level: ScopeLevel
    code: str = ""  # station, general station or office code; empty for national

    def __str__(self) -> str:
        return (
            self.level.value if self.level is ScopeLevel.NATIONAL else f"{self.level}:{self.code}"
        )

    @classmethod
    def parse(cls, text: str) -> DataScope:
        """``station:CODE``, ``general_station:CODE``, ``office:CODE`` or ``national``."""
        level_text, _, code = text.strip().partition(":")
        try:
            level = ScopeLevel(level_text)
        except ValueError:
            levels = ", ".join(s.value for s in ScopeLevel)
            raise ValidationFailed(f"scope {text!r}: the level is one of {levels}") from None
        if level is not ScopeLevel.NATIONAL and not code:
            raise ValidationFailed(f"scope {text!r} needs a code, e.g. station:ST-LUOHU")
        return cls(level, "" if level is ScopeLevel.NATIONAL else code)


@dataclass(slots=True)
class User:
    id: str
    username: str
    display_name: str
    role: Role
    scope: DataScope
    password_hash: str
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None
    last_login_at: datetime | None = None


@dataclass(slots=True)
class ApiToken:
    id: str
    name: str
    role: Role
    port_code: str | None
    scope: DataScope
    actions: frozenset[str]
    token_hash: str
    created_by: str
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def usable_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


@dataclass(slots=True)
class WebSession:
    id_hash: str
    user_id: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    client: str = ""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a signed-in user or an API token. Services authorise against this."""

    kind: str  # "user" or "token"
    id: str
    name: str
    role: Role
    scope: DataScope
    port_code: str | None = None
    token_actions: frozenset[str] | None = None
    client: str = ""
    extra: dict[str, str] = field(default_factory=dict)
