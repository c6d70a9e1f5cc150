"""Who is calling: API tokens (Bearer) for devices and services, session cookies for people.

Unsafe requests that rely on the session cookie must carry the session's CSRF token (form
field ``csrf_token`` or header ``X-CSRF-Token``); tokens of other or ended sessions fail.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from guomen.bootstrap import Container
from guomen.identity.model import Principal
from guomen.identity.services import resolve_session, resolve_token
from guomen.shared.errors import NotAuthenticated, PermissionDenied

SESSION_COOKIE = "guomen_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def container_of(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def client_of(request: Request) -> str:
    host = request.client.host if request.client else ""
    agent = request.headers.get("user-agent", "")[:80]
    return f"{host} {agent}".strip()


async def _form_csrf(request: Request) -> str:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


async def authenticate(request: Request) -> Principal:
    """Resolve the caller or raise NotAuthenticated; checks CSRF on cookie-authenticated
    unsafe requests (a Bearer token is not sent by browsers on their own, so needs none)."""
    container = container_of(request)
    client = client_of(request)
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise NotAuthenticated("use 'Authorization: Bearer <token>'", code="bad_token")
        with container.uow() as uow:
            principal = resolve_token(uow, container.digester, container.clock, raw.strip(), client)
        request.state.principal = principal
        return principal
    raw_session = request.cookies.get(SESSION_COOKIE, "")
    with container.uow() as uow:
        principal, session = resolve_session(
            uow, container.digester, container.clock, raw_session, client
        )
    request.state.principal = principal
    request.state.csrf_token = session.csrf_token
    request.state.session_raw = raw_session
    if request.method not in SAFE_METHODS:
        sent = request.headers.get("x-csrf-token") or await _form_csrf(request)
        if not sent or not hmac.compare_digest(sent, session.csrf_token):
            raise PermissionDenied(
                "the form has expired or was not sent by Guomen; reload the page",
                code="csrf_failed",
            )
    return principal
