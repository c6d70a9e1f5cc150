"""The unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.application_repos import SqlApplicationStore
from guomen.adapters.db.audit_log import SqlAuditLog
from guomen.adapters.db.biometric_repos import SqlFaceTemplateRepository
from guomen.adapters.db.clearance_repos import SqlClearanceRepository
from guomen.adapters.db.flow_repos import SqlFlowCountRepository, SqlRosterRepository
from guomen.adapters.db.identity_repos import (
    SqlSessionRepository,
    SqlTokenRepository,
    SqlUserRepository,
)
from guomen.adapters.db.pending_applicants import SqlPendingApplicants
from guomen.adapters.db.people_repos import (
    SqlDocumentRepository,
    SqlMovementRepository,
    SqlPersonRepository,
)
from guomen.adapters.db.portal_repos import SqlPortalRepositories
from guomen.adapters.db.reference_repos import SqlReferenceRepository
from guomen.adapters.db.registry_repos import SqlAlertRepository, SqlDocumentEventRepository
from guomen.adapters.db.screening_review_repos import (
    SqlDismissalRepository,
    SqlRescreenSource,
    SqlScreeningHitRepository,
)
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
        self.clearance = SqlClearanceRepository(conn, cipher)
        self.reference = SqlReferenceRepository(conn)
        self.flow_counts = SqlFlowCountRepository(conn)
        self.rosters = SqlRosterRepository(conn)
        self.document_events = SqlDocumentEventRepository(conn)
        self.alerts = SqlAlertRepository(conn, cipher)
        self.watchlists = SqlWatchlistRepository(conn)
        self.list_versions = SqlListVersionRepository(conn, cipher)
        self.watchlist_entries = SqlWatchlistEntryRepository(conn, cipher)
        self.apps = SqlApplicationStore(conn, cipher)
        self.screening_hits = SqlScreeningHitRepository(conn, cipher)
        self.screening_dismissals = SqlDismissalRepository(conn, cipher)
        self.rescreen_source = SqlRescreenSource(conn, cipher)
        self.pending_applicants = SqlPendingApplicants(conn, cipher)
        self.face_templates = SqlFaceTemplateRepository(conn, cipher)
        self.portal = SqlPortalRepositories(conn, cipher)
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
