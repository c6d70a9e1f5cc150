"""People with a pending application, for re-screening when a list changes.

An application is pending from submission until the document is issued (or it is rejected or
withdrawn); drafts are not screened, nothing has been asked of anyone yet. Rows are read in
pages by id (keyset), so the re-screening may commit between batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, select

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables_applications import applications
from guomen.applications.model import OPEN_STATUSES, Status
from guomen.people.model import Sex
from guomen.screening.matching import BirthDate, Query
from guomen.screening.rescreen import Applicant
from guomen.shared.errors import ValidationFailed

PENDING = sorted(s.value for s in OPEN_STATUSES - {Status.DRAFT})
_T = "applications"
_KNOWN_SEX = {Sex.MALE.value, Sex.FEMALE.value}


class SqlPendingApplicants:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._c = cipher

    def pending(self, *, batch: int) -> Iterator[list[Applicant]]:
        after = ""
        while True:
            rows = self._conn.execute(
                select(applications)
                .where(applications.c.status.in_(PENDING), applications.c.id > after)
                .order_by(applications.c.id)
                .limit(batch)
            ).all()
            if not rows:
                return
            after = rows[-1].id
            found = (self._applicant(r) for r in rows)
            yield [a for a in found if a is not None]

    def _open(self, column: str, value: str | None) -> str:
        return self._c.open(f"{_T}.{column}", value) or ""

    def _applicant(self, row: Row[Any]) -> Applicant | None:
        o = self._open
        latin = " ".join(
            f"{o('surname', row.surname_enc)} {o('given_names', row.given_names_enc)}".split()
        )
        names = tuple(n for n in (latin, o("name_zh", row.name_zh_enc).strip()) if n)
        born = date.fromisoformat(o("birth_date", row.birth_date_enc))
        document = o("foreign_document_number", row.foreign_document_number_enc)
        try:
            query = Query(
                names=names,
                birth_date=BirthDate(born.year, born.month, born.day),
                nationality=row.nationality,
                document_number=document or None,
                sex=Sex(row.sex) if row.sex in _KNOWN_SEX else None,
            )
        except ValidationFailed:
            return None  # validated at submission; an unusable record is not screened
        return Applicant(row.id, row.person_id, query)
