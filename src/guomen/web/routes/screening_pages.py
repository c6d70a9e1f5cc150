"""Screening pages: the watchlists and their versions (approve or reject under four eyes), a
search of the entries, and the back office's hit review queue with its decisions."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize, can, needs_purpose
from guomen.screening import browse, queries, review
from guomen.screening import services as lists
from guomen.screening.rescreen import approve_and_rescreen
from guomen.shared.errors import GuomenError, ValidationFailed
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render
from guomen.web.routes.screening import parse_status, today_at_station

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(authenticate)]
Text = Annotated[str, Form(max_length=20_000)]
Search = Annotated[str, Query(max_length=20_000)]
STATUSES = ("open", "confirmed", "dismissed", "all")
_REASON_END = re.compile(r"(?<=\]);\s+")


def reasons(explanation: str) -> list[str]:
    """The matcher's one-line explanation, one feature per item (each ends with its tag)."""
    return [part for part in _REASON_END.split(explanation) if part.strip()]


def _user_error(exc: GuomenError) -> bool:
    """Errors shown on the page itself; 401/403 and server errors go to the error handler."""
    return exc.status not in (401, 403) and exc.status < 500


@router.get("/screening/lists")
def lists_page(request: Request, principal: Caller) -> Response:
    c = container_of(request)
    on = today_at_station(request)
    with c.uow() as uow:
        found = browse.list_summaries(uow, principal, on)
    return render(
        request, "screening_lists.html", {"summaries": found, "on": on}, principal=principal
    )


@router.get("/screening/lists/{list_id}")
def list_page(
    request: Request, list_id: str, principal: Caller, done: Search = "", error: Search = ""
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        summary = queries.watchlist_summary(
            uow, principal, list_id[:128], on=today_at_station(request)
        )
    context = {
        "s": summary,
        "done": done[:300],
        "error": error[:300],
        "can_approve": can(principal, Action.APPROVE_WATCHLIST),
        "versions": list(reversed(summary.versions)),
    }
    return render(request, "screening_list.html", context, principal=principal)


def _back_to_list(list_id: str, **params: str) -> RedirectResponse:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return RedirectResponse(f"/screening/lists/{quote(list_id)}?{query}", status_code=303)


@router.post("/screening/versions/{version_id}/approve")
def approve(request: Request, version_id: str, principal: Caller, comment: Text = "") -> Response:
    """Approve another person's version, then re-screen travellers against its changes."""
    authorize(principal, Action.APPROVE_WATCHLIST)
    c = container_of(request)
    with c.uow() as uow:
        record = uow.list_versions.get(version_id[:64])
        if record is None:
            raise ValidationFailed(f"no list version {version_id[:64]!r}")
        try:
            _, report = approve_and_rescreen(uow, c.clock, principal, record.id, comment=comment)
        except GuomenError as exc:
            if not _user_error(exc) and exc.status != 403:  # 403 here: the four-eyes rule
                raise
            return _back_to_list(record.list_id, error=exc.message)
    return _back_to_list(
        record.list_id, done=f"approved:{record.number}:{report.travellers}:{report.hits}"
    )


@router.post("/screening/versions/{version_id}/reject")
def reject(request: Request, version_id: str, principal: Caller, comment: Text = "") -> Response:
    authorize(principal, Action.APPROVE_WATCHLIST)
    c = container_of(request)
    with c.uow() as uow:
        record = uow.list_versions.get(version_id[:64])
        if record is None:
            raise ValidationFailed(f"no list version {version_id[:64]!r}")
        try:
            lists.reject_list_version(uow, c.clock, principal, record.id, comment=comment)
        except GuomenError as exc:
            if not _user_error(exc) and exc.status != 403:  # 403 here: the four-eyes rule
                raise
            return _back_to_list(record.list_id, error=exc.message)
    return _back_to_list(record.list_id, done=f"rejected:{record.number}")


@router.get("/screening/entries")
def entries_page(
    request: Request,
    principal: Caller,
    name: Search = "",
    document_number: Search = "",
    purpose: Search = "",
) -> Response:
    """Search the entries in force by name or document number (audited)."""
    authorize(principal, Action.READ_WATCHLIST, purpose="(form)")
    context: dict[str, object] = {
        "name": name[:500],
        "document_number": document_number[:40],
        "purpose": purpose[:200],
        "needs_purpose": needs_purpose(principal),
        "results": None,
        "error": "",
    }
    status = 200
    if name.strip() or document_number.strip():
        c = container_of(request)
        try:
            holder = c.screening()
            with c.uow() as uow:
                context["results"] = browse.search_entries(
                    holder,
                    c.clock,
                    uow.audit,
                    principal,
                    name=name,
                    document_number=document_number,
                    purpose=purpose,
                )
                uow.commit()
        except GuomenError as exc:
            if not _user_error(exc):
                raise
            context["error"], status = exc.message, exc.status
    return render(
        request, "screening_entries.html", context, principal=principal, status_code=status
    )


@router.get("/screening/hits")
def hits_page(
    request: Request,
    principal: Caller,
    status: Annotated[str, Query(max_length=16)] = "open",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    done: Search = "",
) -> Response:
    c = container_of(request)
    wanted = parse_status(status)
    with c.uow() as uow:
        page = review.list_hits(
            uow, principal, c.clock.now(), status=wanted, geography=c.geography(), offset=offset
        )
    context = {
        "page": page,
        "status": status,
        "statuses": STATUSES,
        "offset": offset,
        "done": done if done in ("confirmed", "dismissed") else "",
        "default_days": review.DEFAULT_DISMISS_DAYS,
        "reasons": reasons,
    }
    return render(request, "screening_hits.html", context, principal=principal)


def _hit_page(
    request: Request, principal: Caller, hit: review.ReviewHit, error: str = "", status: int = 200
) -> Response:
    context = {
        "hit": hit,
        "error": error,
        "default_days": review.DEFAULT_DISMISS_DAYS,
        "max_days": review.MAX_DISMISS_DAYS,
        "reasons": reasons,
    }
    return render(request, "screening_hit.html", context, principal=principal, status_code=status)


@router.get("/screening/hits/{hit_id}")
def hit_page(request: Request, hit_id: str, principal: Caller) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        hit = review.get_hit(uow, principal, hit_id, c.clock.now(), geography=c.geography())
    return _hit_page(request, principal, hit)


@router.post("/screening/hits/{hit_id}/decision")
def decide_page(
    request: Request,
    hit_id: str,
    principal: Caller,
    verdict: Annotated[str, Form(max_length=16)],
    reason: Text = "",
    dismiss_days: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    c = container_of(request)
    authorize(principal, Action.REVIEW_HITS)
    try:
        days = int(dismiss_days) if dismiss_days.strip() else review.DEFAULT_DISMISS_DAYS
        chosen = review.Verdict(verdict)
    except ValueError:
        chosen, days = None, 0
    try:
        with c.uow() as uow:
            if chosen is None:
                raise ValidationFailed("choose confirm or dismiss, and a whole number of days")
            decided = review.decide_hit(
                uow,
                principal,
                hit_id,
                chosen,
                reason,
                c.clock.now(),
                dismiss_days=days,
                geography=c.geography(),
            )
    except GuomenError as exc:
        if not _user_error(exc) or exc.status == 404:
            raise
        with c.uow() as uow:
            hit = review.get_hit(uow, principal, hit_id, c.clock.now(), geography=c.geography())
        return _hit_page(request, principal, hit, exc.message, exc.status)
    return RedirectResponse(f"/screening/hits?done={decided.hit.status.value}", status_code=303)
