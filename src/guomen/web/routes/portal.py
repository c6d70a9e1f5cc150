"""The applicant portal (申请人门户): sign in with a one-time code, apply online, book an
appointment, pay through the payment gateway, download the receipt, track the status, report
a lost document. Applicants are not staff: their own session cookie, their own CSRF token.

Also here: the demo outbox (/portal/outbox), the demo's fake gateway pages, the gateway's
signed callback (POST /api/v1/payments/callback) and the staff's receipt check
(/receipts/verify, the QR code's link)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from guomen.applications import appointments
from guomen.applications import services as apps
from guomen.applications.model import Application, ApplicationType
from guomen.applications.validation import FormInvalid, suggest_pinyin
from guomen.bootstrap import Container
from guomen.documents.registry import EventKind
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.portal.accounts import (
    request_code,
    resolve_applicant,
    sign_in_with_code,
    sign_out_applicant,
)
from guomen.portal.faces import PhotoRejected, check_application_photo
from guomen.portal.loss import OwnLoss, report_own_loss
from guomen.portal.model import Applicant, ApplicantSession, Payment, RateLimited
from guomen.portal.notices import notify_applicant
from guomen.portal.payments import Confirmation, confirm_payment, owned, start_payment
from guomen.portal.receipts import build_receipt, receipt_genuine, verification_url
from guomen.shared.errors import GuomenError, NotAuthenticated, NotFound, ValidationFailed
from guomen.shared.ids import new_secret
from guomen.web.auth import SAFE_METHODS, authenticate, client_of, container_of
from guomen.web.render import render

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["payments"])
APPLICANT_COOKIE = "guomen_applicant"
PORTAL_CSRF_COOKIE = "guomen_portal_csrf"  # double submit on the sign-in forms (no session yet)


# ------------------------------------------------------------------ sessions and CSRF


@dataclass(frozen=True)
class Signed:
    applicant: Applicant
    session: ApplicantSession
    raw: str


def _current(request: Request) -> Signed | None:
    raw = request.cookies.get(APPLICANT_COOKIE, "")
    if not raw:
        return None
    c = container_of(request)
    try:
        with c.uow() as uow:
            applicant, session = resolve_applicant(uow, c.digester, c.clock, raw)
    except NotAuthenticated:
        return None
    request.state.csrf_token = session.csrf_token
    request.state.applicant = applicant
    return Signed(applicant, session, raw)


async def _sent_csrf(request: Request) -> str:
    header = request.headers.get("x-csrf-token", "")
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


async def _applicant(request: Request) -> Signed | Response:
    """The signed-in applicant, or the sign-in page (401) for anyone else, staff included."""
    signed = _current(request)
    if signed is None:
        return _login_page(request, "signin_required", status=401)
    if request.method not in SAFE_METHODS:
        sent = await _sent_csrf(request)
        if not sent or not hmac.compare_digest(sent, signed.session.csrf_token):
            await request.close()  # uploaded files of a refused form are released now
            return _error(request, 403, "The form has expired. Please try again.")
    return signed


def _portal_render(
    request: Request, template: str, ctx: dict[str, Any], status: int = 200
) -> Response:
    applicant = getattr(request.state, "applicant", None)
    ctx = {"applicant": applicant, "demo": _demo(container_of(request)), **ctx}
    return render(request, template, ctx, status_code=status)


def _error(request: Request, status: int, message: str, detail: str = "") -> Response:
    return _portal_render(
        request, "portal_error.html", {"message": message, "detail": detail}, status
    )


def _demo(c: Container) -> bool:
    return c.settings.demo or c.settings.environment == "development"


def _login_page(
    request: Request, error: str = "", *, status: int = 200, step: str = "contact", **extra: Any
) -> Response:
    token = new_secret(24)
    request.state.csrf_token = token
    response = _portal_render(
        request, "portal_login.html", {"error": error, "step": step, **extra}, status
    )
    c = container_of(request)
    response.set_cookie(
        PORTAL_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=c.settings.cookie_secure,
        max_age=3600,
    )
    return response


def _login_csrf_ok(request: Request, sent: str) -> bool:
    cookie = request.cookies.get(PORTAL_CSRF_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie, sent)


# ------------------------------------------------------------------ sign-in


@router.get("/portal")
def portal_home(request: Request) -> Response:
    signed = _current(request)
    if signed is None:
        return _login_page(request)
    c = container_of(request)
    with c.uow() as uow:
        mine = apps.applications_for_applicant(uow, signed.applicant.id)
    return _portal_render(request, "portal_home.html", {"applications": mine})


@router.post("/portal/code")
def portal_code(
    request: Request,
    contact: Annotated[str, Form(max_length=254)],
    csrf_token: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    if not _login_csrf_ok(request, csrf_token):
        return _login_page(request, "form_expired", status=403)
    c = container_of(request)
    try:
        with c.uow() as uow:
            sent = request_code(
                uow,
                c.clock,
                c.digester,
                c.portal_parts().notifier,
                contact,
                language=request.state.language,
                client=client_of(request),
            )
    except RateLimited as exc:
        return _login_page(request, exc.code, status=429, contact=contact)
    except ValidationFailed as exc:
        return _login_page(request, exc.code, status=422, contact=contact)
    return _login_page(request, step="code", contact=contact, masked=sent.masked)


@router.post("/portal/verify")
def portal_verify(
    request: Request,
    contact: Annotated[str, Form(max_length=254)],
    code: Annotated[str, Form(max_length=16)],
    csrf_token: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    if not _login_csrf_ok(request, csrf_token):
        return _login_page(request, "form_expired", status=403)
    c = container_of(request)
    try:
        with c.uow() as uow:
            signed = sign_in_with_code(
                uow, c.clock, c.digester, contact, code, c.session_length, client=client_of(request)
            )
    except NotAuthenticated as exc:
        return _login_page(request, exc.code, status=401, step="code", contact=contact)
    except ValidationFailed as exc:
        return _login_page(request, exc.code, status=422, contact=contact)
    response = RedirectResponse("/portal", status_code=303)
    response.set_cookie(
        APPLICANT_COOKIE,
        signed.session_token,
        httponly=True,
        samesite="lax",
        secure=c.settings.cookie_secure,
        max_age=c.settings.session_minutes * 60,
    )
    response.delete_cookie(PORTAL_CSRF_COOKIE)
    return response


@router.post("/portal/logout")
async def portal_logout(request: Request) -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    with c.uow() as uow:
        sign_out_applicant(uow, c.digester, c.clock, who.applicant, who.raw)
    response = RedirectResponse("/portal", status_code=303)
    response.delete_cookie(APPLICANT_COOKIE)
    return response


@router.get("/portal/outbox")
def portal_outbox(request: Request) -> Response:
    """Demo only: the messages the platform sent, so a demo user can read their code."""
    c = container_of(request)
    if not _demo(c):
        raise NotFound("the outbox page exists only in demo and development mode")
    _current(request)
    with c.uow() as uow:
        messages = uow.portal.outbox.latest(50)
    return _portal_render(request, "portal_outbox.html", {"messages": messages})


# ------------------------------------------------------------------ applying

APPLY_FIELDS = (
    "app_type",
    "office_code",
    "name_zh",
    "surname",
    "given_names",
    "id_number",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "delivery_address",
    "endorsement_code",
    "endorsement_months",
    "endorsement_trips",
    "replacement_reason",
    "previous_document_number",
)
MAX_FIELD = 300


def _offices(c: Container) -> list[Any]:
    with c.uow() as uow:
        return list(uow.reference.offices())


def _apply_page(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    *,
    message: str = "",
    reasons: tuple[str, ...] = (),
    status: int = 200,
    green: list[str] | None = None,
) -> Response:
    c = container_of(request)
    return _portal_render(
        request,
        "portal_apply.html",
        {
            "values": values,
            "errors": errors or {},
            "message": message,
            "reasons": reasons,
            "types": list(ApplicationType),
            "offices": _offices(c),
            "green": green or [],
        },
        status,
    )


@router.get("/portal/apply")
async def apply_form(request: Request, app_type: str = "passport_first") -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    values = {"app_type": app_type}
    contact = who.applicant.contact
    values["phone" if contact.kind.value == "phone" else "email"] = contact.value
    return _apply_page(request, values)


def _command(applicant_id: str, values: dict[str, str], green: list[str]) -> Any:
    months = values.get("endorsement_months", "").strip()
    return apps.SubmitApplication(
        applicant_id=applicant_id,
        app_type=values.get("app_type", ""),
        office_code=values.get("office_code", ""),
        surname=values.get("surname", ""),
        given_names=values.get("given_names", ""),
        name_zh=values.get("name_zh", ""),
        id_number=values.get("id_number", ""),
        birth_date=values.get("birth_date", "") or None,
        sex=values.get("sex", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        address=values.get("address", ""),
        delivery_address=values.get("delivery_address", ""),
        endorsement_code=values.get("endorsement_code", ""),
        endorsement_months=int(months) if months.isdigit() else None,
        endorsement_trips=values.get("endorsement_trips", ""),
        replacement_reason=values.get("replacement_reason", ""),
        previous_document_number=values.get("previous_document_number", ""),
        green=tuple(green),
        channel="online",
    )


async def _photo_check(c: Container, photo: UploadFile | None) -> None:
    if photo is None or not photo.filename:
        return
    data = await photo.read(900_001)
    images, engine = await run_in_threadpool(c.face_parts)

    def work() -> None:
        from guomen.adapters.face.calibration import shipped_threshold
        from guomen.biometrics.services import FaceToolkit

        with c.uow() as uow:
            kit = FaceToolkit(
                images,
                engine,
                uow.audit,
                c.clock,
                lambda *_: None,
                shipped_threshold(c.settings.face_target_fmr),
            )
            check_application_photo(data, kit)

    await run_in_threadpool(work)


@router.post("/portal/apply")
async def apply_submit(request: Request) -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    try:
        return await _apply(request, who)
    finally:
        await request.close()  # the uploaded photo's temporary file


async def _apply(request: Request, who: Signed) -> Response:
    form = await request.form()
    values = {k: str(form.get(k, ""))[:MAX_FIELD] for k in APPLY_FIELDS}
    green = [str(g) for g in form.getlist("green")][:4]
    if form.get("action") == "suggest":
        surname, given = suggest_pinyin(values["name_zh"][:20])
        values.update(surname=surname, given_names=given)
        return _apply_page(request, values, green=green)
    c = container_of(request)
    photo = form.get("photo")
    try:
        await _photo_check(c, photo if isinstance(photo, UploadFile) else None)
    except PhotoRejected as exc:
        return _apply_page(
            request, values, green=green, message=exc.message, reasons=exc.reasons, status=422
        )
    except ValidationFailed as exc:  # not an image, or too many pixels
        return _apply_page(request, values, green=green, message=exc.message, status=422)
    try:
        with c.uow() as uow:
            application = apps.submit_application(
                uow, c.clock, None, _command(who.applicant.id, values, green)
            )
            uow.portal.links.link(who.applicant.id, application.id, c.clock.now())
            uow.commit()
    except FormInvalid as exc:
        return _apply_page(
            request, values, exc.errors, green=green, message=exc.message, status=422
        )
    except GuomenError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _apply_page(request, values, green=green, message=exc.message, status=exc.status)
    return RedirectResponse(f"/portal/applications/{application.id}", status_code=303)


# ------------------------------------------------------------------ one application


def _view(c: Container, applicant: Applicant, application_id: str) -> Any:
    with c.uow() as uow:
        owned(uow, applicant, application_id)
        return apps.get_application(
            uow, c.clock, None, application_id[:64], applicant_id=applicant.id
        )


@router.get("/portal/applications/{application_id}")
async def application_page(request: Request, application_id: str) -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    view = _view(c, who.applicant, application_id)
    with c.uow() as uow:
        payments = uow.portal.payments.for_application(view.application.id)
        slots = _open_slots(uow, c, view.application)
    return _portal_render(
        request,
        "portal_application.html",
        {
            "view": view,
            "app": view.application,
            "payment": payments[0] if payments else None,
            "slots": slots,
            "notice": request.query_params.get("notice", "")[:40],
        },
    )


def _open_slots(uow: Any, c: Container, application: Application) -> list[Any]:
    if application.status.value not in {s.value for s in appointments.BOOKABLE}:
        return []
    today = c.clock.now().date()
    return appointments.open_slots(uow, c.clock, application.office_code, today)[:40]


@router.post("/portal/applications/{application_id}/book")
async def book(request: Request, application_id: str) -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    form = await request.form()
    slot_id = str(form.get("slot_id", ""))[:64]
    c = container_of(request)
    try:
        with c.uow() as uow:
            owned(uow, who.applicant, application_id)
            appointments.book_slot(
                uow, c.clock, None, application_id, slot_id, applicant_id=who.applicant.id
            )
    except GuomenError as exc:
        if exc.status >= 500 or exc.status in (401, 403, 404):
            raise
        return _error(request, exc.status, exc.message)
    return RedirectResponse(f"/portal/applications/{application_id}?notice=booked", 303)


@router.post("/portal/applications/{application_id}/pay")
async def pay(request: Request, application_id: str) -> Response:
    """Start (or find) the payment and go to the gateway's checkout page."""
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    view = _view(c, who.applicant, application_id)
    with c.uow() as uow:
        payment = start_payment(
            uow,
            c.clock,
            who.applicant,
            view.application.id,
            view.application.fee_fen,
            view.application.currency,
        )
    if payment.status.value == "paid":
        return RedirectResponse(f"/portal/applications/{application_id}?notice=paid", 303)
    return RedirectResponse(c.portal_parts().gateway.checkout_path(payment), status_code=303)


def _mark_paid(uow: Any, c: Container) -> Any:
    def on_paid(application_id: str, ref: str, fen: int, at: Any) -> object:
        return apps.mark_paid(uow, c.clock, application_id, ref, fen, at)

    return on_paid


def _confirm(c: Container, fields: dict[str, str], signature: str) -> Confirmation:
    """Confirm the payment; on the first confirmation tell the applicant (SMS or e-mail)."""
    parts = c.portal_parts()
    with c.uow() as uow:
        done = confirm_payment(
            uow, c.clock, parts.callback_key, fields, signature, _mark_paid(uow, c)
        )
    if not done.replay:
        p = done.payment
        with c.uow() as uow:
            found = uow.apps.applications.get(p.application_id)
            reference = found.reference if found else p.application_id
            amount = f"{p.amount_text} {p.currency}"
            notify_applicant(
                uow, c.clock, parts.notifier, p.payer, "paid", reference=reference, amount=amount
            )
            uow.commit()
    return done


def _own_payment(c: Container, applicant: Applicant, payment_id: str) -> Payment:
    with c.uow() as uow:
        payment = uow.portal.payments.get(payment_id[:64])
        if payment is None or payment.payer != applicant.id:
            raise NotFound("no such payment")
        return payment


@router.get("/portal/gateway/{payment_id}")
async def gateway_page(request: Request, payment_id: str) -> Response:
    """The fake gateway's checkout page (a real gateway hosts its own)."""
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    payment = _own_payment(container_of(request), who.applicant, payment_id)
    return _portal_render(request, "portal_gateway.html", {"payment": payment})


@router.post("/portal/gateway/{payment_id}/pay")
async def gateway_pay(request: Request, payment_id: str) -> Response:
    """The fake gateway charges (once per payment, however often it is clicked) and notifies
    the platform with a signed callback, then sends the browser back."""
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    payment = _own_payment(c, who.applicant, payment_id)
    charge = c.portal_parts().gateway.charge(payment)
    confirmation = _confirm(c, charge.fields, charge.signature)
    notice = "paid_before" if confirmation.replay else "paid"
    return RedirectResponse(f"/portal/applications/{payment.application_id}?notice={notice}", 303)


@api_router.post("/api/v1/payments/callback")
async def payment_callback(request: Request) -> dict[str, Any]:
    """The gateway's notification: JSON ``{"fields": {...}, "signature": "<hex HMAC-SHA256>"}``
    (or the same as form fields). Idempotent: a replay answers ``replay: true``."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.json()
        body = body if isinstance(body, dict) else {}
        raw_fields = body.get("fields")
        fields = raw_fields if isinstance(raw_fields, dict) else {}
        signature = str(body.get("signature", ""))
    else:
        form = await request.form()
        fields = {k: str(v) for k, v in form.items() if k != "signature"}
        signature = str(form.get("signature", ""))
    clean = {str(k)[:32]: str(v)[:128] for k, v in list(fields.items())[:16]}
    c = container_of(request)
    confirmation = _confirm(c, clean, signature[:128])
    p = confirmation.payment
    return {
        "payment_id": p.id,
        "application_id": p.application_id,
        "status": p.status.value,
        "replay": confirmation.replay,
    }


# ------------------------------------------------------------------ receipts


def receipt_pdf(c: Container, request: Request, application: Application) -> bytes:
    with c.uow() as uow:
        payments = [p for p in uow.portal.payments.for_application(application.id) if p.paid_at]
    if not payments:
        raise NotFound("there is no receipt before the fee is paid")
    parts = c.portal_parts()
    base = c.settings.public_base_url or str(request.base_url)
    payment = payments[0]
    from zoneinfo import ZoneInfo

    office = next((o for o in _offices(c) if o.code == application.office_code), None)
    receipt = build_receipt(application, payment, office, ZoneInfo(c.settings.timezone))
    url = verification_url(base, parts.receipt_key, application.reference, receipt.payment_ref)
    return parts.receipts.render(receipt, url)


@router.get("/portal/applications/{application_id}/receipt.pdf")
async def receipt_download(request: Request, application_id: str) -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    c = container_of(request)
    view = _view(c, who.applicant, application_id)
    pdf = await run_in_threadpool(receipt_pdf, c, request, view.application)
    reference = view.application.reference
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="receipt-{reference}.pdf"',
            "cache-control": "no-store",
        },
    )


@router.get("/receipts/verify")
def receipt_verify(
    request: Request,
    principal: Annotated[Principal, Depends(authenticate)],
    ref: str = "",
    pay: str = "",
    sig: str = "",
) -> Response:
    """Staff scan a receipt's QR code: is it genuine, and where is the application now?"""
    authorize(principal, Action.PROCESS_APPLICATION)
    c = container_of(request)
    genuine = receipt_genuine(c.portal_parts().receipt_key, ref[:64], pay[:64], sig[:64])
    application = None
    if genuine:
        with c.uow() as uow:
            found = uow.apps.applications.by_reference(ref[:64])
            if found is not None:
                application = apps.get_application(
                    uow, c.clock, principal, found.id, purpose="receipt check"
                ).application
    return render(
        request,
        "portal_receipt_check.html",
        {"genuine": genuine, "application": application, "ref": ref[:64]},
        principal=principal,
        status_code=200 if genuine else 422,
    )


# ------------------------------------------------------------------ lost documents


@router.get("/portal/report-loss")
async def loss_form(request: Request) -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    return _portal_render(request, "portal_loss.html", {"values": {}, "error": "", "done": None})


@router.post("/portal/report-loss")
async def loss_submit(request: Request) -> Response:
    who = await _applicant(request)
    if isinstance(who, Response):
        return who
    form = await request.form()
    values = {
        k: str(form.get(k, ""))[:64]
        for k in ("issuing_state", "number", "id_number", "birth_date", "kind", "place")
    }
    c = container_of(request)
    try:
        birth = _date(values["birth_date"], "birth date")
        kind = EventKind.STOLEN if values["kind"] == "stolen" else EventKind.LOST
        cmd = OwnLoss(
            values["issuing_state"] or "CHN",
            values["number"],
            values["id_number"],
            birth,
            kind,
            place=values["place"],
        )
        with c.uow() as uow:
            status = report_own_loss(uow, c.clock, who.applicant, cmd, client_of(request))
    except GuomenError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        ctx = {"values": values, "error": exc.message, "done": None}
        return _portal_render(request, "portal_loss.html", ctx, exc.status)
    return _portal_render(request, "portal_loss.html", {"values": {}, "error": "", "done": status})


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(f"the {what} must be a date like 1990-05-17") from None
