"""Shared CLI plumbing: one container per command, user errors as exit code 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from sqlalchemy.exc import OperationalError

from guomen.bootstrap import Container, build_container
from guomen.config import Settings, SettingsError
from guomen.shared.errors import GuomenError

P = ParamSpec("P")
T = TypeVar("T")


_OPEN: list[Container] = []


def container() -> Container:
    """The command's container; `user_errors` closes it when the command ends."""
    built = build_container(Settings())
    _OPEN.append(built)
    return built


def fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=2)


def user_errors(func: Callable[P, T]) -> Callable[P, T]:
    """Turn errors a user can cause into a clear message and exit code 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except GuomenError as exc:
            raise fail(exc.message) from None
        except SettingsError as exc:
            raise fail(f"configuration: {exc}") from None
        except OperationalError as exc:
            raise fail(f"database unavailable: {str(exc.orig).strip()[:200]}") from None
        except OSError as exc:
            raise fail(str(exc)) from None
        finally:
            while _OPEN:
                _OPEN.pop().close()

    return wrapper


def echo_err(message: str) -> None:
    print(message, file=sys.stderr)
