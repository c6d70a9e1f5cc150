"""Re-encrypt every sealed column with the active data key (``guomen keys rotate``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, Table, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables import PRIMARY_KEYS, SEALED_COLUMNS, metadata


def _field(table: str, column: str) -> str:
    return f"{table}.{column.removesuffix('_enc')}"


def _key(table: Table) -> tuple[ColumnElement[Any], ...]:
    names = PRIMARY_KEYS[table.name]
    return tuple(table.c[n] for n in ((names,) if isinstance(names, str) else names))


def _after(key: tuple[ColumnElement[Any], ...], last: tuple[Any, ...]) -> ColumnElement[bool]:
    left = key[0] if len(key) == 1 else tuple_(*key)
    right = last[0] if len(key) == 1 else tuple_(*last)
    condition: ColumnElement[bool] = left > right
    return condition


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
        key = _key(table)
        last: tuple[Any, ...] | None = None
        while True:
            with engine.begin() as conn:
                query = select(*key, *(table.c[c] for c in columns)).order_by(*key).limit(batch)
                if last is not None:
                    query = query.where(_after(key, last))
                rows = conn.execute(query).all()
                for row in rows:
                    values = {
                        col: cipher.reseal(_field(table_name, col), getattr(row, col))
                        for col in columns
                    }
                    updates = {k: v for k, v in values.items() if v != getattr(row, k)}
                    if updates:
                        where = [c == v for c, v in zip(key, row[: len(key)], strict=True)]
                        conn.execute(table.update().where(*where).values(**updates))
                        changed += 1
            if not rows:
                break
            last = tuple(rows[-1][: len(key)])
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
