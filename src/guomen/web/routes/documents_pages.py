"""The officer's document check page: paste or scan an MRZ (or upload a photo), see fields,
checks, corrections and registry status; report a loss from the same page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from guomen.documents import services as registry
from guomen.documents.registry import EventKind
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize, can, needs_purpose
from guomen.shared.errors import GuomenError
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(authenticate)]
Text = Annotated[str, Form(max_length=4096)]
MAX_PHOTO = 15_000_000


def _page(request: Request, principal: Principal, status: int = 200, **context: object) -> Response:
    base: dict[str, object] = {
        "mrz": "",
        "purpose": "",
        "outcome": None,
        "error": "",
        "notice": "",
        "needs_purpose": needs_purpose(principal),
        "can_report": can(principal, Action.REPORT_DOCUMENT_LOSS),
    }
    base.update(context)
    return render(request, "document_check.html", base, principal=principal, status_code=status)


@router.get("/documents/check")
def check_form(request: Request, principal: Caller) -> Response:
    authorize(principal, Action.CHECK_DOCUMENT, purpose="(form)")
    return _page(request, principal)


@router.post("/documents/check")
def check(request: Request, principal: Caller, mrz: Text, purpose: Text = "") -> Response:
    c = container_of(request)
    try:
        with c.uow() as uow:
            outcome = registry.check_mrz(uow, c.clock, principal, mrz, purpose=purpose)
    except GuomenError as exc:
        if exc.status in (401, 403) or exc.status >= 500:
            raise
        return _page(
            request, principal, mrz=mrz, purpose=purpose, error=exc.message, status=exc.status
        )
    return _page(request, principal, mrz=mrz, purpose=purpose, outcome=outcome)


@router.post("/documents/photo")
async def check_photo(
    request: Request, principal: Caller, photo: Annotated[UploadFile, File()], purpose: Text = ""
) -> Response:
    from guomen.documents.photo import read_mrz_from_photo

    authorize(principal, Action.CHECK_DOCUMENT, purpose=purpose)
    c = container_of(request)
    data = await photo.read(MAX_PHOTO + 1)
    try:
        result = await run_in_threadpool(
            read_mrz_from_photo, c.mrz_reader(), data, today=c.clock.now().date()
        )
        with c.uow() as uow:
            outcome = registry.check_mrz(
                uow, c.clock, principal, "\n".join(result.lines), ocr=False, purpose=purpose
            )
    except GuomenError as exc:
        if exc.status in (401, 403) or exc.status >= 500:
            raise
        return _page(request, principal, purpose=purpose, error=exc.message, status=exc.status)
    return _page(
        request,
        principal,
        mrz="\n".join(result.lines),
        purpose=purpose,
        outcome=registry.MrzCheck(result, outcome.document, outcome.registry),
    )


@router.post("/documents/report-loss")
def report_loss(
    request: Request,
    principal: Caller,
    issuing_state: Text,
    number: Text,
    kind: Text,
    mrz: Text = "",
    purpose: Text = "",
    place: Text = "",
    occurred_on: Text = "",
) -> Response:
    c = container_of(request)
    try:
        when = date.fromisoformat(occurred_on) if occurred_on else None
        cmd = registry.ReportLoss(issuing_state, number, EventKind(kind), when, place)
        with c.uow() as uow:
            registry.report_loss(uow, c.clock, principal, cmd)
        with c.uow() as uow:
            outcome = registry.check_mrz(uow, c.clock, principal, mrz, purpose=purpose)
    except ValueError:
        return _page(request, principal, mrz=mrz, error="invalid date or kind", status=422)
    except GuomenError as exc:
        if exc.status in (401, 403) or exc.status >= 500:
            raise
        return _page(request, principal, mrz=mrz, error=exc.message, status=exc.status)
    return _page(
        request, principal, mrz=mrz, purpose=purpose, outcome=outcome, notice="report_recorded"
    )
