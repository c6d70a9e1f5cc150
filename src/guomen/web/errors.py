"""Errors become RFC 9457 problem+json for the API and a friendly page for people.
Never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from guomen.shared.errors import GuomenError, PermissionDenied, PurposeRequired

log = logging.getLogger("guomen.web")


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/healthz", "/readyz")):
        return True
    return "application/json" in request.headers.get("accept", "")


def problem(status: int, title: str, detail: str, code: str, **extra: Any) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _page(request: Request, status: int, code: str, detail: str) -> Response:
    from guomen.web.login_page import login_page
    from guomen.web.render import render

    if status == 401:
        error = "" if code == "no_session" else code
        return login_page(request, error, request.url.path, status=401)
    return render(
        request,
        "error.html",
        {"status": status, "code": code, "detail": detail},
        status_code=status,
    )


def respond(
    request: Request, status: int, title: str, detail: str, code: str, **extra: Any
) -> Response:
    if wants_json(request):
        response: Response = problem(status, title, detail, code, **extra)
    else:
        response = _page(request, status, code, detail)
    if status == 401 and wants_json(request):
        response.headers["www-authenticate"] = 'Bearer realm="guomen"'
    return response


def _audit_denial(request: Request, exc: GuomenError) -> None:
    """A refused attempt by a known caller is evidence an auditor needs."""
    principal = getattr(request.state, "principal", None)
    if principal is None:
        return
    from guomen.audit.services import event_for

    container = request.app.state.container
    event = event_for(
        principal,
        "access.denied",
        object_type="route",
        object_id=request.url.path[:64],
        outcome=exc.code,
        detail={"method": request.method},
    )
    with container.uow() as uow:
        uow.audit.append(event, container.clock.now())
        uow.commit()


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GuomenError)
    async def _guomen(request: Request, exc: GuomenError) -> Response:
        if isinstance(exc, PermissionDenied | PurposeRequired):
            _audit_denial(request, exc)
        return respond(request, exc.status, type(exc).__name__, exc.message, exc.code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ][:20]
        return respond(
            request,
            422,
            "Invalid request",
            "the request does not match the schema",
            "validation_failed",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return respond(request, exc.status_code, "HTTP error", str(exc.detail), code)

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    async def _db_down(request: Request, exc: Exception) -> Response:
        log.warning("database unavailable: %s", type(exc).__name__)
        return respond(
            request,
            503,
            "Database unavailable",
            "the database is not reachable; nothing was changed, try again shortly",
            "database_unavailable",
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(
            request,
            500,
            "Internal error",
            "an unexpected error occurred; it was logged",
            "internal_error",
        )
