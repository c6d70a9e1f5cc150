"""Plain-data views of the tables and of an answer, for JSON (API, CLI) and templates."""

from __future__ import annotations

from datetime import date
from typing import Any

from guomen.entitlement.model import EntitlementAssessment
from guomen.entitlement.rows import RowInfo
from guomen.entitlement.tables import EntitlementTables


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def assessment_dict(a: EntitlementAssessment) -> dict[str, Any]:
    return {
        "outcome": a.outcome.value,
        "basis": a.basis,
        "reason_codes": list(a.reason_codes),
        "explanations": list(a.explanations),
        "permitted_until": _day(a.permitted_until),
        "stay_days": a.stay_days,
        "permitted_regions": list(a.permitted_regions),
        "consumes_trip": a.consumes_trip,
        "consumes_entry": a.consumes_entry,
        "sources": [
            {"title": s.title, "url": s.url, "published_on": _day(s.published_on)}
            for s in a.sources
        ],
        "tables_version": a.tables_version,
    }


def _info(t: EntitlementTables, info: RowInfo) -> dict[str, Any]:
    return {
        "effective_from": _day(info.window.effective_from),
        "effective_until": _day(info.window.effective_until),
        "sources": list(info.sources),
        "verified": t.verified(info),
        "note": info.note,
    }


def tables_dict(t: EntitlementTables, on: date | None = None) -> dict[str, Any]:
    """Every table; with ``on``, only the rows in force that day."""

    def keep(info: RowInfo) -> bool:
        return on is None or info.covers(on)

    return {
        "version": t.version,
        "as_of": _day(t.as_of),
        "in_force_on": _day(on),
        "stay_counting": {"rule": t.stay_counting.value, "source": t.stay_counting_source},
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "url": s.url,
                "published_on": _day(s.published_on),
                "verified": s.verified,
                "note": s.note,
                "seen_at": s.seen_at,
            }
            for s in t.sources
        ],
        "visa_free": [
            {
                "id": r.id,
                "nationality": r.nationality,
                "scheme": r.scheme.value,
                "stay_days": r.stay_days,
                "document_kinds": list(r.document_kinds),
                **_info(t, r.info),
            }
            for r in t.visa_free
            if keep(r.info)
        ],
        "transit_policy": [
            {"id": r.id, "hours": r.hours, **_info(t, r.info)}
            for r in t.transit_policy
            if keep(r.info)
        ],
        "transit_nationalities": [
            {"nationality": r.nationality, **_info(t, r.info)}
            for r in t.transit_nationalities
            if keep(r.info)
        ],
        "transit_ports": [
            {
                "port_code": r.port_code,
                "name_zh": r.name_zh,
                "province_zh": r.province_zh,
                **_info(t, r.info),
            }
            for r in t.transit_ports
            if keep(r.info)
        ],
        "transit_regions": [
            {"province_zh": r.province_zh, "areas_zh": list(r.areas_zh), **_info(t, r.info)}
            for r in t.transit_regions
            if keep(r.info)
        ],
        "endorsements": [
            {
                "destination": r.destination,
                "kind": r.kind,
                "name_zh": r.name_zh,
                "name_en": r.name_en,
                "stay_days": r.stay_days,
                **_info(t, r.info),
            }
            for r in t.endorsements
            if keep(r.info)
        ],
        "documents": [
            {
                "id": r.id,
                "holder": r.holder.value,
                "crossings": [c.value for c in r.crossings],
                "document_kinds": list(r.document_kinds),
                "destinations": list(r.destinations),
                "endorsement_required": r.endorsement_required,
                "stay_limit_days": r.stay_limit_days,
                **_info(t, r.info),
            }
            for r in t.documents
            if keep(r.info)
        ],
        "visa_requirements": [
            {
                "nationality": r.nationality,
                "document_kinds": list(r.document_kinds),
                "visa_required": r.visa_required,
                "stay_days": r.stay_days,
                **_info(t, r.info),
            }
            for r in t.requirements
            if keep(r.info)
        ],
        "visa_permissions": [
            {
                "id": r.id,
                "visa_kind": r.visa_kind,
                "needs_officer": r.needs_officer,
                "stay_days": r.stay_days,
                "nationalities": list(r.nationalities),
                **_info(t, r.info),
            }
            for r in t.permissions
            if keep(r.info)
        ],
    }
