"""Faces over HTTP: 1:1 comparison (gates, kiosks, the officer's compare page), enrolment of a
reference face (clerks, approvers, kiosks: page and JSON), and 1:N search (purpose-bound).
Templates never leave the server: answers carry ids, scores, thresholds, decisions, quality."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from guomen.adapters.face.calibration import shipped_threshold
from guomen.biometrics.enrolment import FaceQualityRejected, enrol_face
from guomen.biometrics.model import Purpose, TemplateSource
from guomen.biometrics.ports import AuditSink
from guomen.biometrics.services import (
    FaceToolkit,
    SearchFaces,
    VerifyFaces,
    search_faces,
    verify_faces,
)
from guomen.bootstrap import Container
from guomen.identity.model import Principal, Role
from guomen.identity.policy import Action, authorize
from guomen.shared.errors import GuomenError, ValidationFailed
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter(tags=["biometrics"])
Caller = Annotated[Principal, Depends(authenticate)]
MAX_PHOTO = 15_000_000
DEFAULT_PURPOSE = {
    Role.EGATE_DEVICE: Purpose.EGATE_CLEARANCE,
    Role.KIOSK_DEVICE: Purpose.KIOSK_APPLICATION,
}


def _authorize(principal: Principal, action: str, purpose: str) -> None:
    authorize(principal, Action(action), purpose=purpose)


def _purpose(principal: Principal, text: str) -> Purpose:
    if not text:
        return DEFAULT_PURPOSE.get(principal.role, Purpose.OFFICER_REVIEW)
    try:
        return Purpose(text)
    except ValueError:
        allowed = ", ".join(p.value for p in Purpose)
        raise ValidationFailed(f"purpose must be one of {allowed}") from None


async def _compare(
    request: Request,
    principal: Principal,
    probe: UploadFile,
    reference: UploadFile,
    purpose: str,
    subject: str,
) -> dict[str, Any]:
    authorize(principal, Action.VERIFY_FACE, purpose=purpose or "(default)")
    why = _purpose(principal, purpose)
    first, second = await probe.read(MAX_PHOTO + 1), await reference.read(MAX_PHOTO + 1)
    c = container_of(request)
    images, engine = await run_in_threadpool(c.face_parts)

    def work() -> dict[str, Any]:
        with c.uow() as uow:
            kit = FaceToolkit(
                images,
                engine,
                uow.audit,
                c.clock,
                _authorize,
                shipped_threshold(c.settings.face_target_fmr),
            )
            try:
                result = verify_faces(
                    VerifyFaces(first, second, why, subject_ref=subject[:64]), kit, principal
                )
            except GuomenError:
                uow.commit()  # the audit entry of a refused comparison stays
                raise
            uow.commit()
        return result.to_dict()

    return await run_in_threadpool(work)


@router.post("/api/v1/faces/verify")
async def verify_api(
    request: Request,
    principal: Caller,
    probe: Annotated[UploadFile, File()],
    reference: Annotated[UploadFile, File()],
    purpose: Annotated[str, Form(max_length=40)] = "",
    subject: Annotated[str, Form(max_length=64)] = "",
) -> dict[str, Any]:
    """Live capture (`probe`) against a document portrait or photo on file (`reference`)."""
    return await _compare(request, principal, probe, reference, purpose, subject)


@router.get("/biometrics/compare", include_in_schema=False)
def compare_form(request: Request, principal: Caller) -> Response:
    authorize(principal, Action.VERIFY_FACE, purpose="(form)")
    return render(request, "face_compare.html", {"result": None, "error": ""}, principal=principal)


@router.post("/biometrics/compare", include_in_schema=False)
async def compare_page(
    request: Request,
    principal: Caller,
    probe: Annotated[UploadFile, File()],
    reference: Annotated[UploadFile, File()],
    subject: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        result = await _compare(
            request, principal, probe, reference, Purpose.OFFICER_REVIEW.value, subject
        )
    except GuomenError as exc:
        if exc.status in (401, 403) or exc.status >= 500:
            raise
        return render(
            request,
            "face_compare.html",
            {"result": None, "error": exc.message},
            principal=principal,
            status_code=exc.status,
        )
    return render(
        request, "face_compare.html", {"result": result, "error": ""}, principal=principal
    )


# --- enrolment ------------------------------------------------------------------------------

ENROL_SOURCES = (
    TemplateSource.APPLICATION_PHOTO,
    TemplateSource.KIOSK_ENROLMENT,
    TemplateSource.DOCUMENT_CHIP,
)


def _kit(c: Container, audit: AuditSink) -> FaceToolkit:
    return c.face_toolkit(audit)


def _source(text: str) -> TemplateSource:
    try:
        source = TemplateSource(text)
    except ValueError:
        source = None
    if source not in ENROL_SOURCES:
        allowed = ", ".join(s.value for s in ENROL_SOURCES)
        raise ValidationFailed(f"source must be one of {allowed}", code="face_source_invalid")
    return source


async def _enrol(
    request: Request, principal: Principal, person_id: str, photo: UploadFile, source: str
) -> dict[str, Any]:
    authorize(principal, Action.ENROL_FACE)
    origin = _source(source)
    data = await photo.read(MAX_PHOTO + 1)
    if len(data) > MAX_PHOTO:
        raise ValidationFailed(
            f"the photo is larger than {MAX_PHOTO:,} bytes", code="photo_too_large"
        )
    c = container_of(request)
    await run_in_threadpool(c.face_parts)

    def work() -> dict[str, Any]:
        gallery = c.face_gallery()  # loaded before the new template is committed
        with c.uow() as uow:
            try:
                result = enrol_face(uow, _kit(c, uow.audit), principal, person_id, data, origin)
            except GuomenError:
                uow.commit()  # the audit entry of the refusal stays; nothing else was written
                raise
            uow.commit()
        gallery.add(person_id, result.template)
        return result.to_dict()

    return await run_in_threadpool(work)


@router.post("/api/v1/faces/enrol")
async def enrol_api(
    request: Request,
    principal: Caller,
    person_id: Annotated[str, Form(min_length=1, max_length=64)],
    photo: Annotated[UploadFile, File()],
    source: Annotated[str, Form(max_length=40)] = TemplateSource.APPLICATION_PHOTO.value,
) -> dict[str, Any]:
    """Store the sealed template of the one face in `photo` as a reference for `person_id`.
    The photo must pass the enrolment quality checks; it is not kept. Answers the template's
    id, source, retention and quality, never the template."""
    return await _enrol(request, principal, person_id, photo, source)


def _enrol_page(
    request: Request,
    principal: Principal,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
    reasons: list[dict[str, Any]] | None = None,
    person_id: str = "",
    status_code: int = 200,
) -> Response:
    context = {
        "result": result,
        "error": error,
        "reasons": reasons or [],
        "person_id": person_id,
        "sources": ENROL_SOURCES,
    }
    return render(
        request, "biometrics_enrol.html", context, principal=principal, status_code=status_code
    )


@router.get("/biometrics/enrol", include_in_schema=False)
def enrol_form(request: Request, principal: Caller) -> Response:
    authorize(principal, Action.ENROL_FACE)
    return _enrol_page(request, principal)


@router.post("/biometrics/enrol", include_in_schema=False)
async def enrol_page(
    request: Request,
    principal: Caller,
    photo: Annotated[UploadFile, File()],
    person_id: Annotated[str, Form(max_length=64)] = "",
    source: Annotated[str, Form(max_length=40)] = TemplateSource.APPLICATION_PHOTO.value,
) -> Response:
    try:
        result = await _enrol(request, principal, person_id.strip(), photo, source)
    except GuomenError as exc:
        if exc.status in (401, 403) or exc.status >= 500:
            raise
        reasons = exc.quality.to_dict()["reasons"] if isinstance(exc, FaceQualityRejected) else []
        return _enrol_page(
            request,
            principal,
            error=exc.message,
            reasons=reasons,
            person_id=person_id,
            status_code=exc.status,
        )
    return _enrol_page(request, principal, result=result)


# --- 1:N search -----------------------------------------------------------------------------


@router.post("/api/v1/faces/search")
async def search_api(
    request: Request,
    principal: Caller,
    probe: Annotated[UploadFile, File()],
    top: Annotated[int, Form(ge=1, le=100)] = 5,
    purpose: Annotated[str, Form(max_length=200)] = "",
) -> dict[str, Any]:
    """1:N: the enrolled people most like the face in `probe`, best first, with scores and
    those at or above the 1:N threshold flagged for review. `purpose` is required where the
    policy asks for one (national scope) and is recorded with the search."""
    stated = purpose.strip()
    authorize(principal, Action.SEARCH_FACES, purpose=stated)
    data = await probe.read(MAX_PHOTO + 1)
    c = container_of(request)
    await run_in_threadpool(c.face_parts)

    def work() -> dict[str, Any]:
        gallery = c.face_gallery()
        command = SearchFaces(data, Purpose.DUPLICATE_SEARCH, k=top, stated_purpose=stated)
        with c.uow() as uow:
            try:
                outcome = search_faces(command, _kit(c, uow.audit), gallery, principal)
            except GuomenError:
                uow.commit()  # the audit entry of a refused search stays
                raise
            uow.commit()
        return outcome.to_dict()

    return await run_in_threadpool(work)
