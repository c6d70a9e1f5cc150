"""`guomen`: serve, db, demo, users, audit, keys."""

from __future__ import annotations

import typer

from guomen.cli import (
    applications,
    audit,
    db,
    demo,
    entitlement,
    face,
    flows,
    keys,
    mrz,
    registry,
    screen,
    users,
    watchlist,
)
from guomen.cli.common import container, user_errors

app = typer.Typer(
    help="Guomen (国门) smart exit-entry platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(users.app, name="users")
app.add_typer(audit.app, name="audit")
app.add_typer(keys.app, name="keys")
app.add_typer(mrz.app, name="mrz")
app.add_typer(registry.app, name="registry")
app.add_typer(watchlist.app, name="watchlist")
app.add_typer(face.app, name="face")
app.add_typer(flows.app, name="flows")
app.add_typer(screen.app, name="screen")
app.add_typer(entitlement.app, name="entitlement")
app.add_typer(applications.app, name="applications")


@app.command()
@user_errors
def serve(
    host: str | None = typer.Option(None, help="Bind address (default GUOMEN_HOST)."),
    port: int | None = typer.Option(None, help="Port (default GUOMEN_PORT)."),
    workers: int = typer.Option(1, min=1, max=16),
) -> None:
    """Serve the web app and JSON API."""
    import uvicorn

    from guomen.web.app import create_app

    c = container()
    uvicorn.run(
        create_app(container=c),
        host=host or c.settings.host,
        port=port or c.settings.port,
        workers=workers,
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )


if __name__ == "__main__":
    app()
