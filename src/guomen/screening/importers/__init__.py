"""Watchlist importers: UN XML, OFAC SDN CSV, FollowTheMoney JSON lines, Guomen CSV.

Each importer is a pure function of a path or binary stream that returns an ``ImportRun``:
iterate it once to stream the good entries in bounded memory, then call ``check()`` (or read
``problems``) to decide whether to commit. See ``report`` for the all-or-nothing pattern.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from guomen.screening.importers.ftm import import_ftm
from guomen.screening.importers.guomen_csv import HEADER as GUOMEN_CSV_HEADER
from guomen.screening.importers.guomen_csv import import_guomen_csv
from guomen.screening.importers.ofac_sdn import import_ofac_sdn, ofac_companions
from guomen.screening.importers.report import (
    ImportFailed,
    ImportProblem,
    ImportResult,
    ImportRun,
    Severity,
)
from guomen.screening.importers.streams import Source
from guomen.screening.importers.un_xml import import_un_xml
from guomen.screening.model import ListType

__all__ = [
    "GUOMEN_CSV_HEADER",
    "ImportFailed",
    "ImportFormat",
    "ImportProblem",
    "ImportResult",
    "ImportRun",
    "Severity",
    "Source",
    "import_ftm",
    "import_guomen_csv",
    "import_ofac_sdn",
    "import_un_xml",
    "import_watchlist",
    "ofac_companions",
]


class ImportFormat(StrEnum):
    """The ``--format`` names of ``guomen watchlist import``."""

    UN_XML = "un-xml"
    OFAC_SDN = "ofac-sdn"
    FTM = "ftm"
    CSV = "csv"


def import_watchlist(
    fmt: ImportFormat, source: Source, *, list_id: str, list_type: ListType
) -> ImportRun:
    """One entry point for every format. For ``ofac-sdn`` given as a path, ``alt.csv`` and
    ``add.csv`` beside it are read too."""
    if fmt is ImportFormat.UN_XML:
        return import_un_xml(source, list_id=list_id, list_type=list_type)
    if fmt is ImportFormat.FTM:
        return import_ftm(source, list_id=list_id, list_type=list_type)
    if fmt is ImportFormat.CSV:
        return import_guomen_csv(source, list_id=list_id, list_type=list_type)
    alt = add = None
    if isinstance(source, str | Path):
        alt, add = ofac_companions(source)
    return import_ofac_sdn(source, alt, add, list_id=list_id, list_type=list_type)
