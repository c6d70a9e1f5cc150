"""Face comparison 1:1: the JSON API for gates and kiosks, and the officer's compare page.
Templates never leave the server: answers carry the score, threshold, decision and quality."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from guomen.adapters.face.calibration import shipped_threshold
from guomen.biometrics.model import Purpose
from guomen.biometrics.services import FaceToolkit, VerifyFaces, verify_faces
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
