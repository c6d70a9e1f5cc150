"""Every route × every role: 401 without credentials, 403 where the policy says no, success
where it says yes. The expectations are written out here, independently of the policy table,
and every route the app serves must appear (a new route without a row fails this test)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from guomen.identity import services as identity
from guomen.identity.model import DataScope, Role, ScopeLevel
from route_roles import EVERYONE, HUMANS, TOKENS
from webhelpers import any_document, any_person_id, demo_app, issue, login

PERSON_READERS = {
    "inspector.luohu",
    "inspector.pek",
    "backoffice.sz",
    "clerk.bj",
    "approver.bj",
    "analyst",
}
DOC_LOOKUP = PERSON_READERS | {"egate"}
MOVEMENT_READERS = {"inspector.luohu", "inspector.pek", "backoffice.sz", "analyst", "service"}
CHECKERS = {
    "inspector.luohu",
    "inspector.pek",
    "backoffice.sz",
    "clerk.bj",
    "approver.bj",
    "analyst",
    "egate",
    "kiosk",
}
FACE_VERIFIERS = {
    "inspector.luohu",
    "inspector.pek",
    "backoffice.sz",
    "clerk.bj",
    "approver.bj",
    "egate",
    "kiosk",
}
LOSS_REPORTERS = {"inspector.luohu", "inspector.pek", "backoffice.sz", "clerk.bj", "approver.bj"}
TODAY = date.today().isoformat()
SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)

# (method, path template, who succeeds, success status)
MATRIX = [
    ("GET", "/", set(HUMANS), 200),
    ("GET", "/reference/ports", EVERYONE, 200),
    ("GET", "/reference/offices", EVERYONE, 200),
    ("GET", "/reference/countries", EVERYONE, 200),
    ("GET", "/records/documents", DOC_LOOKUP, 200),
    ("GET", "/records/persons/{person}?purpose=matrix", PERSON_READERS, 200),
    ("GET", "/records/movements", MOVEMENT_READERS, 200),
    ("GET", "/documents/check", CHECKERS, 200),
    ("POST", "/documents/check", CHECKERS, 200),
    ("POST", "/documents/photo", CHECKERS, 422),  # not an image: past the policy, refused
    ("POST", "/documents/report-loss", LOSS_REPORTERS, 200),
    ("GET", "/biometrics/compare", FACE_VERIFIERS, 200),
    ("POST", "/biometrics/compare", FACE_VERIFIERS, 422),  # not images: past the policy
    ("POST", "/api/v1/faces/verify", FACE_VERIFIERS, 422),
    ("GET", "/admin/users", {"admin"}, 200),
    ("POST", "/admin/users", {"admin"}, 303),
    ("POST", "/admin/users/{dummy}/disable", {"admin"}, 303),
    ("POST", "/admin/users/{dummy}/enable", {"admin"}, 303),
    ("POST", "/admin/users/{dummy}/password", {"admin"}, 303),
    ("GET", "/admin/tokens", {"admin"}, 200),
    ("POST", "/admin/tokens", {"admin"}, 201),
    ("POST", "/admin/tokens/{spare_token}/revoke", {"admin"}, 303),
    ("GET", "/audit", {"auditor"}, 200),
    ("GET", "/audit/export.csv", {"auditor"}, 200),
    ("POST", "/audit/verify", {"auditor"}, 200),
    ("GET", "/api/v1/me", EVERYONE, 200),
    ("GET", "/api/v1/device/ping", set(TOKENS), 200),
    ("GET", "/api/v1/reference/ports", EVERYONE, 200),
    ("GET", "/api/v1/reference/countries", EVERYONE, 200),
    ("GET", "/api/v1/reference/offices", EVERYONE, 200),
    ("GET", "/api/v1/persons/{person}", PERSON_READERS, 200),
    ("GET", "/api/v1/documents/{state}/{number}", DOC_LOOKUP, 200),
    # Scope matters here: LUOHU belongs to Shenzhen; the Beijing airport officer may not look.
    (
        "GET",
        "/api/v1/ports/LUOHU/movements?day=" + TODAY,
        MOVEMENT_READERS - {"inspector.pek"},
        200,
    ),
    ("GET", "/api/v1/users", {"admin"}, 200),
    ("POST", "/api/v1/users", {"admin"}, 201),
    ("POST", "/api/v1/users/{dummy}/disable", {"admin"}, 200),
    ("POST", "/api/v1/users/{dummy}/enable", {"admin"}, 200),
    ("GET", "/api/v1/tokens", {"admin"}, 200),
    ("POST", "/api/v1/tokens", {"admin"}, 201),
    ("POST", "/api/v1/tokens/{spare_token}/revoke", {"admin"}, 200),
    ("POST", "/api/v1/mrz/check", CHECKERS, 200),
    ("POST", "/api/v1/mrz/read", CHECKERS, 422),
    ("POST", "/api/v1/mrz/generate", CHECKERS, 200),
    ("GET", "/api/v1/registry/{state}/{number}", CHECKERS, 200),
    ("POST", "/api/v1/registry/{state}/{number}/loss", LOSS_REPORTERS, 200),
    ("POST", "/api/v1/registry/CHN/{fresh_number}/revoke", {"backoffice.sz", "approver.bj"}, 200),
    ("POST", "/api/v1/registry/alerts?source=matrix", {"backoffice.sz", "admin"}, 201),
    ("POST", "/api/v1/screening/screen", {"backoffice.sz"}, 200),
    ("GET", "/api/v1/audit/entries", {"auditor"}, 200),
    ("POST", "/api/v1/audit/verify", {"auditor"}, 200),
]


def _capability_modules() -> list[ModuleType]:
    """The rows each capability keeps in tests/matrix_<capability>.py (see route_roles.py)."""
    modules = []
    for path in sorted(Path(__file__).parents[1].glob("matrix_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


CAPABILITIES = _capability_modules()
for _module in CAPABILITIES:
    MATRIX.extend(_module.ROWS)

PUBLIC = {
    "/login",
    "/logout",
    "/lang/{code}",
    "/healthz",
    "/readyz",
    "/docs",
    "/openapi.json",
    "/docs/oauth2-redirect",
    # The applicant portal's sign-in (one-time codes) and the demo's outbox, where a demo
    # applicant reads their code: applicants are not staff (tests/e2e/test_portal_pages.py).
    "/portal",
    "/portal/code",
    "/portal/verify",
    "/portal/outbox",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    tmp = tmp_path_factory.mktemp("matrix")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'matrix.sqlite3'}")
    csrf, sessions = {}, {}
    for name in HUMANS:
        csrf[name] = login(client, name)
        sessions[name] = client.cookies.get("guomen_session")
    client.cookies.clear()
    state, number = any_document(container)
    with container.uow() as uow:  # the account that admins disable and enable below
        dummy = identity.create_user(
            uow,
            container.hasher,
            container.clock,
            None,
            identity.CreateUser(
                "matrix.dummy",
                "X",
                Role.ANALYST,
                DataScope(ScopeLevel.NATIONAL),
                "a-long-password-1",
            ),
        )
    yield {
        "container": container,
        "client": client,
        "csrf": csrf,
        "sessions": sessions,
        "tokens": {
            "egate": issue(container, Role.EGATE_DEVICE),
            "kiosk": issue(container, Role.KIOSK_DEVICE),
            "service": issue(container, Role.SERVICE_ACCOUNT, port=None),
        },
        "values": {
            "person": any_person_id(container),
            "state": state,
            "number": number,
            "dummy": dummy.id,
            **capability_values(container),
        },
        "fresh": chinese_document_numbers(container),
    }
    client.close()
    container.close()


def capability_values(container: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for module in CAPABILITIES:
        if hasattr(module, "values"):
            found.update(module.values(container))
    return found


def body_for(method: str, path: str, n: int) -> dict[str, object]:
    if method != "POST":
        return {}
    if path == "/admin/users":
        return {
            "data": {
                "username": f"html.user{n}",
                "display_name": "测试",
                "role": "analyst",
                "scope": "national",
                "password": "a-long-password-1",
            }
        }
    if path == "/api/v1/users":
        return {
            "json": {
                "username": f"api.user{n}",
                "display_name": "测试",
                "role": "analyst",
                "scope": "national",
                "password": "a-long-password-1",
            }
        }
    if path == "/admin/tokens":
        return {
            "data": {
                "name": f"gate {n}",
                "role": "egate_device",
                "port_code": "LUOHU",
                "scope": "national",
            }
        }
    if path == "/api/v1/tokens":
        return {"json": {"name": f"gate {n}", "role": "egate_device", "port_code": "LUOHU"}}
    for module in CAPABILITIES:
        if path in getattr(module, "BODIES", {}):
            return dict(module.BODIES[path])
    return DOCUMENT_BODIES.get(path, {})


NOT_IMAGES = {
    "probe": ("a.png", b"not an image", "image/png"),
    "reference": ("b.png", b"nor this", "image/png"),
}
DOCUMENT_BODIES: dict[str, dict[str, object]] = {
    "/biometrics/compare": {"files": NOT_IMAGES, "data": {"subject": "matrix"}},
    "/admin/users/{dummy}/password": {"data": {"password": "another-long-pass-9"}},
    "/api/v1/faces/verify": {"files": NOT_IMAGES},
    "/api/v1/screening/screen": {"json": {"name": "CHAN TAI MAN"}},
    "/documents/check": {"data": {"mrz": SPECIMEN, "purpose": "matrix"}},
    "/documents/photo": {
        "files": {"photo": ("p.png", b"not an image", "image/png")},
        "data": {"purpose": "matrix"},
    },
    "/documents/report-loss": {
        "data": {
            "issuing_state": "{state}",
            "number": "{number}",
            "kind": "lost",
            "purpose": "matrix",
        }
    },
    "/api/v1/mrz/check": {"json": {"mrz_lines": SPECIMEN.splitlines()}},
    "/api/v1/mrz/read": {"files": {"photo": ("p.png", b"not an image", "image/png")}},
    "/api/v1/mrz/generate": {
        "json": {
            "issuing_state": "CHN",
            "given_names": "DAWEN",
            "document_number": "E12345678",
            "birth_date": "1980-02-29",
            "expiry_date": "2031-05-01",
            "nationality": "CHN",
            "surname": "CHEN",
        }
    },
    "/api/v1/registry/{state}/{number}/loss": {"json": {"kind": "lost"}},
    "/api/v1/registry/CHN/{fresh_number}/revoke": {
        "json": {"reason": "matrix test", "authority": "NIA"}
    },
    "/api/v1/registry/alerts?source=matrix": {
        "content": b"issuing_state,document_number,document_type,status,reported_on\n"
        b"FRA,12AB34567,P,stolen,\n",
        "headers": {"content-type": "text/csv"},
    },
}


CASES = [
    (m, p, ok, code, who) for (m, p, ok, code) in MATRIX for who in ["anonymous", *HUMANS, *TOKENS]
]


@pytest.mark.parametrize(
    ("method", "template", "allowed", "ok", "who"),
    CASES,
    ids=[f"{c[0]} {c[1]} as {c[4]}" for c in CASES],
)
def test_route_as_role(world, method, template, allowed, ok, who) -> None:
    client: TestClient = world["client"]
    container = world["container"]
    values = dict(world["values"])
    if "{spare_token}" in template:
        values["spare_token"] = spare_token_id(container)
    if "{fresh_number}" in template:
        values["fresh_number"] = world["fresh"].pop()
    path = template.format(**values)
    n = CASES.index((method, template, allowed, ok, who))
    kwargs = {
        k: (dict(v) if isinstance(v, dict) else v) for k, v in body_for(method, template, n).items()
    }
    if "data" in kwargs:
        kwargs["data"] = {k: str(v).format(**values) for k, v in kwargs["data"].items()}
    if isinstance(kwargs.get("json"), dict):
        kwargs["json"] = {
            k: v.format(**values) if isinstance(v, str) else v for k, v in kwargs["json"].items()
        }
    headers = {"X-Purpose": "route matrix test", **kwargs.pop("headers", {})}
    client.cookies.clear()
    if who in world["sessions"]:
        client.cookies.set("guomen_session", world["sessions"][who])
        if method == "POST":
            headers["X-CSRF-Token"] = world["csrf"][who]
            if "data" in kwargs:
                kwargs["data"]["csrf_token"] = world["csrf"][who]
    elif who in world["tokens"]:
        headers["Authorization"] = f"Bearer {world['tokens'][who]}"
    response = client.request(method, path, headers=headers, follow_redirects=False, **kwargs)
    expected = 401 if who == "anonymous" else (ok if who in allowed else 403)
    assert response.status_code == expected, response.text[:300]
    assert "Traceback" not in response.text


def chinese_document_numbers(container) -> list[str]:
    """Documents to revoke, one per call (a revoked document cannot be revoked again)."""
    from sqlalchemy import text

    with container.uow() as uow:
        ids = (
            uow.conn.execute(
                text(
                    "SELECT person_id FROM travel_documents WHERE issuing_state = 'CHN' ORDER BY id"
                )
            )
            .scalars()
            .all()
        )
        return [
            d.number for i in ids for d in uow.documents.for_person(i) if d.issuing_state == "CHN"
        ][5:]


def spare_token_id(container) -> str:
    issue(container, Role.KIOSK_DEVICE)
    with container.uow() as uow:
        tokens = identity.list_tokens(uow, None)
    return next(t.id for t in tokens if t.revoked_at is None and t.role is Role.KIOSK_DEVICE)


def served_routes(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every (method, path) the app serves, through included routers (FastAPI keeps them as
    wrappers in ``app.routes``)."""
    for route in routes:
        context = getattr(route, "include_context", None)
        if context is not None:
            yield from served_routes(context.included_router.routes, prefix + context.prefix)
        elif getattr(route, "methods", None):
            yield from ((m, prefix + route.path) for m in route.methods - {"HEAD"})


def test_the_route_walk_sees_the_included_routers(world) -> None:
    served = set(served_routes(world["client"].app.routes))
    assert ("POST", "/api/v1/clearance/egate") in served and ("GET", "/audit") in served
    assert len(served) > 100


def test_every_route_is_in_the_matrix(world) -> None:
    served = set(served_routes(world["client"].app.routes))
    covered = {(m, p.split("?")[0]) for m, p, _, _ in MATRIX}
    missing = {
        (m, p)
        for m, p in served
        if p not in PUBLIC
        and (m, p) not in covered
        and not any(_same(p, c) for mm, c in covered if mm == m)
    }
    assert missing == set()


def _same(route_path: str, template: str) -> bool:
    a, b = route_path.split("/"), template.split("/")
    return len(a) == len(b) and all(x == y or x.startswith("{") for x, y in zip(a, b, strict=True))
