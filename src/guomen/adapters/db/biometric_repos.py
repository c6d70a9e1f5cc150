"""Enrolled face templates in SQL, sealed (see :mod:`guomen.adapters.db.tables_biometrics`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables_biometrics import face_templates
from guomen.biometrics.model import EnrolledTemplate, TemplateSource
from guomen.biometrics.protect import bind_to_subject, unbind_from_subject
from guomen.shared.clock import as_utc

FIELD = "face_templates.template"  # table.column without _enc: what key rotation uses


class SqlFaceTemplateRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def _row(self, e: EnrolledTemplate) -> dict[str, Any]:
        name, _, version = e.model_key.partition("@")
        return {
            "id": e.id,
            "person_id": e.person_id,
            "template_enc": self._c.seal_bytes(FIELD, bind_to_subject(e.person_id, e.template)),
            "algorithm": name,
            "algorithm_version": version,
            "quality_codes": ",".join(e.quality_codes)[:256],
            "source": e.source.value,
            "enrolled_at": e.enrolled_at,
            "enrolled_by": e.enrolled_by[:128],
            "retain_until": e.retain_until,
        }

    def _enrolled(self, r: Any) -> EnrolledTemplate:
        raw = self._c.open_bytes(FIELD, r.template_enc)
        if raw is None:  # pragma: no cover - the column is NOT NULL
            raise ValueError("a face template row without a template")
        return EnrolledTemplate(
            id=r.id,
            person_id=r.person_id,
            template=unbind_from_subject(r.person_id, raw),
            quality_codes=tuple(c for c in r.quality_codes.split(",") if c),
            source=TemplateSource(r.source),
            enrolled_at=as_utc(r.enrolled_at),
            enrolled_by=r.enrolled_by,
            retain_until=as_utc(r.retain_until),
        )

    def add(self, enrolled: EnrolledTemplate) -> None:
        self._conn.execute(face_templates.insert().values(**self._row(enrolled)))

    def add_many(self, enrolled: Sequence[EnrolledTemplate]) -> None:
        rows = [self._row(e) for e in enrolled]
        for start in range(0, len(rows), 2000):
            self._conn.execute(face_templates.insert(), rows[start : start + 2000])

    def for_person(self, person_id: str) -> list[EnrolledTemplate]:
        q = (
            select(face_templates)
            .where(face_templates.c.person_id == person_id)
            .order_by(face_templates.c.enrolled_at, face_templates.c.id)
        )
        return [self._enrolled(r) for r in self._conn.execute(q)]

    def iter_active(self, now: datetime, batch: int = 5000) -> Iterator[EnrolledTemplate]:
        last = ""
        while True:
            q = (
                select(face_templates)
                .where(face_templates.c.retain_until > now, face_templates.c.id > last)
                .order_by(face_templates.c.id)
                .limit(batch)
            )
            rows = self._conn.execute(q).all()
            if not rows:
                return
            for r in rows:
                yield self._enrolled(r)
            last = rows[-1].id

    def count(self) -> int:
        return int(
            self._conn.execute(select(func.count()).select_from(face_templates)).scalar_one()
        )

    def remove(self, template_id: str) -> bool:
        done = self._conn.execute(delete(face_templates).where(face_templates.c.id == template_id))
        return bool(done.rowcount)

    def remove_person(self, person_id: str) -> int:
        done = self._conn.execute(
            delete(face_templates).where(face_templates.c.person_id == person_id)
        )
        return int(done.rowcount or 0)

    def remove_expired(self, now: datetime) -> list[str]:
        expired = face_templates.c.retain_until <= now
        people = [
            r[0] for r in self._conn.execute(select(face_templates.c.person_id).where(expired))
        ]
        self._conn.execute(delete(face_templates).where(expired))
        return people
