from __future__ import annotations

from datetime import timedelta

import pytest

from fakes import FakeDigester, FakePasswordHasher, FakeUnitOfWork
from guomen.identity import services as svc
from guomen.identity.model import DataScope, Role, ScopeLevel
from guomen.identity.rules import LockoutPolicy
from guomen.shared.clock import FakeClock
from guomen.shared.errors import (
    AccountLocked,
    Conflict,
    NotAuthenticated,
    PermissionDenied,
    ValidationFailed,
)

PASSWORD = "correct-horse-battery"
LOCKOUT = LockoutPolicy(5, timedelta(minutes=15))


@pytest.fixture
def world() -> tuple[FakeUnitOfWork, FakePasswordHasher, FakeDigester, FakeClock]:
    uow, hasher = FakeUnitOfWork(), FakePasswordHasher()
    svc.create_user(
        uow,
        hasher,
        FakeClock(),
        None,
        svc.CreateUser(
            "Officer.Li",
            "李明",
            Role.INSPECTION_OFFICER,
            DataScope(ScopeLevel.STATION, "ST-LUOHU"),
            PASSWORD,
        ),
    )
    return uow, hasher, FakeDigester(), FakeClock()


def sign_in(world, password: str = PASSWORD) -> svc.SignedIn:
    uow, hasher, digester, clock = world
    return svc.sign_in(
        uow,
        hasher,
        digester,
        clock,
        LOCKOUT,
        timedelta(hours=8),
        svc.SignIn("officer.li", password, "10.0.0.1"),
    )


def test_sign_in_creates_a_session_and_audits_it(world) -> None:
    signed = sign_in(world)
    uow, _, digester, clock = world
    principal, session = svc.resolve_session(uow, digester, clock, signed.session_token)
    assert principal.name == "officer.li" and principal.role is Role.INSPECTION_OFFICER
    assert session.csrf_token == signed.csrf_token
    assert uow.audit.entries[-1].event.action == "auth.login"
    assert uow.audit.entries[-1].event.outcome == "ok"


def test_five_failures_lock_the_account_even_for_the_right_password(world) -> None:
    uow, *_, clock = world
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            sign_in(world, "wrong-password")
    with pytest.raises(AccountLocked):
        sign_in(world)
    outcomes = [e.event.outcome for e in uow.audit.entries if e.event.action == "auth.login"]
    assert outcomes[-2:] == ["bad_password_locked", "locked"]
    clock.advance(timedelta(minutes=16))
    assert sign_in(world).user.failed_logins == 0


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(world) -> None:
    uow, hasher, digester, clock = world
    with pytest.raises(NotAuthenticated) as unknown:
        svc.sign_in(
            uow,
            hasher,
            digester,
            clock,
            LOCKOUT,
            timedelta(hours=1),
            svc.SignIn("nobody", PASSWORD),
        )
    with pytest.raises(NotAuthenticated) as wrong:
        sign_in(world, "nope-nope-nope")
    assert unknown.value.message == wrong.value.message


def test_expired_session_is_refused_and_removed(world) -> None:
    signed = sign_in(world)
    uow, _, digester, clock = world
    clock.advance(timedelta(hours=8, seconds=1))
    with pytest.raises(NotAuthenticated, match="expired"):
        svc.resolve_session(uow, digester, clock, signed.session_token)
    assert uow.sessions.rows == {}


def test_disabling_a_user_ends_their_sessions(world) -> None:
    signed = sign_in(world)
    uow, _, digester, clock = world
    svc.set_user_active(uow, clock, None, "officer.li", False)
    with pytest.raises(NotAuthenticated):
        svc.resolve_session(uow, digester, clock, signed.session_token)


@pytest.mark.parametrize(
    ("username", "password", "role", "error"),
    [
        ("ab", PASSWORD, Role.ANALYST, ValidationFailed),
        ("good.name", "short", Role.ANALYST, ValidationFailed),
        ("good.name", "good.name-and-more", Role.ANALYST, ValidationFailed),
        ("good.name", PASSWORD, Role.EGATE_DEVICE, ValidationFailed),
        ("officer.li", PASSWORD, Role.ANALYST, Conflict),
        ("bad name!", PASSWORD, Role.ANALYST, ValidationFailed),
    ],
)
def test_create_user_rejects_bad_input(world, username, password, role, error) -> None:
    uow, hasher, _, clock = world
    before = len(uow.users.rows)
    with pytest.raises(error):
        svc.create_user(
            uow,
            hasher,
            clock,
            None,
            svc.CreateUser(username, "X", role, DataScope(ScopeLevel.NATIONAL), password),
        )
    assert len(uow.users.rows) == before


def test_only_administrators_manage_users(world) -> None:
    signed = sign_in(world)
    uow, hasher, digester, clock = world
    officer, _ = svc.resolve_session(uow, digester, clock, signed.session_token)
    with pytest.raises(PermissionDenied):
        svc.create_user(
            uow,
            hasher,
            clock,
            officer,
            svc.CreateUser("new.user", "X", Role.ANALYST, DataScope(ScopeLevel.NATIONAL), PASSWORD),
        )


def test_token_lifecycle(world) -> None:
    uow, _, digester, clock = world
    token, raw = svc.issue_token(
        uow,
        digester,
        clock,
        None,
        svc.IssueToken(
            "LUOHU gate 7", Role.EGATE_DEVICE, "LUOHU", DataScope(ScopeLevel.STATION, "ST-LUOHU")
        ),
        frozenset({"LUOHU"}),
    )
    assert token.token_hash != raw and raw.startswith("gmt_")
    principal = svc.resolve_token(uow, digester, clock, raw)
    assert principal.port_code == "LUOHU" and principal.role is Role.EGATE_DEVICE
    svc.revoke_token(uow, clock, None, token.id)
    with pytest.raises(NotAuthenticated):
        svc.resolve_token(uow, digester, clock, raw)
    assert [a for a in uow.audit.actions() if a.startswith("tokens.")] == [
        "tokens.issue",
        "tokens.revoke",
    ]


def test_device_tokens_must_name_a_known_port(world) -> None:
    uow, _, digester, clock = world
    scope = DataScope(ScopeLevel.NATIONAL)
    with pytest.raises(ValidationFailed, match="bound to a port"):
        svc.issue_token(
            uow,
            digester,
            clock,
            None,
            svc.IssueToken("g", Role.EGATE_DEVICE, None, scope),
            frozenset(),
        )
    with pytest.raises(ValidationFailed, match="unknown port"):
        svc.issue_token(
            uow,
            digester,
            clock,
            None,
            svc.IssueToken("g", Role.EGATE_DEVICE, "MARS", scope),
            frozenset(),
        )
    with pytest.raises(ValidationFailed, match="may not hold"):
        svc.issue_token(
            uow,
            digester,
            clock,
            None,
            svc.IssueToken("g", Role.KIOSK_DEVICE, "LUOHU", scope, frozenset({"users.manage"})),
            frozenset({"LUOHU"}),
        )
