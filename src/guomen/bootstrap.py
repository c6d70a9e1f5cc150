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
    from guomen.adapters.db.screening_index import LiveScreeningIndex
    from guomen.biometrics.ports import FaceEngine, FaceImages
    from guomen.documents.photo import MrzImageReader
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

    def screening(self) -> IndexHolder:
        """The screening index in force, kept in step with approved list versions."""
        if self._screening is None:
            from zoneinfo import ZoneInfo

            from guomen.adapters.db.screening_index import LiveScreeningIndex

            self._screening = LiveScreeningIndex(
                self.uow, self.clock, ZoneInfo(self.settings.timezone)
            )
        return self._screening.holder()

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
