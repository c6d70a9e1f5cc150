"""Jinja2 templates rendered with the request's language and the principal's navigation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from guomen.identity.model import Principal
from guomen.identity.policy import Action, can
from guomen.web.i18n import LANGUAGES, gettext_for


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # English msgid, translated at render time
    action: Action


NAVIGATION = (
    NavItem("/", "Home", Action.VIEW_DASHBOARD),
    NavItem("/clearance", "Border control console", Action.CLEAR_TRAVELLER),
    NavItem("/clearance/secondary", "Secondary inspection", Action.SECONDARY_INSPECTION),
    NavItem("/documents/check", "Document check", Action.CHECK_DOCUMENT),
    NavItem("/biometrics/compare", "Face comparison", Action.VERIFY_FACE),
    NavItem("/biometrics/enrol", "Face enrolment", Action.ENROL_FACE),
    NavItem("/applications", "Applications", Action.PROCESS_APPLICATION),
    NavItem("/screening/hits", "Hit review", Action.REVIEW_HITS),
    NavItem("/screening/lists", "Watchlists", Action.READ_WATCHLIST),
    NavItem("/screening/lists", "Watchlists", Action.MANAGE_WATCHLIST),
    NavItem("/screening/entries", "Search watchlist entries", Action.READ_WATCHLIST),
    NavItem("/records/documents", "Document lookup", Action.LOOKUP_DOCUMENT),
    NavItem("/records/movements", "Movements", Action.READ_MOVEMENTS),
    NavItem("/clearance/overstayers", "Overstayers", Action.READ_STAYS),
    NavItem("/flows", "Command centre", Action.READ_FLOWS),
    NavItem("/applications/stats", "Application statistics", Action.READ_APPLICATION_STATS),
    NavItem("/reference/ports", "Ports", Action.READ_REFERENCE),
    NavItem("/reference/offices", "Offices", Action.READ_REFERENCE),
    NavItem("/reference/countries", "Countries", Action.READ_REFERENCE),
    NavItem("/entitlement", "Entry rules", Action.READ_REFERENCE),
    NavItem("/admin/users", "Users", Action.MANAGE_USERS),
    NavItem("/admin/tokens", "API tokens", Action.MANAGE_TOKENS),
    NavItem("/audit", "Audit trail", Action.READ_AUDIT),
)


def navigation_for(principal: Principal | None) -> list[NavItem]:
    """The principal's menu: each page once, however many of its actions they hold."""
    if principal is None:
        return []
    items: list[NavItem] = []
    for item in NAVIGATION:
        if can(principal, item.action) and all(i.path != item.path for i in items):
            items.append(item)
    return items


def _environment() -> Environment:
    root = resources.files("guomen.web") / "templates"
    env = Environment(
        loader=FileSystemLoader(str(root)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


_ENV = _environment()


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    principal: Principal | None = None,
) -> HTMLResponse:
    language: str = request.state.language
    tz = ZoneInfo(request.app.state.container.settings.timezone)

    def local_time(value: datetime | None) -> str:
        return "" if value is None else value.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")

    ctx: dict[str, Any] = {
        "request": request,
        "_": gettext_for(language),
        "language": language,
        "languages": list(LANGUAGES),
        "principal": principal,
        "nav": navigation_for(principal),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "local_time": local_time,
        "path": request.url.path,
    }
    ctx.update(context or {})
    html = _ENV.get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["cache-control"] = "no-store"
    return response
