"""Sign in, sign out, language switch."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from guomen.identity.model import Principal
from guomen.identity.services import SignIn, sign_in, sign_out
from guomen.shared.errors import AccountLocked, NotAuthenticated, ValidationFailed
from guomen.web.auth import SESSION_COOKIE, authenticate, client_of, container_of
from guomen.web.i18n import LANGUAGES
from guomen.web.login_page import LOGIN_CSRF_COOKIE, login_page, safe_next

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return login_page(request, next_path=safe_next(next))


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=512)] = "/",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    next_path = safe_next(next)
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return login_page(request, "form_expired", next_path, status=403)
    c = container_of(request)
    try:
        with c.uow() as uow:
            signed = sign_in(
                uow,
                c.hasher,
                c.digester,
                c.clock,
                c.lockout,
                c.session_length,
                SignIn(username, password, client_of(request)),
            )
    except AccountLocked:
        return login_page(request, "locked", next_path, status=423)
    except NotAuthenticated:
        return login_page(request, "bad_credentials", next_path, status=401)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        signed.session_token,
        httponly=True,
        samesite="lax",
        secure=c.settings.cookie_secure,
        max_age=c.settings.session_minutes * 60,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, principal: Annotated[Principal, Depends(authenticate)]) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        sign_out(uow, c.digester, c.clock, principal, request.state.session_raw)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    if code not in LANGUAGES:
        raise ValidationFailed(f"unknown language {code!r}; use one of {', '.join(LANGUAGES)}")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        "lang",
        code,
        max_age=365 * 86400,
        samesite="lax",
        httponly=True,
        secure=container_of(request).settings.cookie_secure,
    )
    return response
