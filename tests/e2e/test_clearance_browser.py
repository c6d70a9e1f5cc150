"""Real browser: the border control console driven by the keyboard. An officer at Luohu picks
a demo traveller, checks and clears with keys, starts the next traveller with N, refers a
second one; the back-office officer sees the referral in the queue and records the outcome.
A screenshot is saved to test-artifacts/ when a check fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser_support import chromium_context, live_server, require_chromium, sign_in
from guomen.bootstrap import Container
from guomen.demo.load import DemoSize, create_demo_accounts, load_people
from support import migrated_container

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Container]]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("console_browser")
    container = migrated_container(tmp, f"sqlite:///{tmp / 'b.sqlite3'}", demo=True)
    create_demo_accounts(container.uow, container.hasher, container.clock)
    load_people(container.uow, container.clock, DemoSize(people=50, months=2, seed=5))
    with live_server(container) as base_url:
        yield base_url, container
    container.close()


@pytest.fixture
def page(server: tuple[str, Container], request: pytest.FixtureRequest):
    with chromium_context(server[0], request=request) as context:
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        yield pg


def focused_id(page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def test_officer_clears_and_refers_with_the_keyboard_and_the_back_office_closes_it(page) -> None:
    sign_in(page, "inspector.luohu")
    page.goto("/clearance")
    assert focused_id(page) == "mrz"

    page.select_option("#demo-pick", "visa_free")
    assert page.input_value("#mrz").startswith("P<")
    assert focused_id(page) == "mrz"
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("[data-testid=assessment]")
    assert page.inner_text("[data-testid=recommended]") == "放行"
    page.keyboard.press("c")
    page.wait_for_selector("[data-testid=done]")
    assert page.inner_text("[data-testid=decision]") == "放行"
    assert page.inner_text("[data-testid=movement-id]")

    page.keyboard.press("n")
    page.wait_for_selector("#mrz")
    assert page.input_value("#mrz") == ""
    assert focused_id(page) == "mrz"

    page.select_option("#demo-pick", "permit")
    assert page.is_checked("input[name=direction][value=exit]")
    page.keyboard.press("Alt+d")  # flip to entry and back: the key works
    assert page.is_checked("input[name=direction][value=entry]")
    page.keyboard.press("Alt+d")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("[data-testid=assessment]")
    page.keyboard.press("r")
    assert focused_id(page) == "refer-reason"
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=done]")
    assert page.inner_text("[data-testid=decision]") == "移交二线"
    movement = page.inner_text("[data-testid=movement-id]").strip()

    page.context.clear_cookies()
    sign_in(page, "backoffice.sz")
    page.goto("/clearance/secondary")
    row = page.locator(f"tr[data-movement='{movement}']")
    assert row.count() == 1
    row.locator("[data-testid=open-referral]").click()
    page.wait_for_selector("[data-testid=outcome-form]")
    page.check("[data-testid=outcome-admitted]")
    page.fill("[data-testid=outcome-reason]", "Documents checked in the back office")
    page.click("[data-testid=record-outcome]")
    page.wait_for_selector("[data-testid=closed-notice]")
    assert page.locator(f"tr[data-movement='{movement}']").count() == 0
