"""The sign-in page, with its own CSRF cookie (double submit: cookie and hidden field)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from guomen.shared.ids import new_secret
from guomen.web.render import render

LOGIN_CSRF_COOKIE = "guomen_login_csrf"


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_page(
    request: Request, error: str = "", next_path: str = "/", status: int = 200
) -> Response:
    token = new_secret(24)
    request.state.csrf_token = token
    response = render(
        request, "login.html", {"error": error, "next": safe_next(next_path)}, status_code=status
    )
    settings = request.app.state.container.settings
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
        max_age=3600,
    )
    return response
