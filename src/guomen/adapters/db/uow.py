"""The unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.audit_log import SqlAuditLog
from guomen.adapters.db.identity_repos import (
    SqlSessionRepository,
    SqlTokenRepository,
    SqlUserRepository,
)
from guomen.adapters.db.people_repos import (
    SqlDocumentRepository,
    SqlMovementRepository,
    SqlPersonRepository,
)
from guomen.adapters.db.reference_repos import SqlReferenceRepository
from guomen.adapters.db.registry_repos import SqlAlertRepository, SqlDocumentEventRepository
from guomen.adapters.db.watchlist_repos import (
    SqlListVersionRepository,
    SqlWatchlistEntryRepository,
    SqlWatchlistRepository,
)


class SqlUnitOfWork:
    """Use as ``with container.uow() as uow: ...; uow.commit()``; leaving without a commit
    rolls everything back, so a failure half-way leaves nothing half-written."""

    def __init__(self, engine: Engine, cipher: FieldCipher) -> None:
        self._engine = engine
        self._cipher = cipher

    def __enter__(self) -> SqlUnitOfWork:
        self.conn = self._engine.connect()
        conn, cipher = self.conn, self._cipher
        self.users = SqlUserRepository(conn, cipher)
        self.sessions = SqlSessionRepository(conn)
        self.tokens = SqlTokenRepository(conn)
        self.audit = SqlAuditLog(conn)
        self.people = SqlPersonRepository(conn, cipher)
        self.documents = SqlDocumentRepository(conn, cipher)
        self.movements = SqlMovementRepository(conn)
        self.reference = SqlReferenceRepository(conn)
        self.document_events = SqlDocumentEventRepository(conn)
        self.alerts = SqlAlertRepository(conn, cipher)
        self.watchlists = SqlWatchlistRepository(conn)
        self.list_versions = SqlListVersionRepository(conn, cipher)
        self.watchlist_entries = SqlWatchlistEntryRepository(conn, cipher)
        return self

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.conn.rollback()
        finally:
            self.conn.close()
