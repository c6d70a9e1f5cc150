"""Reading each table file into rows (see the comments at the top of each YAML file)."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from guomen.documents.chinese.kinds import DocumentKind
from guomen.entitlement.model import Crossing, Holder
from guomen.entitlement.parse import EntitlementDataError, Record, check_unique, records
from guomen.entitlement.rows import (
    DocumentRow,
    EndorsementRow,
    PermissionRow,
    RequirementRow,
    RowInfo,
    Scheme,
    SourceRecord,
    StayCounting,
    TransitNationalityRow,
    TransitPolicyRow,
    TransitPortRow,
    TransitRegionRow,
    VisaFreeRow,
    Window,
)

_KINDS = frozenset(k.value for k in DocumentKind)
_PLACES = frozenset({"HKG", "MAC", "TWN"})
_ENDORSEMENT_KIND = re.compile(r"[A-Z][A-Z0-9]{0,3}")
_VISA_KINDS = frozenset({"visa", "port_visa", "residence_permit", "apec_card"})
_ROW_KEYS = ("effective_from", "sources")
_ROW_OPTIONAL = ("effective_until", "verified", "note")


def row_info(r: Record) -> RowInfo:
    start = r.day("effective_from")
    end = r.day("effective_until", optional=True)
    assert start is not None
    if end is not None and end < start:
        raise r.fail(f"effective_until {end} is before effective_from {start}")
    sources = r.texts("sources", required=True)
    return RowInfo(
        window=Window(start, end),
        sources=sources,
        verified=r.flag("verified", False) if "verified" in r.raw else None,
        note=r.text("note", default=""),
        where=r.where,
    )


def _country(r: Record, key: str, countries: Collection[str]) -> str:
    code = r.country(key)
    if code not in countries:
        raise r.fail(f"{key} {code!r} is not a country code known to Guomen")
    return code


def read_manifest(raw: object) -> tuple[str, date, StayCounting, str]:
    r = Record(raw, "manifest.yaml")
    r.only({"version", "as_of", "stay_counting"})
    counting = Record(r.raw["stay_counting"], "manifest.yaml stay_counting")
    counting.only({"rule", "source"})
    as_of = r.day("as_of")
    assert as_of is not None
    return (
        r.text("version"),
        as_of,
        counting.choice("rule", StayCounting),
        counting.ident("source"),
    )


def read_sources(raw: object) -> tuple[SourceRecord, ...]:
    result: list[SourceRecord] = []
    Record(raw, "sources.yaml").only({"sources"}, {"version"})
    for r in records(raw, "sources", "sources.yaml"):
        r.only({"id", "title", "url", "published_on", "verified"}, {"note", "seen_at"})
        url = r.text("url")
        if not url.startswith(("https://", "http://")):
            raise r.fail(f"url {url!r} must start with https:// or http://")
        result.append(
            SourceRecord(
                id=r.ident(),
                title=r.text("title"),
                url=url,
                published_on=r.day("published_on"),
                verified=r.flag("verified", False),
                note=" ".join(r.text("note", default="").split()),
                seen_at=r.text("seen_at", default=""),
            )
        )
    check_unique(((s.id, f"sources.yaml ({s.title})") for s in result), "source id")
    return tuple(result)


def read_visa_free(raw: object, countries: Collection[str]) -> tuple[VisaFreeRow, ...]:
    result: list[VisaFreeRow] = []
    Record(raw, "visa_free.yaml").only({"rows"}, {"version"})
    for r in records(raw, "rows", "visa_free.yaml"):
        r.only(
            {"id", "nationality", "scheme", "stay_days", "document_kinds", *_ROW_KEYS},
            _ROW_OPTIONAL,
        )
        stay = r.count("stay_days", maximum=366)
        assert stay is not None
        result.append(
            VisaFreeRow(
                id=r.ident(),
                nationality=_country(r, "nationality", countries),
                scheme=r.choice("scheme", Scheme),
                stay_days=stay,
                document_kinds=r.texts("document_kinds", allowed=_KINDS, required=True),
                info=row_info(r),
            )
        )
    return tuple(result)


def read_transit(
    raw: object, ports: Collection[str], countries: Collection[str]
) -> tuple[
    tuple[TransitPolicyRow, ...],
    tuple[TransitNationalityRow, ...],
    tuple[TransitPortRow, ...],
    tuple[TransitRegionRow, ...],
]:
    name = "transit.yaml"
    Record(raw, name).only({"policy", "nationalities", "ports", "regions"}, {"version"})
    policy = []
    for r in records(raw, "policy", name):
        r.only({"id", "hours", *_ROW_KEYS}, _ROW_OPTIONAL)
        hours = r.count("hours", maximum=24 * 30)
        assert hours is not None
        if hours % 24:
            raise r.fail("hours must be whole days (a multiple of 24)")
        policy.append(TransitPolicyRow(id=r.ident(), hours=hours, info=row_info(r)))
    nationalities = []
    for r in records(raw, "nationalities", name):
        r.only({"nationality", *_ROW_KEYS}, _ROW_OPTIONAL)
        nationalities.append(
            TransitNationalityRow(_country(r, "nationality", countries), row_info(r))
        )
    port_rows = []
    for r in records(raw, "ports", name):
        r.only({"name_zh", "province_zh", *_ROW_KEYS}, {"port_code", *_ROW_OPTIONAL})
        code = r.text("port_code") if r.raw.get("port_code") is not None else None
        if code is not None and code not in ports:
            raise r.fail(f"port_code {code!r} is not a port in Guomen's reference data")
        port_rows.append(
            TransitPortRow(code, r.text("name_zh"), r.text("province_zh"), row_info(r))
        )
    regions = []
    for r in records(raw, "regions", name):
        r.only({"province_zh", *_ROW_KEYS}, {"areas_zh", *_ROW_OPTIONAL})
        regions.append(TransitRegionRow(r.text("province_zh"), r.texts("areas_zh"), row_info(r)))
    return tuple(policy), tuple(nationalities), tuple(port_rows), tuple(regions)


def read_endorsements(raw: object) -> tuple[EndorsementRow, ...]:
    result = []
    Record(raw, "endorsements.yaml").only({"rows"}, {"version"})
    for r in records(raw, "rows", "endorsements.yaml"):
        r.only(
            {"destination", "kind", "name_zh", "name_en", *_ROW_KEYS}, {"stay_days", *_ROW_OPTIONAL}
        )
        destination = r.text("destination")
        if destination not in _PLACES:
            raise r.fail(f"destination {destination!r} must be HKG, MAC or TWN")
        result.append(
            EndorsementRow(
                destination=destination,
                kind=r.text("kind", pattern=_ENDORSEMENT_KIND),
                name_zh=r.text("name_zh"),
                name_en=r.text("name_en"),
                stay_days=r.count("stay_days", optional=True, maximum=3660),
                info=row_info(r),
            )
        )
    return tuple(result)


def read_documents(raw: object) -> tuple[DocumentRow, ...]:
    result = []
    Record(raw, "documents.yaml").only({"rows"}, {"version"})
    for r in records(raw, "rows", "documents.yaml"):
        r.only(
            {"id", "holder", "crossings", "document_kinds", *_ROW_KEYS},
            {"destinations", "endorsement_required", "stay_limit_days", *_ROW_OPTIONAL},
        )
        crossings = r.texts("crossings", allowed={c.value for c in Crossing}, required=True)
        needs_endorsement = r.flag("endorsement_required", False)
        destinations = r.texts("destinations", allowed=_PLACES)
        if needs_endorsement and (crossings != ("exit",) or not destinations):
            raise r.fail("endorsement_required needs crossings [exit] and destinations")
        result.append(
            DocumentRow(
                id=r.ident(),
                holder=r.choice("holder", Holder),
                crossings=tuple(Crossing(c) for c in crossings),
                document_kinds=r.texts("document_kinds", allowed=_KINDS, required=True),
                destinations=destinations,
                endorsement_required=needs_endorsement,
                stay_limit_days=r.count("stay_limit_days", optional=True, maximum=3660),
                info=row_info(r),
            )
        )
    return tuple(result)


def read_visas(
    raw: object, countries: Collection[str]
) -> tuple[tuple[RequirementRow, ...], tuple[PermissionRow, ...]]:
    name = "visas.yaml"
    Record(raw, name).only({"requirements", "permissions"}, {"version"})
    requirements = []
    for r in records(raw, "requirements", name):
        r.only(
            {"nationality", "document_kinds", "visa_required", *_ROW_KEYS},
            {"stay_days", *_ROW_OPTIONAL},
        )
        nationality = r.text("nationality")
        if nationality != "*":
            nationality = _country(r, "nationality", countries)
        required = r.flag("visa_required", True)
        stay = r.count("stay_days", optional=True, maximum=366)
        if not required and stay is None:
            raise r.fail("a nationality exempt from visas needs stay_days")
        requirements.append(
            RequirementRow(
                nationality,
                r.texts("document_kinds", allowed=_KINDS, required=True),
                required,
                stay,
                row_info(r),
            )
        )
    permissions = []
    for r in records(raw, "permissions", name):
        r.only(
            {"id", "visa_kind", *_ROW_KEYS},
            {"needs_officer", "stay_days", "nationalities", *_ROW_OPTIONAL},
        )
        kind = r.text("visa_kind")
        if kind not in _VISA_KINDS:
            raise r.fail(f"visa_kind {kind!r} must be one of {', '.join(sorted(_VISA_KINDS))}")
        nationalities = r.texts("nationalities")
        for code in nationalities:
            if code not in countries:
                raise r.fail(f"nationalities: {code!r} is not a country code known to Guomen")
        permissions.append(
            PermissionRow(
                id=r.ident(),
                visa_kind=kind,
                needs_officer=r.flag("needs_officer", False),
                stay_days=r.count("stay_days", optional=True, maximum=3660),
                nationalities=nationalities,
                info=row_info(r),
            )
        )
    if not any(r.nationality == "*" for r in requirements):
        raise EntitlementDataError(f"{name}: requirements need a row for nationality '*'")
    return tuple(requirements), tuple(permissions)
