"""The issue's journey in a real browser (Playwright + Debian chromium): an applicant signs up
with the one-time code from the demo outbox, applies online for a passport, books a slot and
pays through the fake gateway; the Beijing clerk takes it in and reviews it; the approver
approves and issues it; its MRZ checks valid and the e-gate knows it; the applicant reports it
lost on the portal and at once the border check refuses it (registry: lost; e-gate: refer with
DOCUMENT_LOST). A screenshot goes to test-artifacts/ when a step fails."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from browser_support import chromium_browser, live_server, require_chromium, sign_in
from guomen.applications import appointments
from guomen.applications.calendar import calendar_of
from guomen.bootstrap import Container
from guomen.documents.services import check_mrz
from guomen.identity.model import Role
from guomen.identity.services import principal_for_user
from portal_web import citizen_id
from support import make_settings
from webhelpers import demo_app, issue

pytestmark = pytest.mark.browser
OFFICE = "OF-BJ-01"
EMAIL = "chen.dawen@example.cn"
ID_NUMBER = citizen_id(seq=321)  # 110101 19850304 …, male


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Container]]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("journey")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'j.sqlite3'}", people=20)
    client.close()
    container.settings = make_settings(tmp, container.settings.database_url, demo=True)
    with container.uow() as uow:
        appointments.generate_slots(
            uow, container.clock, None, OFFICE, container.clock.now().date(), 14, calendar_of([])
        )
    with live_server(container) as base_url:
        yield base_url, container
    container.close()


@pytest.fixture
def browser(server: tuple[str, Container], request: pytest.FixtureRequest):
    """`browser()` opens a page in a context of its own (its own cookies: its own session)."""
    with chromium_browser(request) as chromium:

        def new_page():
            return chromium.new_context(base_url=server[0], locale="zh-CN").new_page()

        yield new_page


def _staff(new_page, username: str):
    page = new_page()
    sign_in(page, username)
    return page


def _step(page, application_id: str, transition: str) -> None:
    page.goto(f"/applications/{application_id}")
    page.click(f"button[data-transition={transition}]")
    page.wait_for_url(re.compile(r"notice=done"))


def _egate(page, token: str, lines: list[str]) -> dict:
    answer = page.request.post(
        "/api/v1/clearance/egate",
        data={"mrz_lines": lines, "direction": "exit"},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(time.time_ns())},
    )
    assert answer.ok, answer.text()
    return answer.json()


def _registry(container: Container, lines: list[str]) -> str:
    with container.uow() as uow:
        user = uow.users.get_by_username("inspector.pek")
        assert user is not None
        checked = check_mrz(
            uow, container.clock, principal_for_user(user), lines, purpose="journey test"
        )
    assert checked.result.valid, checked.result
    assert checked.registry is not None, checked
    return f"{checked.registry.status}"


def test_apply_book_pay_intake_approve_issue_then_report_lost(server, browser) -> None:
    _base, container = server
    applicant = browser()
    # 1. sign up with the one-time code from the demo outbox
    applicant.goto("/portal")
    assert applicant.locator("h1").inner_text() == "验证码登录"
    applicant.fill("input[name=contact]", EMAIL)
    applicant.click("[data-testid=send-code]")
    assert "c***@example.cn" in applicant.locator("[data-testid=code-sent]").inner_text()
    outbox = browser()
    outbox.goto("/portal/outbox")
    code = re.search(r"\d{6}", outbox.locator("[data-testid=outbox-body]").first.inner_text())
    assert code is not None
    applicant.fill("input[name=code]", code.group(0))
    applicant.click("[data-testid=verify]")
    applicant.wait_for_selector("[data-testid=new-application]")
    # 2. apply online for a passport, with the pinyin suggestion
    applicant.click("[data-testid=new-application]")
    applicant.select_option("select[name=app_type]", "passport_first")
    applicant.select_option("select[name=office_code]", OFFICE)
    applicant.fill("input[name=name_zh]", "陈大文")
    applicant.click("[data-testid=suggest-pinyin]")
    assert applicant.input_value("input[name=surname]") == "CHEN"
    assert applicant.input_value("input[name=given_names]") == "DAWEN"
    applicant.fill("input[name=id_number]", ID_NUMBER)
    applicant.fill("input[name=phone]", "13800138000")
    applicant.fill("input[name=address]", "北京市东城区东长安街1号")
    applicant.click("[data-testid=submit-application]")
    applicant.wait_for_selector("[data-testid=reference]")
    application_id = applicant.url.rsplit("/", 1)[1]
    assert applicant.locator("[data-testid=status]").inner_text() == "已提交"
    assert "120.00" in applicant.locator("[data-testid=fee]").inner_text()
    # 3. book a slot, 4. pay through the gateway (a second click charges nothing)
    applicant.click("[data-testid=book]")
    assert "预约成功" in applicant.locator("[data-testid=notice]").inner_text()
    assert applicant.locator("[data-testid=booking]").is_visible()
    applicant.click("[data-testid=pay]")
    assert "120.00" in applicant.locator("[data-testid=gateway-amount]").inner_text()
    gateway = applicant.url
    applicant.click("[data-testid=gateway-pay]")
    assert "已收到付款" in applicant.locator("[data-testid=notice]").inner_text()
    assert applicant.locator("[data-testid=status]").inner_text() == "已缴费"
    applicant.goto(gateway)
    applicant.click("[data-testid=gateway-pay]")
    assert "未重复扣款" in applicant.locator("[data-testid=notice]").inner_text()
    assert container.portal_parts().gateway.charges == 1
    receipt = applicant.request.get(f"/portal/applications/{application_id}/receipt.pdf")
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    # 5. the clerk takes it in and reviews it; 6. the approver approves and issues it
    clerk = _staff(browser, "clerk.bj")
    _step(clerk, application_id, "accept")
    _step(clerk, application_id, "review")
    assert clerk.locator("button[data-transition=approve]").count() == 0  # four eyes
    approver = _staff(browser, "approver.bj")
    for transition in ("approve", "start_production", "issue"):
        _step(approver, application_id, transition)
    assert approver.locator("[data-testid=status]").inner_text() == "已签发"
    number = approver.locator("[data-testid=document-number]").inner_text().strip()
    lines = approver.locator("[data-testid=mrz]").inner_text().strip().splitlines()
    # 7. the MRZ is valid and the registry and the e-gate know the document
    registry = _registry(container, lines)
    assert registry == "valid", (registry, lines)
    gate = issue(container, Role.EGATE_DEVICE, port="PEK")
    before = _egate(applicant, gate, lines)
    assert "DOCUMENT_LOST" not in before["reason_codes"], before
    applicant.goto(f"/portal/applications/{application_id}")
    assert applicant.locator("[data-testid=document-number]").inner_text() == number
    # 8. the applicant reports it lost: the border check refuses it at once
    applicant.goto("/portal/report-loss")
    applicant.fill("input[name=number]", number)
    applicant.fill("input[name=id_number]", ID_NUMBER)
    applicant.fill("input[name=birth_date]", "1985-03-04")
    applicant.click("[data-testid=report-loss]")
    assert "挂失已登记" in applicant.locator("[data-testid=loss-done]").inner_text()
    assert _registry(container, lines) == "lost"
    after = _egate(applicant, gate, lines)
    assert after["decision"] == "refer" and "DOCUMENT_LOST" in after["reason_codes"], after
