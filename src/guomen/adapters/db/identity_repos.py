"""Users, web sessions and API tokens in SQL."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, select, update

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables import api_tokens, users, web_sessions
from guomen.identity.model import ApiToken, DataScope, Role, User, WebSession
from guomen.shared.clock import as_utc


def _utc_or_none(value: Any) -> Any:
    return as_utc(value) if value is not None else None


class SqlUserRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._cipher = cipher

    def _row(self, user: User) -> dict[str, Any]:
        return {
            "id": user.id,
            "username": user.username,
            "display_name_enc": self._cipher.seal("users.display_name", user.display_name),
            "role": user.role.value,
            "scope": str(user.scope),
            "password_hash": user.password_hash,
            "active": user.active,
            "failed_logins": user.failed_logins,
            "locked_until": user.locked_until,
            "created_at": user.created_at,
            "last_login_at": user.last_login_at,
        }

    def _user(self, row: Any) -> User:
        return User(
            id=row.id,
            username=row.username,
            display_name=self._cipher.open("users.display_name", row.display_name_enc) or "",
            role=Role(row.role),
            scope=DataScope.parse(row.scope),
            password_hash=row.password_hash,
            active=row.active,
            failed_logins=row.failed_logins,
            locked_until=_utc_or_none(row.locked_until),
            created_at=_utc_or_none(row.created_at),
            last_login_at=_utc_or_none(row.last_login_at),
        )

    def get(self, user_id: str) -> User | None:
        row = self._conn.execute(select(users).where(users.c.id == user_id)).one_or_none()
        return self._user(row) if row else None

    def get_by_username(self, username: str) -> User | None:
        q = select(users).where(users.c.username == username.lower())
        row = self._conn.execute(q).one_or_none()
        return self._user(row) if row else None

    def add(self, user: User) -> None:
        self._conn.execute(users.insert().values(**self._row(user)))

    def update(self, user: User) -> None:
        values = self._row(user)
        del values["id"]
        self._conn.execute(update(users).where(users.c.id == user.id).values(**values))

    def list(self) -> list[User]:
        return [self._user(r) for r in self._conn.execute(select(users))]


class SqlSessionRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, session: WebSession) -> None:
        self._conn.execute(
            web_sessions.insert().values(
                id_hash=session.id_hash,
                user_id=session.user_id,
                csrf_token=session.csrf_token,
                created_at=session.created_at,
                expires_at=session.expires_at,
                client=session.client[:128],
            )
        )

    def get(self, id_hash: str) -> WebSession | None:
        q = select(web_sessions).where(web_sessions.c.id_hash == id_hash)
        row = self._conn.execute(q).one_or_none()
        if row is None:
            return None
        return WebSession(
            row.id_hash,
            row.user_id,
            row.csrf_token,
            as_utc(row.created_at),
            as_utc(row.expires_at),
            row.client,
        )

    def delete(self, id_hash: str) -> None:
        self._conn.execute(delete(web_sessions).where(web_sessions.c.id_hash == id_hash))

    def delete_for_user(self, user_id: str) -> None:
        self._conn.execute(delete(web_sessions).where(web_sessions.c.user_id == user_id))


class SqlTokenRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @staticmethod
    def _token(row: Any) -> ApiToken:
        return ApiToken(
            id=row.id,
            name=row.name,
            role=Role(row.role),
            port_code=row.port_code,
            scope=DataScope.parse(row.scope),
            actions=frozenset(json.loads(row.actions)),
            token_hash=row.token_hash,
            created_by=row.created_by,
            created_at=as_utc(row.created_at),
            expires_at=_utc_or_none(row.expires_at),
            revoked_at=_utc_or_none(row.revoked_at),
            last_used_at=_utc_or_none(row.last_used_at),
        )

    def add(self, token: ApiToken) -> None:
        self._conn.execute(
            api_tokens.insert().values(
                id=token.id,
                name=token.name,
                role=token.role.value,
                port_code=token.port_code,
                scope=str(token.scope),
                actions=json.dumps(sorted(token.actions)),
                token_hash=token.token_hash,
                created_by=token.created_by,
                created_at=token.created_at,
                expires_at=token.expires_at,
            )
        )

    def get(self, token_id: str) -> ApiToken | None:
        row = self._conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        return self._token(row) if row else None

    def get_by_hash(self, token_hash: str) -> ApiToken | None:
        q = select(api_tokens).where(api_tokens.c.token_hash == token_hash)
        row = self._conn.execute(q).first()
        return self._token(row) if row else None

    def update(self, token: ApiToken) -> None:
        self._conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token.id)
            .values(revoked_at=token.revoked_at, last_used_at=token.last_used_at)
        )

    def list(self) -> list[ApiToken]:
        return [self._token(r) for r in self._conn.execute(select(api_tokens))]
