"""Data steps that need the keys, run by `guomen db upgrade` right after the migrations
(Alembic migrations never see the encryption keys)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.people_repos import fuzzy_index
from guomen.adapters.db.tables import travel_documents


def backfill_fuzzy_document_index(engine: Engine, cipher: FieldCipher, batch: int = 2000) -> int:
    """Fill travel_documents.number_fuzzy_bidx where migration 0002 left it empty."""
    done = 0
    t = travel_documents
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                select(t.c.id, t.c.issuing_state, t.c.number_enc)
                .where(t.c.number_fuzzy_bidx.is_(None))
                .limit(batch)
            ).all()
            for row in rows:
                number = cipher.open("travel_documents.number", row.number_enc) or ""
                conn.execute(
                    t.update()
                    .where(t.c.id == row.id)
                    .values(number_fuzzy_bidx=fuzzy_index(cipher, row.issuing_state, number))
                )
        done += len(rows)
        if len(rows) < batch:
            return done
