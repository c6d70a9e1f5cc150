"""Real-browser test mechanics shared by the Playwright tests: a live uvicorn server on a free
port, Debian's headless Chromium with the same launch arguments, a full-page screenshot of
every open page to test-artifacts/ when a test fails, and signing in through the login form.
Each test module keeps its own fixtures (which demo data it loads, extra page setup)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from guomen.bootstrap import Container
from guomen.demo.load import DEMO_PASSWORD
from guomen.web.app import create_app

if TYPE_CHECKING:
    from fastapi import FastAPI
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
START_SECONDS = 20


def require_chromium() -> None:
    """Skip the calling test or fixture where Debian's chromium is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(container_or_app: Container | FastAPI) -> Iterator[str]:
    """Serve the app (or a container's app) with uvicorn in a thread; yields the base URL and
    stops the server on exit. Closing the container stays with the caller."""
    app = (
        create_app(container=container_or_app)
        if isinstance(container_or_app, Container)
        else container_or_app
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_SECONDS
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _test_failed(request: pytest.FixtureRequest | None) -> bool:
    report = getattr(request.node, "rep_call", None) if request is not None else None
    return report is not None and report.failed


def _screenshot_pages(browser: Browser, request: pytest.FixtureRequest | None) -> None:
    """A full-page screenshot of every open page, named after the test (numbered if several)."""
    if request is None:
        return
    pages = [pg for context in browser.contexts for pg in context.pages]
    ARTIFACTS.mkdir(exist_ok=True)
    for i, pg in enumerate(pages):
        suffix = f"-{i}" if len(pages) > 1 else ""
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}{suffix}.png"), full_page=True)


@contextmanager
def chromium_browser(request: pytest.FixtureRequest | None = None) -> Iterator[Browser]:
    """Launch Debian's chromium headless; on a failed test (the `rep_call` report set in
    conftest.py once the test has run, or an error raised inside the block) screenshot every
    open page to ARTIFACTS; close the browser on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        except Exception:
            with suppress(Exception):  # the test's own failure is the one to report
                _screenshot_pages(browser, request)
            raise
        else:
            if _test_failed(request):
                _screenshot_pages(browser, request)
        finally:
            browser.close()


@contextmanager
def chromium_context(
    base_url: str, *, locale: str = "zh-CN", request: pytest.FixtureRequest | None = None
) -> Iterator[BrowserContext]:
    """One browser context on `base_url` in a freshly launched chromium (see chromium_browser)."""
    with chromium_browser(request) as browser:
        yield browser.new_context(base_url=base_url, locale=locale)


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form (the page must not hold a session yet)."""
    page.goto("/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_selector("[data-testid=nav]")
