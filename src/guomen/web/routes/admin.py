"""Administrator pages: users and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from guomen.identity import services as identity
from guomen.identity.model import HUMAN_ROLES, TOKEN_ROLES, DataScope, Principal, Role
from guomen.identity.policy import ALLOWED, Action, authorize
from guomen.shared.errors import GuomenError, ValidationFailed
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(authenticate)]
Field = Annotated[str, Form(max_length=256)]


def _users_page(
    request: Request,
    principal: Principal,
    error: str = "",
    status: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    with container_of(request).uow() as uow:
        users = identity.list_users(uow, principal)
    return render(
        request,
        "admin_users.html",
        {"users": users, "roles": HUMAN_ROLES, "error": error, "form": form or {}},
        status_code=status,
        principal=principal,
    )


@router.get("/admin/users")
def users_page(request: Request, principal: Caller) -> Response:
    return _users_page(request, principal)


@router.post("/admin/users")
def create_user(
    request: Request,
    principal: Caller,
    username: Field,
    display_name: Field,
    role: Field,
    scope: Field,
    password: Field,
) -> Response:
    authorize(principal, Action.MANAGE_USERS)
    c = container_of(request)
    form = {"username": username, "display_name": display_name, "role": role, "scope": scope}
    try:
        if role not in Role.__members__.values():
            raise ValidationFailed(f"unknown role {role!r}")
        with c.uow() as uow:
            identity.create_user(
                uow,
                c.hasher,
                c.clock,
                principal,
                identity.CreateUser(
                    username, display_name, Role(role), DataScope.parse(scope), password
                ),
            )
    except GuomenError as exc:
        if exc.status >= 500 or exc.status == 403:
            raise
        return _users_page(request, principal, exc.message, exc.status, form)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/disable")
def disable_user(request: Request, user_id: str, principal: Caller) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        identity.set_user_active(uow, c.clock, principal, user_id, False)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/enable")
def enable_user(request: Request, user_id: str, principal: Caller) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        identity.set_user_active(uow, c.clock, principal, user_id, True)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/password")
def set_password(request: Request, user_id: str, principal: Caller, password: Field) -> Response:
    """A new password set by an administrator; the user's sessions end."""
    c = container_of(request)
    try:
        with c.uow() as uow:
            identity.set_password(uow, c.hasher, c.clock, principal, user_id, password)
    except GuomenError as exc:
        if exc.status >= 500 or exc.status == 403:
            raise
        return _users_page(request, principal, exc.message, exc.status)
    return RedirectResponse("/admin/users", status_code=303)


def _tokens_page(
    request: Request,
    principal: Principal,
    *,
    error: str = "",
    new_secret: str = "",
    status: int = 200,
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        tokens = identity.list_tokens(uow, principal)
        ports = uow.reference.ports()
    return render(
        request,
        "admin_tokens.html",
        {
            "tokens": tokens,
            "ports": ports,
            "roles": TOKEN_ROLES,
            "error": error,
            "new_secret": new_secret,
            "now": c.clock.now(),
            "role_actions": {r: sorted(a.value for a in ALLOWED[r]) for r in TOKEN_ROLES},
        },
        status_code=status,
        principal=principal,
    )


@router.get("/admin/tokens")
def tokens_page(request: Request, principal: Caller) -> Response:
    return _tokens_page(request, principal)


@router.post("/admin/tokens")
def issue_token(
    request: Request,
    principal: Caller,
    name: Field,
    role: Field,
    port_code: Field = "",
    scope: Field = "national",
    valid_days: Annotated[int, Form(ge=1, le=3650)] = 365,
) -> Response:
    authorize(principal, Action.MANAGE_TOKENS)
    c = container_of(request)
    try:
        if role not in {r.value for r in TOKEN_ROLES}:
            raise ValidationFailed(f"unknown token role {role!r}")
        known = frozenset(c.geography().station_of_port)
        with c.uow() as uow:
            _token, raw = identity.issue_token(
                uow,
                c.digester,
                c.clock,
                principal,
                identity.IssueToken(
                    name,
                    Role(role),
                    port_code or None,
                    DataScope.parse(scope),
                    valid_days=valid_days,
                ),
                known,
            )
    except GuomenError as exc:
        if exc.status >= 500 or exc.status == 403:
            raise
        return _tokens_page(request, principal, error=exc.message, status=exc.status)
    return _tokens_page(request, principal, new_secret=raw, status=201)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: str, principal: Caller) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        identity.revoke_token(uow, c.clock, principal, token_id)
    return RedirectResponse("/admin/tokens", status_code=303)
