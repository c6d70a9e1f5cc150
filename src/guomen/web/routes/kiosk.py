"""Kiosk mode (自助申请): at an office, read the ID card (simulated input), capture a photo and
compare it with the photo on file (or enrol it), fill and submit, pay, print the receipt.

The kiosk acts with its device token (role KIOSK_DEVICE: SUBMIT_APPLICATION, ENROL_FACE).
A kiosk browser is paired once: the token is kept in an HttpOnly, SameSite=Strict cookie;
API clients send it as ``Authorization: Bearer``. Between steps the flow's state travels in a
signed, expiring hidden field, so nothing half-finished is stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from guomen.applications import services as apps
from guomen.applications.model import ApplicationType
from guomen.applications.validation import FormInvalid, parse_id_number, suggest_pinyin
from guomen.bootstrap import Container
from guomen.identity.model import Principal, Role
from guomen.identity.policy import Action, authorize
from guomen.identity.services import resolve_token
from guomen.portal.faces import KioskFace, kiosk_face_check
from guomen.portal.payments import confirm_payment, start_payment_for
from guomen.shared.errors import GuomenError, NotAuthenticated, NotFound, ValidationFailed
from guomen.shared.ids import new_id
from guomen.web.auth import SAFE_METHODS, authenticate, client_of, container_of
from guomen.web.render import render

router = APIRouter(include_in_schema=False)
KIOSK_COOKIE = "guomen_kiosk"
LARGE_COOKIE = "kiosk_large"
STATE_MINUTES = 20
KIOSK_TYPES = (
    ApplicationType.PASSPORT_FIRST,
    ApplicationType.PASSPORT_RENEWAL,
    ApplicationType.HK_MACAO_PERMIT,
    ApplicationType.HK_MACAO_ENDORSEMENT,
    ApplicationType.TAIWAN_PERMIT,
)


# ------------------------------------------------------------------ who is the kiosk


def _csrf_for(c: Container, raw: str) -> str:
    return c.digester.digest(f"kiosk-csrf\x1f{raw}")[:32]


async def _form_value(request: Request, name: str) -> str:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(name)
        return value if isinstance(value, str) else ""
    return ""


async def _kiosk(request: Request) -> Principal | Response:
    """The kiosk's principal (paired cookie or Bearer token; staff sessions are checked too and
    refused by the policy). Without credentials: the pairing page, 401."""
    c = container_of(request)
    raw = request.cookies.get(KIOSK_COOKIE, "")
    try:
        if raw and not request.headers.get("authorization"):
            with c.uow() as uow:
                principal = resolve_token(uow, c.digester, c.clock, raw, client_of(request))
            if request.method not in SAFE_METHODS:
                sent = request.headers.get("x-csrf-token") or await _form_value(
                    request, "csrf_token"
                )
                if not sent or not hmac.compare_digest(sent, _csrf_for(c, raw)):
                    await request.close()
                    raise ValidationFailed("the form has expired; start again", code="csrf_failed")
            request.state.csrf_token = _csrf_for(c, raw)
        else:
            principal = await authenticate(request)
    except NotAuthenticated:
        return _pair_page(request, status=401)
    authorize(principal, Action.SUBMIT_APPLICATION)
    request.state.principal = principal
    return principal


def _pair_page(request: Request, error: str = "", status: int = 200) -> Response:
    return _render(request, "kiosk_pair.html", {"error": error}, status)


def _render(request: Request, template: str, ctx: dict[str, Any], status: int = 200) -> Response:
    large = request.cookies.get(LARGE_COOKIE) == "1"
    return render(request, template, {"large": large, **ctx}, status_code=status)


@router.post("/kiosk/pair")
def pair(request: Request, token: Annotated[str, Form(max_length=200)]) -> Response:
    """Pair this browser with a kiosk device token (an administrator types it in once)."""
    c = container_of(request)
    try:
        with c.uow() as uow:
            principal = resolve_token(uow, c.digester, c.clock, token.strip(), client_of(request))
    except NotAuthenticated:
        return _pair_page(request, "bad_token", 401)
    if principal.role is not Role.KIOSK_DEVICE:
        return _pair_page(request, "not_kiosk", 403)
    response = RedirectResponse("/kiosk", status_code=303)
    response.set_cookie(
        KIOSK_COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=c.settings.cookie_secure,
        max_age=365 * 86400,
    )
    return response


@router.get("/kiosk/large")
async def large_font(request: Request, on: int = 1) -> Response:
    """Large-font mode for elderly applicants (a toggle kept for this kiosk session)."""
    who = await _kiosk(request)
    if isinstance(who, Response):
        return who
    response = RedirectResponse("/kiosk", status_code=303)
    response.set_cookie(
        LARGE_COOKIE,
        "1" if on else "0",
        samesite="strict",
        httponly=True,
        secure=container_of(request).settings.cookie_secure,
    )
    return response


# ------------------------------------------------------------------ signed flow state


def _key(c: Container) -> bytes:
    return hmac.new(c.secrets.secret_key, b"kiosk-state", hashlib.sha256).digest()


def _seal(c: Container, state: dict[str, Any]) -> str:
    state = {**state, "exp": (c.clock.now() + timedelta(minutes=STATE_MINUTES)).isoformat()}
    body = base64.urlsafe_b64encode(json.dumps(state, ensure_ascii=False).encode()).decode()
    mac = hmac.new(_key(c), body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def _open(c: Container, token: str) -> dict[str, Any]:
    body, _, mac = token.partition(".")
    good = hmac.new(_key(c), body.encode(), hashlib.sha256).hexdigest()
    if not mac or not hmac.compare_digest(mac, good):
        raise ValidationFailed("the kiosk session is not valid; start again", code="kiosk_state")
    state: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body.encode()))
    if state.get("exp", "") < c.clock.now().isoformat():
        raise ValidationFailed("the kiosk session timed out; start again", code="kiosk_timeout")
    return state


def _step(request: Request, step: str, state: dict[str, Any] | None, **ctx: Any) -> Response:
    c = container_of(request)
    sealed = _seal(c, state) if state is not None else ""
    status = int(ctx.pop("status", 200))
    return _render(
        request, "kiosk_step.html", {"step": step, "state": sealed, "s": state or {}, **ctx}, status
    )


# ------------------------------------------------------------------ the steps


@router.get("/kiosk")
async def start(request: Request) -> Response:
    who = await _kiosk(request)
    if isinstance(who, Response):
        return who
    return _step(request, "idcard", None)


@router.post("/kiosk/idcard")
async def read_id_card(request: Request) -> Response:
    who = await _kiosk(request)
    if isinstance(who, Response):
        return who
    form = await request.form()
    card = {k: str(form.get(k, "")).strip()[:200] for k in ("name_zh", "id_number", "address")}
    try:
        facts = parse_id_number(card["id_number"])
        if not card["name_zh"]:
            raise ValidationFailed("the name on the card is missing", code="name_missing")
    except ValidationFailed as exc:
        return _step(request, "idcard", None, error=exc.message, card=card, status=422)
    c = container_of(request)
    with c.uow() as uow:
        person_id = uow.apps.person_by_id_number(facts.number)
    surname, given = suggest_pinyin(card["name_zh"][:20])
    state = {
        **card,
        "id_number": facts.number,
        "birth_date": facts.birth_date.isoformat(),
        "sex": facts.sex.value,
        "surname": surname,
        "given_names": given,
        "person_id": person_id or "",
        "applicant": f"kiosk:{new_id()}",
    }
    return _step(request, "face", state)


@router.post("/kiosk/face")
async def capture(request: Request) -> Response:
    who = await _kiosk(request)
    if isinstance(who, Response):
        return who
    try:
        return await _capture(request, who)
    finally:
        await request.close()  # the photo's temporary file


async def _capture(request: Request, who: Principal) -> Response:
    c = container_of(request)
    form = await request.form()
    state = _open(c, str(form.get("state", "")))
    photo = form.get("photo")
    data = await photo.read(900_001) if isinstance(photo, UploadFile) else b""
    images, engine = await run_in_threadpool(c.face_parts)

    def work() -> KioskFace:
        from guomen.adapters.face.calibration import shipped_threshold
        from guomen.biometrics.services import FaceToolkit

        def allow(p: Principal, action: str, purpose: str) -> None:
            authorize(p, Action(action), purpose=purpose)

        with c.uow() as uow:
            kit = FaceToolkit(
                images,
                engine,
                uow.audit,
                c.clock,
                allow,
                shipped_threshold(c.settings.face_target_fmr),
            )
            try:
                result = kiosk_face_check(uow, kit, who, state["person_id"] or None, data)
            except GuomenError:
                uow.commit()  # keep the audit entry of the refusal; nothing else was written
                raise
            uow.commit()
            return result

    try:
        face = await run_in_threadpool(work)
    except ValidationFailed as exc:
        reasons = getattr(getattr(exc, "quality", None), "issues", ())
        messages = [i.message for i in reasons] or [exc.message]
        return _step(request, "face", state, error=exc.message, reasons=messages, status=422)
    if face.outcome == "recapture":
        return _step(request, "face", state, error="recapture", reasons=list(face.reasons))
    state["face"] = face.outcome
    return _step(request, "form", state, types=KIOSK_TYPES, offices=_offices(c))


def _offices(c: Container) -> list[Any]:
    with c.uow() as uow:
        return list(uow.reference.offices())


@router.post("/kiosk/submit")
async def submit(request: Request) -> Response:
    who = await _kiosk(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    form = await request.form()
    state = _open(c, str(form.get("state", "")))
    fields = {
        k: str(form.get(k, "")).strip()[:200]
        for k in ("app_type", "office_code", "phone", "endorsement_code", "endorsement_trips")
    }
    months = str(form.get("endorsement_months", "")).strip()
    cmd = apps.SubmitApplication(
        applicant_id=state["applicant"],
        app_type=fields["app_type"],
        office_code=fields["office_code"],
        surname=state["surname"],
        given_names=state["given_names"],
        name_zh=state["name_zh"],
        id_number=state["id_number"],
        address=state["address"],
        phone=fields["phone"],
        endorsement_code=fields["endorsement_code"],
        endorsement_months=int(months) if months.isdigit() else None,
        endorsement_trips=fields["endorsement_trips"],
        channel="kiosk",
        person_id=state["person_id"] or None,
    )
    try:
        with c.uow() as uow:
            application = apps.submit_application(uow, c.clock, who, cmd)
    except FormInvalid as exc:
        return _step(
            request,
            "form",
            state,
            error=exc.message,
            errors=exc.errors,
            types=KIOSK_TYPES,
            offices=_offices(c),
            status=422,
        )
    except GuomenError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _step(
            request,
            "form",
            state,
            error=exc.message,
            types=KIOSK_TYPES,
            offices=_offices(c),
            status=exc.status,
        )
    state["application_id"] = application.id
    state["reference"] = application.reference
    state["fee_fen"] = application.fee_fen
    return _step(request, "pay", state)


@router.post("/kiosk/pay")
async def pay(request: Request) -> Response:
    """The kiosk's card terminal (simulated by the fake gateway) charges once, however often
    the button is pressed; the signed callback marks the application paid."""
    who = await _kiosk(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    form = await request.form()
    state = _open(c, str(form.get("state", "")))
    application_id = str(state.get("application_id", ""))
    if not application_id:
        raise ValidationFailed("nothing to pay yet; submit the application first")
    with c.uow() as uow:
        application = apps.get_application(
            uow, c.clock, None, application_id, applicant_id=state["applicant"]
        ).application
        payment = start_payment_for(
            uow,
            c.clock,
            f"kiosk:{who.id}",
            application.id,
            application.fee_fen,
            application.currency,
        )
    parts = c.portal_parts()
    charge = parts.gateway.charge(payment)
    with c.uow() as uow:

        def on_paid(app_id: str, ref: str, fen: int, at: Any) -> object:
            return apps.mark_paid(uow, c.clock, app_id, ref, fen, at)

        confirm_payment(uow, c.clock, parts.callback_key, charge.fields, charge.signature, on_paid)
    return _step(request, "done", state)


@router.get("/kiosk/receipt/{application_id}")
async def receipt(request: Request, application_id: str, state: str = "") -> Response:
    """The receipt to print, for an application this kiosk took and charged."""
    from guomen.web.routes.portal import receipt_pdf

    who = await _kiosk(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    flow = _open(c, state)
    if flow.get("application_id") != application_id:
        raise NotFound("no such application at this kiosk")
    with c.uow() as uow:
        view = apps.get_application(
            uow, c.clock, None, application_id, applicant_id=flow["applicant"]
        )
        payments = uow.portal.payments.for_application(application_id)
    if not payments or payments[0].payer != f"kiosk:{who.id}":
        raise NotFound("this kiosk did not take the payment of that application")
    pdf = await run_in_threadpool(receipt_pdf, c, request, view.application)
    return Response(pdf, media_type="application/pdf", headers={"cache-control": "no-store"})
