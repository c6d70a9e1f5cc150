"""In-memory fakes of the storage ports, for unit tests of use cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from guomen.audit.model import GENESIS_HASH, AuditEntry, AuditEvent, chain
from guomen.audit.ports import AuditFilter
from guomen.identity.model import ApiToken, User, WebSession


class FakeAuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def append(self, event: AuditEvent, at: datetime) -> AuditEntry:
        prev = self.entries[-1].entry_hash if self.entries else GENESIS_HASH
        entry = chain(len(self.entries) + 1, at, event, prev)
        self.entries.append(entry)
        return entry

    def iterate(self) -> Iterator[AuditEntry]:
        return iter(list(self.entries))

    def head(self) -> tuple[int, str] | None:
        if not self.entries:
            return (0, GENESIS_HASH)
        return (self.entries[-1].seq, self.entries[-1].entry_hash)

    def search(self, flt: AuditFilter) -> list[AuditEntry]:
        found = [
            e
            for e in reversed(self.entries)
            if (not flt.action or e.event.action.startswith(flt.action))
        ]
        return found[flt.offset : flt.offset + flt.limit]

    def actions(self) -> list[str]:
        return [e.event.action for e in self.entries]


class FakeUserRepository:
    def __init__(self) -> None:
        self.rows: dict[str, User] = {}

    def get(self, user_id: str) -> User | None:
        user = self.rows.get(user_id)
        return replace(user) if user else None

    def get_by_username(self, username: str) -> User | None:
        for user in self.rows.values():
            if user.username == username.lower():
                return replace(user)
        return None

    def add(self, user: User) -> None:
        self.rows[user.id] = replace(user)

    def update(self, user: User) -> None:
        self.rows[user.id] = replace(user)

    def list(self) -> list[User]:
        return [replace(u) for u in self.rows.values()]


class FakeSessionRepository:
    def __init__(self) -> None:
        self.rows: dict[str, WebSession] = {}

    def add(self, session: WebSession) -> None:
        self.rows[session.id_hash] = session

    def get(self, id_hash: str) -> WebSession | None:
        return self.rows.get(id_hash)

    def delete(self, id_hash: str) -> None:
        self.rows.pop(id_hash, None)

    def delete_for_user(self, user_id: str) -> None:
        for key in [k for k, s in self.rows.items() if s.user_id == user_id]:
            del self.rows[key]


class FakeTokenRepository:
    def __init__(self) -> None:
        self.rows: dict[str, ApiToken] = {}

    def add(self, token: ApiToken) -> None:
        self.rows[token.id] = replace(token)

    def get(self, token_id: str) -> ApiToken | None:
        token = self.rows.get(token_id)
        return replace(token) if token else None

    def get_by_hash(self, token_hash: str) -> ApiToken | None:
        for token in self.rows.values():
            if token.token_hash == token_hash:
                return replace(token)
        return None

    def update(self, token: ApiToken) -> None:
        self.rows[token.id] = replace(token)

    def list(self) -> list[ApiToken]:
        return [replace(t) for t in self.rows.values()]


class FakeUnitOfWork:
    """Commits are counted; like the real one, uncommitted work is the caller's bug."""

    def __init__(self) -> None:
        self.users = FakeUserRepository()
        self.sessions = FakeSessionRepository()
        self.tokens = FakeTokenRepository()
        self.audit = FakeAuditLog()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1


class FakePasswordHasher:
    """Reversible on purpose: unit tests need speed, not argon2 (adapter tested separately)."""

    dummy_hash = "fake$"

    def hash(self, password: str) -> str:
        return "fake$" + password[::-1]

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == self.hash(password)


class FakeDigester:
    def digest(self, secret: str) -> str:
        return "d:" + secret
