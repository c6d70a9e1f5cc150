"""FastAPI app factory: everything is built from Settings here, nothing at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from guomen import __version__
from guomen.bootstrap import Container, build_container
from guomen.config import Settings
from guomen.web.errors import install_error_handlers
from guomen.web.i18n import pick_language
from guomen.web.middleware import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from guomen.web.routes import (
    admin,
    api,
    applications_staff,
    audit,
    auth,
    clearance_api,
    clearance_pages,
    documents_api,
    documents_pages,
    entitlement,
    faces,
    flows,
    health,
    kiosk,
    pages,
    portal,
    records,
    screening,
    screening_pages,
)


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    container = container or build_container(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        container.close()

    app = FastAPI(
        title="Guomen 国门",
        version=__version__,
        description="Smart exit-entry platform: JSON API. Errors are application/problem+json.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.container = container

    @app.middleware("http")
    async def language(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.language = pick_language(
            request.cookies.get("lang"),
            request.query_params.get("lang"),
            container.settings.language,
        )
        return await call_next(request)

    app.add_middleware(BodySizeLimitMiddleware, max_bytes=container.settings.max_request_bytes)
    app.add_middleware(
        SecurityHeadersMiddleware, hsts=container.settings.environment == "production"
    )
    install_error_handlers(app)
    static = resources.files("guomen.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for module in (
        health,
        auth,
        pages,
        records,
        documents_pages,
        admin,
        audit,
        api,
        documents_api,
        faces,
        screening,
        screening_pages,
        entitlement,
        portal,
        kiosk,
        flows,
        clearance_api,
        clearance_pages,
        applications_staff,
    ):
        app.include_router(module.router)
    app.include_router(portal.api_router)
    return app
