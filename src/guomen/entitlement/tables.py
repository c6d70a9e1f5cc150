"""Load and check the entitlement tables; look up the rows in force on a day.

The tables are the YAML files under ``guomen/entitlement/data`` or, when an administrator sets
``GUOMEN_ENTITLEMENT_DIR``, the same files in that folder. Loading checks everything (required
fields, dates, known sources, ports, document kinds, periods that overlap for the same key) and
raises :class:`EntitlementDataError` naming the file and row, so a bad edit is refused as a whole
and never half-applied. Rows carry their own periods: the row applied to a crossing is the one
in force on the day of the crossing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TypeVar

import yaml

from guomen.entitlement.model import Crossing, Holder, Source
from guomen.entitlement.parse import EntitlementDataError, Record, check_unique
from guomen.entitlement.rows import (
    DocumentRow,
    EndorsementRow,
    PermissionRow,
    RequirementRow,
    RowInfo,
    SourceRecord,
    StayCounting,
    TransitNationalityRow,
    TransitPolicyRow,
    TransitPortRow,
    TransitRegionRow,
    VisaFreeRow,
)
from guomen.entitlement.sections import (
    read_documents,
    read_endorsements,
    read_manifest,
    read_sources,
    read_transit,
    read_visa_free,
    read_visas,
)

FILES = (
    "manifest.yaml",
    "sources.yaml",
    "visa_free.yaml",
    "transit.yaml",
    "endorsements.yaml",
    "documents.yaml",
    "visas.yaml",
)
MAX_FILE_BYTES = 1_048_576
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_Row = TypeVar(
    "_Row",
    VisaFreeRow,
    TransitPolicyRow,
    TransitNationalityRow,
    TransitPortRow,
    TransitRegionRow,
    EndorsementRow,
    DocumentRow,
    RequirementRow,
    PermissionRow,
)


def in_force(rows: Iterable[_Row], day: date) -> list[_Row]:
    return [row for row in rows if row.info.covers(day)]


@dataclass(frozen=True, slots=True)
class EntitlementTables:
    version: str
    as_of: date
    stay_counting: StayCounting
    stay_counting_source: str
    sources: tuple[SourceRecord, ...]
    visa_free: tuple[VisaFreeRow, ...]
    transit_policy: tuple[TransitPolicyRow, ...]
    transit_nationalities: tuple[TransitNationalityRow, ...]
    transit_ports: tuple[TransitPortRow, ...]
    transit_regions: tuple[TransitRegionRow, ...]
    endorsements: tuple[EndorsementRow, ...]
    documents: tuple[DocumentRow, ...]
    requirements: tuple[RequirementRow, ...]
    permissions: tuple[PermissionRow, ...]
    origin: str = ""  # the folder read, or "packaged"
    _by_id: dict[str, SourceRecord] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({s.id: s for s in self.sources})

    # ----- lookups ---------------------------------------------------------------------------
    def source(self, source_id: str) -> SourceRecord:
        return self._by_id[source_id]

    def cited(self, ids: Iterable[str]) -> tuple[Source, ...]:
        return tuple(self._by_id[i].to_source() for i in dict.fromkeys(ids))

    def verified(self, info: RowInfo) -> bool:
        """A row's facts were corroborated: its own flag, else every source it cites is."""
        if info.verified is not None:
            return info.verified
        return all(self._by_id[i].verified for i in info.sources)

    def titles(self, ids: Iterable[str]) -> str:
        return "; ".join(self._by_id[i].title for i in dict.fromkeys(ids))

    def visa_free_for(self, nationality: str, document_kind: str, day: date) -> VisaFreeRow | None:
        return next(
            (
                r
                for r in in_force(self.visa_free, day)
                if r.nationality == nationality and document_kind in r.document_kinds
            ),
            None,
        )

    def transit_policy_on(self, day: date) -> TransitPolicyRow | None:
        return next(iter(in_force(self.transit_policy, day)), None)

    def transit_nationality(self, nationality: str, day: date) -> TransitNationalityRow | None:
        rows = in_force(self.transit_nationalities, day)
        return next((r for r in rows if r.nationality == nationality), None)

    def transit_port(self, port_code: str, day: date) -> TransitPortRow | None:
        return next(
            (r for r in in_force(self.transit_ports, day) if r.port_code == port_code), None
        )

    def transit_regions_on(self, day: date) -> list[TransitRegionRow]:
        return in_force(self.transit_regions, day)

    def endorsement(self, destination: str, kind: str, day: date) -> EndorsementRow | None:
        rows = in_force(self.endorsements, day)
        return next((r for r in rows if (r.destination, r.kind) == (destination, kind)), None)

    def document_rule(
        self, holder: Holder, crossing: Crossing, document_kind: str, day: date
    ) -> DocumentRow | None:
        return next(
            (
                r
                for r in in_force(self.documents, day)
                if r.holder is holder
                and crossing in r.crossings
                and document_kind in r.document_kinds
            ),
            None,
        )

    def requirement(self, nationality: str, document_kind: str, day: date) -> RequirementRow | None:
        rows = [r for r in in_force(self.requirements, day) if document_kind in r.document_kinds]
        own = next((r for r in rows if r.nationality == nationality), None)
        return own or next((r for r in rows if r.nationality == "*"), None)

    def permission(self, visa_kind: str, day: date) -> PermissionRow | None:
        return next((r for r in in_force(self.permissions, day) if r.visa_kind == visa_kind), None)

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "visa_free": len(self.visa_free),
            "transit_policy": len(self.transit_policy),
            "transit_nationalities": len(self.transit_nationalities),
            "transit_ports": len(self.transit_ports),
            "transit_regions": len(self.transit_regions),
            "endorsements": len(self.endorsements),
            "documents": len(self.documents),
            "requirements": len(self.requirements),
            "permissions": len(self.permissions),
        }


def packaged_data() -> Traversable:
    return resources.files("guomen.entitlement") / "data"


def load_tables(
    directory: Path | None = None,
    *,
    known_ports: Collection[str] | None = None,
    known_countries: Collection[str] | None = None,
) -> EntitlementTables:
    """The tables from ``directory`` (``None``: the packaged data), checked as a whole.

    ``known_ports``/``known_countries`` default to Guomen's reference data.
    """
    folder: Traversable = packaged_data() if directory is None else directory
    raw = {name: _read_yaml(folder / name, name) for name in FILES}
    ports = set(known_ports) if known_ports is not None else _reference_ports()
    countries = set(known_countries) if known_countries is not None else _reference_countries()
    version, as_of, counting, counting_source = read_manifest(raw["manifest.yaml"])
    for name in FILES[1:]:
        _check_version(raw[name], name, version)
    sources = read_sources(raw["sources.yaml"])
    policy, nationalities, ports_rows, regions = read_transit(raw["transit.yaml"], ports, countries)
    requirements, permissions = read_visas(raw["visas.yaml"], countries)
    tables = EntitlementTables(
        version=version,
        as_of=as_of,
        stay_counting=counting,
        stay_counting_source=counting_source,
        sources=sources,
        visa_free=read_visa_free(raw["visa_free.yaml"], countries),
        transit_policy=policy,
        transit_nationalities=nationalities,
        transit_ports=ports_rows,
        transit_regions=regions,
        endorsements=read_endorsements(raw["endorsements.yaml"]),
        documents=read_documents(raw["documents.yaml"]),
        requirements=requirements,
        permissions=permissions,
        origin="packaged" if directory is None else str(directory),
    )
    _check_sources(tables)
    _check_overlaps(tables)
    return tables


def _read_yaml(path: Traversable, name: str) -> object:
    if not path.is_file():
        raise EntitlementDataError(f"{name}: file is missing")
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise EntitlementDataError(f"{name}: file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EntitlementDataError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise EntitlementDataError(f"{name}: not valid YAML{place}: {problem}") from None


def _check_version(raw: object, name: str, version: str) -> None:
    top = Record(raw, name)
    if "version" in top.raw and top.text("version") != version:
        raise top.fail(f"version {top.text('version')!r} differs from manifest.yaml {version!r}")


def _check_sources(tables: EntitlementTables) -> None:
    known = {s.id for s in tables.sources}
    rows: list[tuple[str, tuple[str, ...]]] = [
        (r.info.where, r.info.sources) for r in _all_rows(tables)
    ]
    rows.append(("manifest.yaml stay_counting", (tables.stay_counting_source,)))
    for where, ids in rows:
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise EntitlementDataError(
                f"{where}: source(s) {', '.join(unknown)} not listed in sources.yaml"
            )


def _all_rows(
    t: EntitlementTables,
) -> Iterable[
    VisaFreeRow
    | TransitPolicyRow
    | TransitNationalityRow
    | TransitPortRow
    | TransitRegionRow
    | EndorsementRow
    | DocumentRow
    | RequirementRow
    | PermissionRow
]:
    yield from t.visa_free
    yield from t.transit_policy
    yield from t.transit_nationalities
    yield from t.transit_ports
    yield from t.transit_regions
    yield from t.endorsements
    yield from t.documents
    yield from t.requirements
    yield from t.permissions


def _check_overlaps(t: EntitlementTables) -> None:
    _no_overlap(t.visa_free, lambda r: [f"nationality {r.nationality}"])
    _no_overlap(t.transit_policy, lambda r: ["the transit policy"])
    _no_overlap(t.transit_nationalities, lambda r: [f"nationality {r.nationality}"])
    _no_overlap(t.transit_ports, lambda r: [f"port {r.port_code or r.name_zh}"])
    _no_overlap(t.transit_regions, lambda r: [f"province {r.province_zh}"])
    _no_overlap(t.endorsements, lambda r: [f"endorsement {r.destination} {r.kind}"])
    _no_overlap(
        t.documents,
        lambda r: [
            f"{r.holder.value} {c.value} with {k}" for c in r.crossings for k in r.document_kinds
        ],
    )
    _no_overlap(
        t.requirements,
        lambda r: [f"nationality {r.nationality} with {k}" for k in r.document_kinds],
    )
    _no_overlap(t.permissions, lambda r: [f"visa kind {r.visa_kind}"])
    check_unique(((r.id, r.info.where) for r in t.visa_free), "id")
    check_unique(((r.id, r.info.where) for r in t.documents), "id")
    check_unique(((r.id, r.info.where) for r in t.permissions), "id")


def _no_overlap(rows: Sequence[_Row], keys: Callable[[_Row], list[str]]) -> None:
    seen: dict[str, list[_Row]] = {}
    for row in rows:
        for key in keys(row):
            for other in seen.get(key, []):
                if other.info.window.overlaps(row.info.window):
                    raise EntitlementDataError(
                        f"{row.info.where}: {key} is in force {row.info.window}, which overlaps "
                        f"{other.info.where} ({other.info.window}); end one before the other starts"
                    )
            seen.setdefault(key, []).append(row)


def _reference_ports() -> set[str]:
    from guomen.reference.seed import load_ports

    return {p.code for p in load_ports()}


def _reference_countries() -> set[str]:
    from guomen.reference.seed import load_countries

    return {c.code for c in load_countries()}


class TablesCache:
    """The tables of one folder, read again when a file in it changes (an administrator's edit).

    An edit that does not load is refused: the last tables that loaded stay in use and
    ``last_error`` says why; with no good tables yet, the error is raised.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self.last_error: str | None = None
        self._tables: EntitlementTables | None = None
        self._stamp: tuple[str, ...] | None = None

    def get(self) -> EntitlementTables:
        stamp = self._current_stamp()
        if self._tables is None or stamp != self._stamp:
            try:
                self._tables = load_tables(self.directory)
                self.last_error = None
            except EntitlementDataError as exc:
                if self._tables is None:
                    raise
                self.last_error = exc.message
            self._stamp = stamp
        return self._tables

    def _current_stamp(self) -> tuple[str, ...]:
        """A digest of each file's content (robust to coarse file times and same-size edits)."""
        if self.directory is None:
            return ()
        stamp = []
        for name in FILES:
            try:
                with (self.directory / name).open("rb") as handle:
                    content = handle.read(MAX_FILE_BYTES + 1)
            except OSError:
                stamp.append(f"{name}:missing")
                continue
            stamp.append(f"{name}:{hashlib.blake2b(content, digest_size=16).hexdigest()}")
        return tuple(stamp)
