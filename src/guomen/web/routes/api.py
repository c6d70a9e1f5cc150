"""The JSON API (/api/v1). Devices use Bearer tokens; browsers may use their session cookie
with the X-CSRF-Token header on unsafe requests."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request

from guomen.audit import services as trail
from guomen.identity import services as identity
from guomen.identity.model import DataScope, Principal, Role
from guomen.identity.policy import Action, authorize
from guomen.people import services as records
from guomen.reference import services as reference
from guomen.shared.errors import ValidationFailed
from guomen.web.auth import authenticate, container_of
from guomen.web.routes.audit import build_filter
from guomen.web.schemas.core import (
    AuditEntryPublic,
    ChainReportPublic,
    CountryPublic,
    DocumentHitPublic,
    DocumentPublic,
    MePublic,
    MovementPublic,
    OfficePublic,
    PersonPublic,
    PersonRecordPublic,
    PortPublic,
    TokenCreate,
    TokenIssued,
    TokenPublic,
    UserCreate,
    UserPublic,
)

router = APIRouter(prefix="/api/v1", tags=["api"])
Caller = Annotated[Principal, Depends(authenticate)]
Purpose = Annotated[str, Header(alias="X-Purpose", max_length=500)]
Code = Annotated[str, Query(max_length=32)]


@router.get("/me")
def me(principal: Caller) -> MePublic:
    return MePublic.of(principal)


@router.get("/device/ping")
def device_ping(principal: Caller) -> dict[str, str | None]:
    authorize(principal, Action.DEVICE_PING)
    return {"status": "ok", "device": principal.name, "port": principal.port_code}


@router.get("/reference/ports")
def ports(request: Request, principal: Caller) -> list[PortPublic]:
    with container_of(request).uow() as uow:
        return [PortPublic(**asdict(p)) for p in reference.list_ports(uow, principal)]


@router.get("/reference/countries")
def countries(request: Request, principal: Caller) -> list[CountryPublic]:
    with container_of(request).uow() as uow:
        return [CountryPublic(**asdict(c)) for c in reference.list_countries(uow, principal)]


@router.get("/reference/offices")
def offices(request: Request, principal: Caller) -> list[OfficePublic]:
    with container_of(request).uow() as uow:
        return [OfficePublic(**asdict(o)) for o in reference.list_offices(uow, principal)]


@router.get("/persons/{person_id}")
def person(
    request: Request, person_id: str, principal: Caller, purpose: Purpose = ""
) -> PersonRecordPublic:
    c = container_of(request)
    with c.uow() as uow:
        rec = records.read_person(uow, c.clock, principal, person_id[:64], purpose)
    return PersonRecordPublic(
        person=PersonPublic.of(rec.person),
        documents=[DocumentPublic.of(d) for d in rec.documents],
        recent_movements=[MovementPublic.of(m) for m in rec.recent_movements],
    )


@router.get("/documents/{issuing_state}/{number}")
def document(
    request: Request, issuing_state: str, number: str, principal: Caller, purpose: Purpose = ""
) -> DocumentHitPublic:
    c = container_of(request)
    with c.uow() as uow:
        hit = records.lookup_document(uow, c.clock, principal, issuing_state, number, purpose)
    return DocumentHitPublic(
        document=DocumentPublic.of(hit.document), holder=PersonPublic.of(hit.holder)
    )


@router.get("/ports/{port_code}/movements")
def port_movements(
    request: Request,
    port_code: str,
    principal: Caller,
    day: date,
    purpose: Purpose = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[MovementPublic]:
    c = container_of(request)
    with c.uow() as uow:
        items = records.list_port_movements(
            uow,
            c.clock,
            c.geography(),
            principal,
            port_code,
            day,
            c.settings.timezone,
            purpose,
            limit,
        )
    return [MovementPublic.of(m) for m in items]


@router.get("/users")
def users(request: Request, principal: Caller) -> list[UserPublic]:
    with container_of(request).uow() as uow:
        return [UserPublic.of(u) for u in identity.list_users(uow, principal)]


@router.post("/users", status_code=201)
def create_user(request: Request, body: UserCreate, principal: Caller) -> UserPublic:
    authorize(principal, Action.MANAGE_USERS)
    if body.role not in {r.value for r in Role}:
        raise ValidationFailed(f"unknown role {body.role!r}")
    c = container_of(request)
    with c.uow() as uow:
        user = identity.create_user(
            uow,
            c.hasher,
            c.clock,
            principal,
            identity.CreateUser(
                body.username,
                body.display_name,
                Role(body.role),
                DataScope.parse(body.scope),
                body.password,
            ),
        )
    return UserPublic.of(user)


@router.post("/users/{user_id}/disable")
def disable_user(request: Request, user_id: str, principal: Caller) -> UserPublic:
    c = container_of(request)
    with c.uow() as uow:
        return UserPublic.of(identity.set_user_active(uow, c.clock, principal, user_id, False))


@router.post("/users/{user_id}/enable")
def enable_user(request: Request, user_id: str, principal: Caller) -> UserPublic:
    c = container_of(request)
    with c.uow() as uow:
        return UserPublic.of(identity.set_user_active(uow, c.clock, principal, user_id, True))


@router.get("/tokens")
def tokens(request: Request, principal: Caller) -> list[TokenPublic]:
    with container_of(request).uow() as uow:
        return [TokenPublic.of(t) for t in identity.list_tokens(uow, principal)]


@router.post("/tokens", status_code=201)
def issue_token(request: Request, body: TokenCreate, principal: Caller) -> TokenIssued:
    authorize(principal, Action.MANAGE_TOKENS)
    c = container_of(request)
    cmd = identity.IssueToken(
        body.name,
        Role(body.role),
        body.port_code,
        DataScope.parse(body.scope),
        frozenset(body.actions) if body.actions is not None else None,
        body.valid_days,
    )
    with c.uow() as uow:
        token, raw = identity.issue_token(
            uow, c.digester, c.clock, principal, cmd, frozenset(c.geography().station_of_port)
        )
    return TokenIssued(**TokenPublic.of(token).model_dump(), secret=raw)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: str, principal: Caller) -> TokenPublic:
    c = container_of(request)
    with c.uow() as uow:
        return TokenPublic.of(identity.revoke_token(uow, c.clock, principal, token_id))


@router.get("/audit/entries")
def audit_entries(
    request: Request,
    principal: Caller,
    actor: Code = "",
    action: Code = "",
    object_id: Annotated[str, Query(max_length=64)] = "",
    since: date | None = None,
    until: date | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[AuditEntryPublic]:
    c = container_of(request)
    flt = build_filter(c.settings.timezone, actor, action, object_id, since, until, limit, offset)
    with c.uow() as uow:
        return [
            AuditEntryPublic.of(e)
            for e in trail.search_trail(uow, c.clock, principal, flt, export=False)
        ]


@router.post("/audit/verify")
def audit_verify(request: Request, principal: Caller) -> ChainReportPublic:
    c = container_of(request)
    with c.uow() as uow:
        report = trail.verify_trail(uow, c.clock, principal)
    return ChainReportPublic(**asdict(report))
