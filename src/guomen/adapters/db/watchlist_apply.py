"""Apply an approved list version's stored diff to the current entries, page by page.

Runs in the caller's transaction, with the approval itself: either the whole version is in
force or none of it. Added entries are inserted (or, when the same id was removed by an earlier
version, brought back); changed entries are rewritten; removed entries are marked with the
version that removed them and kept for the record. Payloads are opened from the change table
and sealed again under the entry table's field name, without decoding the entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.tables import watchlist_changes, watchlist_entries, watchlists
from guomen.adapters.db.watchlist_payload import validity
from guomen.screening.ports import ChangeKind

ENTRY_FIELD = "watchlist_entries.payload"
CHANGE_FIELD = "watchlist_changes.payload"
PAGE = 2000
C = watchlist_changes.c
E = watchlist_entries.c

_REWRITE = (
    watchlist_entries.update()
    .where(E.list_id == bindparam("k_list"), E.entry_id == bindparam("k_entry"))
    .values(
        list_type=bindparam("v_type"),
        payload_enc=bindparam("v_payload"),
        valid_from=bindparam("v_from"),
        valid_until=bindparam("v_until"),
        version_id=bindparam("v_version"),
        removed_in_version=None,
    )
)
_REMOVE = (
    watchlist_entries.update()
    .where(E.list_id == bindparam("k_list"), E.entry_id == bindparam("k_entry"))
    .values(removed_in_version=bindparam("v_version"))
)


def apply_version(conn: Connection, cipher: FieldCipher, version_id: str, list_id: str) -> None:
    """Apply every stored change of ``version_id`` to list ``list_id``."""
    list_type = _list_type(conn, list_id)
    removed_before = _removed_ids(conn, list_id)
    last: str | None = None
    while True:
        q = select(C.entry_id, C.change, C.payload_enc).where(C.version_id == version_id)
        if last is not None:
            q = q.where(C.entry_id > last)
        rows = conn.execute(q.order_by(C.entry_id).limit(PAGE)).all()
        if rows:
            _apply_page(conn, cipher, rows, (list_id, list_type, version_id), removed_before)
        if len(rows) < PAGE:
            return
        last = rows[-1].entry_id


def _list_type(conn: Connection, list_id: str) -> str:
    return str(
        conn.execute(
            select(watchlists.c.list_type).where(watchlists.c.list_id == list_id)
        ).scalar_one()
    )


def _apply_page(
    conn: Connection,
    cipher: FieldCipher,
    rows: Sequence[Any],
    target: tuple[str, str, str],
    removed_before: set[str],
) -> None:
    list_id, list_type, version_id = target
    kept = [r for r in rows if r.change != ChangeKind.REMOVED.value]
    inserts: list[dict[str, Any]] = []
    rewrites: list[dict[str, Any]] = []
    for r in kept:
        plain = cipher.open(CHANGE_FIELD, r.payload_enc) or ""
        start, end = validity(plain)
        values = {
            "v_type": list_type,
            "v_payload": cipher.seal(ENTRY_FIELD, plain),
            "v_from": start,
            "v_until": end,
            "v_version": version_id,
        }
        if r.change == ChangeKind.ADDED.value and r.entry_id not in removed_before:
            inserts.append(_insert_row(list_id, r.entry_id, values))
        else:
            rewrites.append({"k_list": list_id, "k_entry": r.entry_id, **values})
    removals = [
        {"k_list": list_id, "k_entry": r.entry_id, "v_version": version_id}
        for r in rows
        if r.change == ChangeKind.REMOVED.value
    ]
    if inserts:
        conn.execute(watchlist_entries.insert(), inserts)
    if rewrites:
        conn.execute(_REWRITE, rewrites)
    if removals:
        conn.execute(_REMOVE, removals)


def _removed_ids(conn: Connection, list_id: str) -> set[str]:
    """Ids removed by earlier versions: an entry added again rewrites its old row. (One query
    for the whole version: per-page lookups were slow on PostgreSQL while the table grows.)"""
    q = select(E.entry_id).where(E.list_id == list_id, E.removed_in_version.is_not(None))
    return set(conn.execute(q).scalars())


def _insert_row(list_id: str, entry_id: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "list_id": list_id,
        "entry_id": entry_id,
        "list_type": values["v_type"],
        "payload_enc": values["v_payload"],
        "valid_from": values["v_from"],
        "valid_until": values["v_until"],
        "version_id": values["v_version"],
        "removed_in_version": None,
    }
