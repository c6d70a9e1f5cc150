"""JSON API for MRZ checks and the document registry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Header, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from guomen.documents import services as registry
from guomen.documents.mrz import MrzFields, generate_mrz
from guomen.documents.registry import EventKind
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.shared.errors import ValidationFailed
from guomen.web.auth import authenticate, container_of
from guomen.web.schemas.documents import (
    AlertImportReport,
    LossReport,
    MrzCheckRequest,
    MrzCheckResponse,
    MrzFieldsIn,
    MrzLines,
    RegistryStatusPublic,
    Revocation,
)

router = APIRouter(prefix="/api/v1", tags=["documents"])
Caller = Annotated[Principal, Depends(authenticate)]
Purpose = Annotated[str, Header(alias="X-Purpose", max_length=500)]
MAX_PHOTO = 15_000_000


@router.post("/mrz/check")
def mrz_check(
    request: Request, body: MrzCheckRequest, principal: Caller, purpose: Purpose = ""
) -> MrzCheckResponse:
    """Validate an MRZ (with OCR repair unless `ocr` is false) and ask the registry."""
    c = container_of(request)
    with c.uow() as uow:
        outcome = registry.check_mrz(
            uow, c.clock, principal, body.mrz_lines, ocr=body.ocr, purpose=purpose
        )
    return _response(outcome)


def _response(outcome: registry.MrzCheck) -> MrzCheckResponse:
    return MrzCheckResponse(
        result=outcome.result.to_dict(),
        document=outcome.document.to_dict(),
        registry=RegistryStatusPublic.of(outcome.registry) if outcome.registry else None,
    )


@router.post("/mrz/read")
async def mrz_read(
    request: Request, principal: Caller, photo: Annotated[UploadFile, File()], purpose: Purpose = ""
) -> MrzCheckResponse:
    """Find and read the MRZ in a photo of a data page, then check it like /mrz/check."""
    from guomen.documents.photo import read_mrz_from_photo

    authorize(principal, Action.CHECK_DOCUMENT, purpose=purpose)
    data = await photo.read(MAX_PHOTO + 1)
    c = container_of(request)
    result = await run_in_threadpool(
        read_mrz_from_photo, c.mrz_reader(), data, today=c.clock.now().date()
    )
    with c.uow() as uow:
        outcome = (
            registry.check_mrz(
                uow, c.clock, principal, list(result.lines), ocr=False, purpose=purpose
            )
            if result.lines
            else None
        )
    if outcome is None:
        return MrzCheckResponse(result=result.to_dict(), registry=None)
    checked = _response(outcome)
    return MrzCheckResponse(
        result=result.to_dict(), document=checked.document, registry=checked.registry
    )


@router.post("/mrz/generate")
def mrz_generate(body: MrzFieldsIn, principal: Caller) -> MrzLines:
    """MRZ lines from fields, names transliterated per ICAO Doc 9303 Part 3."""
    authorize(principal, Action.CHECK_DOCUMENT, purpose="(generate)")
    data = body.model_dump(exclude={"format"})
    generated = generate_mrz(MrzFields(**data), body.format)
    return MrzLines(lines=list(generated.lines), name_truncated=generated.name_truncated)


@router.get("/registry/{issuing_state}/{number}")
def registry_status(
    request: Request, issuing_state: str, number: str, principal: Caller, purpose: Purpose = ""
) -> RegistryStatusPublic:
    c = container_of(request)
    with c.uow() as uow:
        status = registry.registry_status(uow, c.clock, principal, issuing_state, number, purpose)
    return RegistryStatusPublic.of(status)


@router.post("/registry/{issuing_state}/{number}/loss")
def report_loss(
    request: Request, issuing_state: str, number: str, body: LossReport, principal: Caller
) -> RegistryStatusPublic:
    c = container_of(request)
    cmd = registry.ReportLoss(
        issuing_state, number, EventKind(body.kind), body.occurred_on, body.place, body.note
    )
    with c.uow() as uow:
        return RegistryStatusPublic.of(registry.report_loss(uow, c.clock, principal, cmd))


@router.post("/registry/{issuing_state}/{number}/revoke")
def revoke(
    request: Request, issuing_state: str, number: str, body: Revocation, principal: Caller
) -> RegistryStatusPublic:
    c = container_of(request)
    with c.uow() as uow:
        return RegistryStatusPublic.of(
            registry.revoke_document(
                uow, c.clock, principal, issuing_state, number, body.reason, body.authority
            )
        )


@router.post("/registry/alerts", status_code=201)
async def import_alerts(
    request: Request,
    principal: Caller,
    source: Annotated[str, Query(max_length=64)],
    skip_bad: bool = False,
) -> AlertImportReport:
    """Body: the CSV itself (text/csv). Bigger national lists go through the CLI."""
    authorize(principal, Action.IMPORT_DOCUMENT_ALERTS)
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed("the list must be UTF-8 text", code="csv_not_utf8") from None
    c = container_of(request)
    with c.uow() as uow:
        report = registry.import_alerts(uow, c.clock, principal, text, source, skip_bad=skip_bad)
    return AlertImportReport(
        batch_id=report.batch_id,
        source=report.source,
        added=report.added,
        skipped=[{"line": b.line, "problem": b.problem} for b in report.skipped],
    )
