"""Tables of the biometrics capability (see :mod:`guomen.adapters.db.tables` for conventions).

``face_templates``: one enrolled face template per row. The vector is sealed (``template_enc``,
field ``face_templates.template``) together with the id of the person it belongs to, so a
sealed value copied onto another person's row is refused when opened. Live capture images are
never stored; a template is kept until ``retain_until`` (the end of the retention of the
document or application it was enrolled for) and then deleted.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text

from guomen.adapters.db.tables import ID, PRIMARY_KEYS, SEALED_COLUMNS, TS, metadata

__all__ = ["KEYS", "SEALED", "face_templates", "metadata"]

face_templates = Table(
    "face_templates",
    metadata,
    Column("id", ID, primary_key=True),
    Column("person_id", String(64), nullable=False),
    Column("template_enc", Text, nullable=False),
    Column("algorithm", String(64), nullable=False),
    Column("algorithm_version", String(64), nullable=False),
    Column("quality_codes", String(256), nullable=False),
    Column("source", String(32), nullable=False),
    Column("enrolled_at", TS, nullable=False),
    Column("enrolled_by", String(128), nullable=False),
    Column("retain_until", TS, nullable=False),
    Index("ix_face_templates_person_id", "person_id"),
    Index("ix_face_templates_retain_until", "retain_until"),
)

SEALED: dict[str, tuple[str, ...]] = {"face_templates": ("template_enc",)}
KEYS: dict[str, str | tuple[str, ...]] = {"face_templates": "id"}

# Registered here, not read by tables.py: this module may be imported before tables.py is done.
SEALED_COLUMNS.update(SEALED)
PRIMARY_KEYS.update(KEYS)
