"""Identity use cases: sign in and out, sessions, users and API tokens.

Each function is one use case; it authorises, changes state, appends audit entries and commits
in one unit of work, so nothing is half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from guomen.audit.model import AuditEvent
from guomen.audit.services import event_for
from guomen.identity.model import (
    HUMAN_ROLES,
    TOKEN_ROLES,
    ApiToken,
    DataScope,
    Principal,
    Role,
    User,
    WebSession,
)
from guomen.identity.policy import ALLOWED, Action, authorize
from guomen.identity.ports import IdentityUnitOfWork, PasswordHasher, SecretDigester
from guomen.identity.rules import (
    LockoutPolicy,
    is_locked,
    password_problems,
    register_failure,
    register_success,
)
from guomen.shared.clock import Clock
from guomen.shared.errors import (
    AccountLocked,
    Conflict,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
)
from guomen.shared.ids import new_id, new_secret


@dataclass(frozen=True, slots=True)
class SignIn:
    username: str
    password: str
    client: str = ""


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session_token: str
    csrf_token: str


def _login_event(username: str, client: str, outcome: str, role: str = "") -> AuditEvent:
    return AuditEvent(
        actor=f"user:{username}", role=role, action="auth.login", client=client, outcome=outcome
    )


def sign_in(
    uow: IdentityUnitOfWork,
    hasher: PasswordHasher,
    digester: SecretDigester,
    clock: Clock,
    lockout: LockoutPolicy,
    session_length: timedelta,
    cmd: SignIn,
) -> SignedIn:
    now = clock.now()
    user = uow.users.get_by_username(cmd.username.strip())
    if user is None or not user.active:
        hasher.verify(hasher.dummy_hash, cmd.password)  # same cost: no user-name probing
        uow.audit.append(_login_event(cmd.username[:64], cmd.client, "unknown_user"), now)
        uow.commit()
        raise NotAuthenticated("wrong user name or password", code="bad_credentials")
    if is_locked(user, now):
        uow.audit.append(_login_event(user.username, cmd.client, "locked", user.role), now)
        uow.commit()
        raise AccountLocked("this account is locked after repeated failures; try again later")
    if not hasher.verify(user.password_hash, cmd.password):
        locked = register_failure(user, now, lockout)
        uow.users.update(user)
        outcome = "bad_password_locked" if locked else "bad_password"
        uow.audit.append(_login_event(user.username, cmd.client, outcome, user.role), now)
        uow.commit()
        raise NotAuthenticated("wrong user name or password", code="bad_credentials")
    register_success(user, now)
    uow.users.update(user)
    raw = new_secret()
    session = WebSession(
        id_hash=digester.digest(raw),
        user_id=user.id,
        csrf_token=new_secret(24),
        created_at=now,
        expires_at=now + session_length,
        client=cmd.client,
    )
    uow.sessions.add(session)
    uow.audit.append(_login_event(user.username, cmd.client, "ok", user.role), now)
    uow.commit()
    return SignedIn(user, raw, session.csrf_token)


def principal_for_user(user: User, client: str = "") -> Principal:
    return Principal("user", user.id, user.username, user.role, user.scope, client=client)


def resolve_session(
    uow: IdentityUnitOfWork, digester: SecretDigester, clock: Clock, raw: str, client: str = ""
) -> tuple[Principal, WebSession]:
    session = uow.sessions.get(digester.digest(raw)) if raw else None
    if session is None:
        raise NotAuthenticated("please sign in", code="no_session")
    if clock.now() >= session.expires_at:
        uow.sessions.delete(session.id_hash)
        uow.commit()
        raise NotAuthenticated("your session has expired; please sign in again", code="expired")
    user = uow.users.get(session.user_id)
    if user is None or not user.active or is_locked(user, clock.now()):
        raise NotAuthenticated("this account can no longer sign in", code="inactive")
    return principal_for_user(user, client), session


def sign_out(
    uow: IdentityUnitOfWork, digester: SecretDigester, clock: Clock, principal: Principal, raw: str
) -> None:
    uow.sessions.delete(digester.digest(raw))
    uow.audit.append(event_for(principal, "auth.logout"), clock.now())
    uow.commit()


def resolve_token(
    uow: IdentityUnitOfWork, digester: SecretDigester, clock: Clock, raw: str, client: str = ""
) -> Principal:
    token = uow.tokens.get_by_hash(digester.digest(raw))
    now = clock.now()
    if token is None or not token.usable_at(now):
        raise NotAuthenticated("unknown, expired or revoked API token", code="bad_token")
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        uow.tokens.update(token)
        uow.commit()
    return Principal(
        "token",
        token.id,
        token.name,
        token.role,
        token.scope,
        port_code=token.port_code,
        token_actions=token.actions,
        client=client,
    )


@dataclass(frozen=True, slots=True)
class CreateUser:
    username: str
    display_name: str
    role: Role
    scope: DataScope
    password: str


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not (3 <= len(name) <= 64) or not all(c.isalnum() or c in "._-" for c in name):
        raise ValidationFailed("user names are 3–64 letters, digits, '.', '_' or '-'")
    return name


def create_user(
    uow: IdentityUnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    actor: Principal | None,
    cmd: CreateUser,
) -> User:
    """``actor`` None means the operator's CLI on the server itself."""
    if actor is not None:
        authorize(actor, Action.MANAGE_USERS)
    username = _check_username(cmd.username)
    if cmd.role not in HUMAN_ROLES:
        raise ValidationFailed(f"{cmd.role} is a machine role; issue an API token instead")
    if problems := password_problems(cmd.password, username):
        raise ValidationFailed("password: " + "; ".join(problems))
    if not cmd.display_name.strip():
        raise ValidationFailed("a display name is required")
    if uow.users.get_by_username(username) is not None:
        raise Conflict(f"user {username!r} already exists")
    now = clock.now()
    user = User(
        id=new_id(),
        username=username,
        display_name=cmd.display_name.strip(),
        role=cmd.role,
        scope=cmd.scope,
        password_hash=hasher.hash(cmd.password),
        created_at=now,
    )
    uow.users.add(user)
    uow.audit.append(_admin_event(actor, "users.create", user.id, {"role": user.role}), now)
    uow.commit()
    return user


def _admin_event(
    actor: Principal | None, action: str, object_id: str, detail: dict[str, str] | None = None
) -> AuditEvent:
    if actor is None:
        return AuditEvent(
            "cli:operator", "operator", action, "user", object_id, detail=detail or {}
        )
    return event_for(actor, action, object_type="user", object_id=object_id, detail=detail)


def _user_or_404(uow: IdentityUnitOfWork, user_id_or_name: str) -> User:
    user = uow.users.get(user_id_or_name) or uow.users.get_by_username(user_id_or_name)
    if user is None:
        raise NotFound(f"no user {user_id_or_name!r}")
    return user


def set_user_active(
    uow: IdentityUnitOfWork, clock: Clock, actor: Principal | None, user_ref: str, active: bool
) -> User:
    """Disable (lock out and end sessions) or re-enable an account; clears a failure lockout."""
    if actor is not None:
        authorize(actor, Action.MANAGE_USERS)
    user = _user_or_404(uow, user_ref)
    if actor is not None and actor.id == user.id and not active:
        raise ValidationFailed("you cannot disable your own account")
    user.active = active
    user.locked_until = None
    user.failed_logins = 0
    uow.users.update(user)
    if not active:
        uow.sessions.delete_for_user(user.id)
    action = "users.enable" if active else "users.disable"
    uow.audit.append(_admin_event(actor, action, user.id), clock.now())
    uow.commit()
    return user


def set_password(
    uow: IdentityUnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    actor: Principal | None,
    user_ref: str,
    password: str,
) -> User:
    if actor is not None:
        authorize(actor, Action.MANAGE_USERS)
    user = _user_or_404(uow, user_ref)
    if problems := password_problems(password, user.username):
        raise ValidationFailed("password: " + "; ".join(problems))
    user.password_hash = hasher.hash(password)
    user.locked_until = None
    user.failed_logins = 0
    uow.users.update(user)
    uow.sessions.delete_for_user(user.id)
    uow.audit.append(_admin_event(actor, "users.set_password", user.id), clock.now())
    uow.commit()
    return user


def list_users(uow: IdentityUnitOfWork, actor: Principal | None) -> list[User]:
    if actor is not None:
        authorize(actor, Action.MANAGE_USERS)
    return sorted(uow.users.list(), key=lambda u: u.username)


@dataclass(frozen=True, slots=True)
class IssueToken:
    name: str
    role: Role
    port_code: str | None
    scope: DataScope
    actions: frozenset[str] | None = None  # default: everything the role allows
    valid_days: int | None = 365


def issue_token(
    uow: IdentityUnitOfWork,
    digester: SecretDigester,
    clock: Clock,
    actor: Principal | None,
    cmd: IssueToken,
    known_ports: frozenset[str],
) -> tuple[ApiToken, str]:
    """Create a token; the raw secret is returned once and only its digest is stored."""
    if actor is not None:
        authorize(actor, Action.MANAGE_TOKENS)
    if cmd.role not in TOKEN_ROLES:
        raise ValidationFailed(f"tokens are for devices and services, not {cmd.role}")
    if cmd.role is not Role.SERVICE_ACCOUNT and not cmd.port_code:
        raise ValidationFailed("a device token must be bound to a port")
    if cmd.port_code and cmd.port_code not in known_ports:
        raise ValidationFailed(f"unknown port {cmd.port_code!r}")
    allowed = {a.value for a in ALLOWED[cmd.role]}
    actions = frozenset(cmd.actions) if cmd.actions is not None else frozenset(allowed)
    if extra := actions - allowed:
        raise ValidationFailed(f"{cmd.role} may not hold {sorted(extra)}")
    if not cmd.name.strip():
        raise ValidationFailed("a token needs a name (e.g. the gate's asset number)")
    now = clock.now()
    raw = "gmt_" + new_secret()
    token = ApiToken(
        id=new_id(),
        name=cmd.name.strip(),
        role=cmd.role,
        port_code=cmd.port_code or None,
        scope=cmd.scope,
        actions=actions,
        token_hash=digester.digest(raw),
        created_by=actor.name if actor else "cli:operator",
        created_at=now,
        expires_at=now + timedelta(days=cmd.valid_days) if cmd.valid_days else None,
    )
    uow.tokens.add(token)
    event = _admin_event(actor, "tokens.issue", token.id, {"role": token.role})
    uow.audit.append(replace(event, object_type="api_token"), now)
    uow.commit()
    return token, raw


def revoke_token(
    uow: IdentityUnitOfWork, clock: Clock, actor: Principal | None, token_id: str
) -> ApiToken:
    if actor is not None:
        authorize(actor, Action.MANAGE_TOKENS)
    token = uow.tokens.get(token_id)
    if token is None:
        raise NotFound(f"no API token {token_id!r}")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        uow.tokens.update(token)
        event = _admin_event(actor, "tokens.revoke", token.id)
        uow.audit.append(replace(event, object_type="api_token"), clock.now())
        uow.commit()
    return token


def list_tokens(uow: IdentityUnitOfWork, actor: Principal | None) -> list[ApiToken]:
    if actor is not None:
        authorize(actor, Action.MANAGE_TOKENS)
    return sorted(uow.tokens.list(), key=lambda t: t.created_at, reverse=True)
