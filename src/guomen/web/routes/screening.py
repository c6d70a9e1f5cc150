"""Screening JSON API: screen one person against every watchlist in force (back office; the
clearance pipeline calls the same service in-process); the lists and their versions; a search
of the entries; the hit review queue and its decisions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Header, Request
from fastapi import Query as QueryParam
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.screening import browse, queries, review
from guomen.screening.ports import VersionRecord
from guomen.screening.queries import ListSummary
from guomen.screening.screen import BatchRow, parse_query, screen_person
from guomen.shared.errors import ValidationFailed
from guomen.web.auth import authenticate, container_of

router = APIRouter(prefix="/api/v1/screening", tags=["screening"])
Caller = Annotated[Principal, Depends(authenticate)]


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=500)
    birth_date: str = Field(default="", max_length=10, examples=["1970", "1970-05-03"])
    nationality: str = Field(default="", max_length=3)
    document_number: str = Field(default="", max_length=30)
    sex: str = Field(default="", max_length=1)
    limit: int = Field(default=10, ge=1, le=50)


@router.post("/screen")
async def screen(
    request: Request,
    body: ScreenRequest,
    principal: Caller,
    purpose: Annotated[str, Header(alias="X-Purpose", max_length=500)] = "",
) -> dict[str, Any]:
    """Hits with list type, score, decision, explanation and algorithm version, best first."""
    authorize(principal, Action.READ_WATCHLIST, purpose=purpose)
    query = parse_query(
        BatchRow(
            0, "api", body.name, body.birth_date, body.nationality, body.document_number, body.sex
        )
    )
    c = container_of(request)

    def work() -> dict[str, Any]:
        holder = c.screening()
        with c.uow() as uow:
            outcome = screen_person(
                holder, c.clock, uow.audit, principal, query, purpose=purpose, limit=body.limit
            )
            uow.commit()
        return {
            "decision": outcome.decision.value,
            "algorithm": outcome.algorithm,
            "algorithm_version": outcome.algorithm_version,
            "candidates": outcome.candidates,
            "index_entries": outcome.index_entries,
            "hits": [
                {
                    "list_id": h.list_id,
                    "entry_id": h.entry_id,
                    "list_type": h.list_type,
                    "entry_name": h.entry_name,
                    "score": round(h.score, 4),
                    "decision": h.decision.value,
                    "explanation": h.explanation,
                }
                for h in outcome.hits
            ],
        }

    return await run_in_threadpool(work)


# --- lists, entries and the hit review queue -------------------------------------------------

Purpose = Annotated[str, Header(alias="X-Purpose", max_length=500)]


def today_at_station(request: Request) -> date:
    c = container_of(request)
    return c.clock.now().astimezone(ZoneInfo(c.settings.timezone)).date()


def version_public(v: VersionRecord) -> dict[str, Any]:
    return {
        "id": v.id,
        "number": v.number,
        "status": v.status.value,
        "source": v.source,
        "author": v.author,
        "created_at": v.created_at.isoformat(),
        "decided_by": v.decided_by,
        "decided_at": v.decided_at.isoformat() if v.decided_at else None,
        "comment": v.comment,
        "added": v.added,
        "changed": v.changed,
        "removed": v.removed,
        "unchanged": v.unchanged,
        "skipped": v.skipped,
    }


def summary_public(s: ListSummary) -> dict[str, Any]:
    w, n = s.watchlist, s.counts
    return {
        "list_id": w.list_id,
        "name": w.name,
        "list_type": w.list_type.value,
        "action": w.action.value,
        "issuing_authority": w.issuing_authority,
        "legal_basis": w.legal_basis,
        "action_instructions": w.action_instructions,
        "priority": w.priority,
        "valid_from": w.valid_from.isoformat() if w.valid_from else None,
        "valid_until": w.valid_until.isoformat() if w.valid_until else None,
        "current_version": s.in_force.number if s.in_force else None,
        "pending_version": s.pending.id if s.pending else None,
        "entries": {
            "current": n.current,
            "active": n.active,
            "expired": n.expired,
            "pending": n.pending,
            "removed": n.removed,
        },
    }


def hit_public(h: review.ReviewHit, *, full: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": h.id,
        "status": h.status.value,
        "decision": h.decision.value,
        "score": round(h.score, 4),
        "list_id": h.list_id,
        "list_type": h.list_type,
        "priority": h.priority,
        "entry_id": h.entry_id,
        "entry_name": h.entry_name,
        "explanation": h.explanation,
        "algorithm": h.algorithm,
        "algorithm_version": h.algorithm_version,
        "source": h.source,
        "subject_ref": h.subject_ref,
        "person_id": h.person_id,
        "port_code": h.port_code,
        "created_at": h.created_at.isoformat(),
        "reviewer": h.reviewer,
        "decided_at": h.decided_at.isoformat() if h.decided_at else None,
    }
    if full:
        q = h.query
        body["reason"] = h.reason
        body["query"] = (
            {
                "names": list(q.names),
                "birth_date": str(q.birth_date) if q.birth_date else None,
                "nationality": q.nationality,
                "document_number": q.document_number,
                "sex": q.sex.value if q.sex else None,
            }
            if q
            else None
        )
    return body


@router.get("/lists")
def watchlists(request: Request, principal: Caller) -> dict[str, Any]:
    """Every list: type, authority, legal basis, validity, priority, version in force, counts."""
    c = container_of(request)
    on = today_at_station(request)
    with c.uow() as uow:
        found = browse.list_summaries(uow, principal, on)
    return {"on": on.isoformat(), "lists": [summary_public(s) for s in found]}


@router.get("/lists/{list_id}/versions")
def versions(request: Request, list_id: str, principal: Caller) -> dict[str, Any]:
    """A list's versions, oldest first, with the size of each diff and who decided."""
    c = container_of(request)
    with c.uow() as uow:
        found = queries.list_versions(uow, principal, list_id[:128])
    return {"list_id": list_id, "versions": [version_public(v) for v in found]}


@router.get("/entries")
def entries(
    request: Request,
    principal: Caller,
    purpose: Purpose = "",
    name: Annotated[str, QueryParam(max_length=500)] = "",
    document_number: Annotated[str, QueryParam(max_length=40)] = "",
    limit: Annotated[int, QueryParam(ge=1, le=50)] = 20,
) -> dict[str, Any]:
    """Entries in force that may be this name, or that carry this document number (audited)."""
    c = container_of(request)
    authorize(principal, Action.READ_WATCHLIST, purpose=purpose)

    def work() -> list[browse.EntryMatch]:
        holder = c.screening()
        with c.uow() as uow:
            found = browse.search_entries(
                holder,
                c.clock,
                uow.audit,
                principal,
                name=name,
                document_number=document_number,
                purpose=purpose,
                limit=limit,
            )
            uow.commit()
        return list(found)

    found = work()
    return {
        "results": [
            {
                "list_id": m.list_id,
                "entry_id": m.entry_id,
                "list_type": m.list_type,
                "entry_name": m.entry_name,
                "score": round(m.score, 4),
                "decision": m.decision.value,
                "explanation": m.explanation,
            }
            for m in found
        ]
    }


@router.get("/hits")
def hits(
    request: Request,
    principal: Caller,
    status: Annotated[str, QueryParam(max_length=16)] = "open",
    limit: Annotated[int, QueryParam(ge=1, le=200)] = 50,
    offset: Annotated[int, QueryParam(ge=0)] = 0,
) -> dict[str, Any]:
    """The review queue of the caller's region, most urgent first."""
    wanted = parse_status(status)
    c = container_of(request)
    with c.uow() as uow:
        page = review.list_hits(
            uow,
            principal,
            c.clock.now(),
            status=wanted,
            geography=c.geography(),
            limit=limit,
            offset=offset,
        )
    return {"total": page.total, "hits": [hit_public(h) for h in page.hits]}


def parse_status(text: str) -> review.HitStatus | None:
    if text == "all":
        return None
    try:
        return review.HitStatus(text)
    except ValueError:
        raise ValidationFailed("status is open, confirmed, dismissed or all") from None


class HitDecisionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verdict: review.Verdict
    reason: str = Field(default="", max_length=2000)
    dismiss_days: int = Field(default=review.DEFAULT_DISMISS_DAYS, ge=1, le=review.MAX_DISMISS_DAYS)


@router.post("/hits/{hit_id}/decision")
def decide(
    request: Request, hit_id: str, body: HitDecisionRequest, principal: Caller
) -> dict[str, Any]:
    """Confirm or dismiss an open hit; a dismissal needs a reason and is remembered."""
    c = container_of(request)
    with c.uow() as uow:
        decided = review.decide_hit(
            uow,
            principal,
            hit_id,
            body.verdict,
            body.reason,
            c.clock.now(),
            dismiss_days=body.dismiss_days,
            geography=c.geography(),
        )
    d = decided.dismissal
    return {
        "hit": hit_public(decided.hit, full=True),
        "dismissed_until": d.until.isoformat() if d else None,
    }
