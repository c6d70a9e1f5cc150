"""Re-encrypt every sealed column with the active data key (``guomen keys rotate``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy import Engine, select

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables import PRIMARY_KEYS, SEALED_COLUMNS, metadata


def _field(table: str, column: str) -> str:
    return f"{table}.{column.removesuffix('_enc')}"


def rotate_all(
    engine: Engine,
    cipher: FieldCipher,
    batch: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Reseal values not on the active key, batch by batch; returns how many changed.
    Each batch commits on its own: every value stays readable throughout (the old keys remain
    in the ring), so an interrupted rotation is simply run again."""
    changed = 0
    for table_name, columns in SEALED_COLUMNS.items():
        table = metadata.tables[table_name]
        pk = table.c[PRIMARY_KEYS[table_name]]
        last = ""
        while True:
            with engine.begin() as conn:
                rows = conn.execute(
                    select(pk, *(table.c[c] for c in columns))
                    .where(pk > last)
                    .order_by(pk)
                    .limit(batch)
                ).all()
                for row in rows:
                    values = {
                        col: cipher.reseal(_field(table_name, col), getattr(row, col))
                        for col in columns
                    }
                    updates = {k: v for k, v in values.items() if v != getattr(row, k)}
                    if updates:
                        conn.execute(table.update().where(pk == row[0]).values(**updates))
                        changed += 1
            if not rows:
                break
            last = rows[-1][0]
            if progress:
                progress(len(rows))
    return changed


def key_usage(engine: Engine, cipher: FieldCipher) -> Counter[str]:
    usage: Counter[str] = Counter()
    with engine.connect() as conn:
        for table_name, columns in SEALED_COLUMNS.items():
            table = metadata.tables[table_name]
            for col in columns:
                for (value,) in conn.execute(select(table.c[col]).where(table.c[col].is_not(None))):
                    usage[cipher.key_id_of(value)] += 1
    return usage
