"""`guomen users`: user accounts and API tokens, run by the operator on the server."""

from __future__ import annotations

import json

import typer

from guomen.cli.common import container, fail, user_errors
from guomen.identity import services as identity
from guomen.identity.model import HUMAN_ROLES, TOKEN_ROLES, DataScope, Role

app = typer.Typer(help="Users and API tokens.", no_args_is_help=True)


def _role(value: str, allowed: tuple[Role, ...]) -> Role:
    if value not in {r.value for r in allowed}:
        raise fail(f"role must be one of: {', '.join(r.value for r in allowed)}")
    return Role(value)


@app.command("create")
@user_errors
def create(
    username: str,
    role: str = typer.Option(..., help="One of: " + ", ".join(r.value for r in HUMAN_ROLES)),
    scope: str = typer.Option(
        ..., help="station:CODE, general_station:CODE, office:CODE or national"
    ),
    display_name: str = typer.Option(..., "--name", help="Full name shown in the UI."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Create a user."""
    c = container()
    with c.uow() as uow:
        user = identity.create_user(
            uow,
            c.hasher,
            c.clock,
            None,
            identity.CreateUser(
                username, display_name, _role(role, HUMAN_ROLES), DataScope.parse(scope), password
            ),
        )
    typer.echo(f"created {user.username} ({user.role}, {user.scope})")


@app.command("list")
@user_errors
def list_users(as_json: bool = typer.Option(False, "--json")) -> None:
    """List users."""
    c = container()
    with c.uow() as uow:
        users = identity.list_users(uow, None)
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "username": u.username,
                        "role": u.role,
                        "scope": str(u.scope),
                        "active": u.active,
                    }
                    for u in users
                ],
                ensure_ascii=False,
            )
        )
        return
    for u in users:
        state = "active" if u.active else "disabled"
        typer.echo(f"{u.username:24} {u.role:22} {u.scope!s:28} {state}")


@app.command("disable")
@user_errors
def disable(username: str) -> None:
    """Disable an account and end its sessions."""
    c = container()
    with c.uow() as uow:
        identity.set_user_active(uow, c.clock, None, username, False)
    typer.echo(f"disabled {username}")


@app.command("enable")
@user_errors
def enable(username: str) -> None:
    """Re-enable an account (also clears a lockout)."""
    c = container()
    with c.uow() as uow:
        identity.set_user_active(uow, c.clock, None, username, True)
    typer.echo(f"enabled {username}")


@app.command("set-password")
@user_errors
def set_password(
    username: str,
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Set a new password (ends the user's sessions)."""
    c = container()
    with c.uow() as uow:
        identity.set_password(uow, c.hasher, c.clock, None, username, password)
    typer.echo(f"password set for {username}")


@app.command("issue-token")
@user_errors
def issue_token(
    name: str,
    role: str = typer.Option(..., help="One of: " + ", ".join(r.value for r in TOKEN_ROLES)),
    port: str | None = typer.Option(None, help="Port code the device is bound to."),
    scope: str = typer.Option("national"),
    days: int = typer.Option(365, min=1, max=3650),
) -> None:
    """Issue an API token for a device or service; the secret is printed once."""
    c = container()
    with c.uow() as uow:
        token, raw = identity.issue_token(
            uow,
            c.digester,
            c.clock,
            None,
            identity.IssueToken(
                name, _role(role, TOKEN_ROLES), port, DataScope.parse(scope), valid_days=days
            ),
            frozenset(c.geography().station_of_port),
        )
    typer.echo(f"token id {token.id}", err=True)
    typer.echo(raw)


@app.command("list-tokens")
@user_errors
def list_tokens() -> None:
    """List API tokens (never their secrets)."""
    c = container()
    with c.uow() as uow:
        tokens = identity.list_tokens(uow, None)
    for t in tokens:
        state = (
            "revoked" if t.revoked_at else ("active" if t.usable_at(c.clock.now()) else "expired")
        )
        typer.echo(f"{t.id} {t.name:24} {t.role:16} {t.port_code or '-':10} {state}")


@app.command("revoke-token")
@user_errors
def revoke_token(token_id: str) -> None:
    """Revoke an API token at once."""
    c = container()
    with c.uow() as uow:
        identity.revoke_token(uow, c.clock, None, token_id)
    typer.echo(f"revoked {token_id}")
