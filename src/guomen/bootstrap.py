"""Composition root: builds engines, ciphers and adapters from Settings, once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.engine import create_db_engine
from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.adapters.passwords import Argon2PasswordHasher, HmacDigester
from guomen.config import Secrets, Settings, load_secrets
from guomen.identity.policy import Geography
from guomen.identity.rules import LockoutPolicy
from guomen.shared.clock import Clock, SystemClock

if TYPE_CHECKING:
    from guomen.adapters.clearance_runtime import ClearanceRuntime
    from guomen.adapters.db.screening_index import LiveScreeningIndex
    from guomen.adapters.face.gallery import SharedGallery
    from guomen.adapters.payments import PortalParts
    from guomen.biometrics.ports import AuditSink, FaceEngine, FaceImages
    from guomen.biometrics.services import FaceToolkit
    from guomen.clearance.face_port import FaceCheck
    from guomen.documents.photo import MrzImageReader
    from guomen.entitlement.tables import EntitlementTables, TablesCache
    from guomen.identity.model import Principal
    from guomen.screening.index import IndexHolder


@dataclass
class Container:
    settings: Settings
    secrets: Secrets
    engine: Engine
    cipher: FieldCipher
    hasher: Argon2PasswordHasher
    digester: HmacDigester
    clock: Clock
    lockout: LockoutPolicy
    _geography: Geography | None = field(default=None, repr=False)
    _mrz_reader: MrzImageReader | None = field(default=None, repr=False)
    _face: tuple[FaceImages, FaceEngine] | None = field(default=None, repr=False)
    _screening: LiveScreeningIndex | None = field(default=None, repr=False)
    _entitlement: TablesCache | None = field(default=None, repr=False)
    _portal: PortalParts | None = field(default=None, repr=False)
    _face_gallery: SharedGallery | None = field(default=None, repr=False)
    _clearance: ClearanceRuntime | None = field(default=None, repr=False)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self.cipher)

    @property
    def session_length(self) -> timedelta:
        return timedelta(minutes=self.settings.session_minutes)

    def geography(self) -> Geography:
        """Port → station → general station, read once (reference data changes rarely)."""
        if self._geography is None:
            with self.uow() as uow:
                self._geography = uow.reference.geography()
        return self._geography

    def mrz_reader(self) -> MrzImageReader:
        """The OCR engine for MRZ photos, built on first use (it starts tesseract)."""
        if self._mrz_reader is None:
            from guomen.adapters.ocr import TesseractMrzReader

            self._mrz_reader = TesseractMrzReader()
        return self._mrz_reader

    def face_parts(self) -> tuple[FaceImages, FaceEngine]:
        """The image decoder and the face engine, loaded on first use (weights: ~1 s)."""
        if self._face is None:
            from guomen.adapters.face import DlibFaceEngine, PillowFaceImages

            self._face = (PillowFaceImages(), DlibFaceEngine())
        return self._face

    def face_gallery(self) -> SharedGallery:
        """The 1:N gallery of enrolled face templates (by person id), read from the database on
        first use; enrolments through this process are added to it as they are committed."""
        if self._face_gallery is None:
            from guomen.adapters.face.calibration import SHIPPED_MODEL
            from guomen.adapters.face.gallery import SharedGallery

            gallery = SharedGallery(SHIPPED_MODEL.key, SHIPPED_MODEL.dimension)
            gallery.reload(self.uow, self.clock)
            self._face_gallery = gallery
        return self._face_gallery

    def face_toolkit(self, audit: AuditSink) -> FaceToolkit:
        """Ports and thresholds for the biometric use cases (enrol, search, duplicate check),
        auditing into ``audit`` (usually ``uow.audit``); loads the engine on first use."""
        from guomen.adapters.face.calibration import shipped_search_threshold, shipped_threshold
        from guomen.biometrics.services import FaceToolkit
        from guomen.identity.policy import Action, authorize

        def allowed(principal: Principal, action: str, purpose: str) -> None:
            authorize(principal, Action(action), purpose=purpose)

        images, engine = self.face_parts()
        fmr = self.settings.face_target_fmr
        return FaceToolkit(
            images,
            engine,
            audit,
            self.clock,
            allowed,
            shipped_threshold(fmr),
            shipped_search_threshold(fmr),
        )

    def face_check(self) -> FaceCheck:
        """The clearance pipeline's face step: live image vs the holder's enrolled template at
        the 1:1 threshold for ``settings.face_target_fmr``. Call it outside an open uow."""
        from guomen.adapters.face.calibration import shipped_threshold
        from guomen.adapters.face.clearance_face import EnrolledFaceCheck

        fmr = self.settings.face_target_fmr
        return EnrolledFaceCheck(
            self.face_parts, self.uow, self.clock, lambda: shipped_threshold(fmr)
        )

    def entitlement_tables(self) -> EntitlementTables:
        """The entitlement tables (GUOMEN_ENTITLEMENT_DIR, else the packaged ones), read again
        when an administrator edits the files; an edit that does not load is not applied."""
        if self._entitlement is None:
            from guomen.entitlement.tables import TablesCache

            self._entitlement = TablesCache(self.settings.entitlement_dir)
        return self._entitlement.get()

    def screening(self) -> IndexHolder:
        """The screening index in force, kept in step with approved list versions."""
        if self._screening is None:
            from zoneinfo import ZoneInfo

            from guomen.adapters.db.screening_index import LiveScreeningIndex

            self._screening = LiveScreeningIndex(
                self.uow, self.clock, ZoneInfo(self.settings.timezone)
            )
        return self._screening.holder()

    def clearance(self) -> ClearanceRuntime:
        """The clearance environment of this port: central store or, when the database is
        unreachable, the local journal (settings.clearance_journal, default var/)."""
        if self._clearance is None:
            from zoneinfo import ZoneInfo

            from guomen.adapters.clearance_entitlement import TablesEntitlementCheck
            from guomen.adapters.clearance_journal import Journal
            from guomen.adapters.clearance_runtime import (
                ClearanceRuntime,
                IndexScreeningCheck,
                dismissals_reader,
                list_instructions,
            )
            from guomen.clearance.pipeline import Ports

            settings = self.settings
            path = settings.clearance_journal or settings.var_dir / "clearance-journal.sqlite3"
            ports = Ports(
                screening=IndexScreeningCheck(
                    self.screening,
                    self.clock,
                    lambda: list_instructions(self.uow),
                    dismissals_reader(self.uow),
                ),
                entitlement=TablesEntitlementCheck(self.entitlement_tables),
                face=self.face_check(),
                timezone=ZoneInfo(settings.timezone),
            )
            self._clearance = ClearanceRuntime(
                self.uow,
                self.cipher,
                self.clock,
                self.geography,
                ports,
                Journal(path, self.cipher),
                settings.clearance_retry_seconds,
            )
        return self._clearance

    def portal_parts(self) -> PortalParts:
        """Applicant portal: notifier, payment gateway (one ledger per process), receipts."""
        if self._portal is None:
            from guomen.adapters.payments import build_portal_parts

            self._portal = build_portal_parts(self.settings, self.secrets)
        return self._portal

    def forget_reference_cache(self) -> None:
        self._geography = None

    def close(self) -> None:
        self.engine.dispose()


def build_container(settings: Settings | None = None, clock: Clock | None = None) -> Container:
    settings = settings or Settings()
    secrets = load_secrets(settings)
    return Container(
        settings=settings,
        secrets=secrets,
        engine=create_db_engine(settings.resolved_database_url()),
        cipher=FieldCipher(secrets.data_keys, secrets.index_key),
        hasher=Argon2PasswordHasher(settings.argon2_time_cost, settings.argon2_memory_kib),
        digester=HmacDigester(secrets.secret_key),
        clock=clock or SystemClock(),
        lockout=LockoutPolicy(
            settings.login_max_failures, timedelta(minutes=settings.login_lockout_minutes)
        ),
    )
