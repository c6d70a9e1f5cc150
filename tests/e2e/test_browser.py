"""Real browser: Playwright drives Debian's headless Chromium against a live uvicorn server.
Two roles sign in, switch language and see only their own navigation. A screenshot is saved
to test-artifacts/ when a check fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser_support import chromium_context, live_server, require_chromium, sign_in
from guomen.bootstrap import Container
from guomen.documents.mrz import MrzFields, generate_mrz
from webhelpers import demo_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Container]]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("browser")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'b.sqlite3'}", people=50)
    client.close()
    with live_server(container) as base_url:
        yield base_url, container
    container.close()


@pytest.fixture
def page(server: tuple[str, Container], request: pytest.FixtureRequest):
    with chromium_context(server[0], request=request) as context:
        yield context.new_page()


def nav_labels(page) -> list[str]:
    return [t.strip() for t in page.locator("[data-testid=nav] a").all_inner_texts()]


def test_inspector_signs_in_switches_language_and_sees_only_counter_work(page) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "登录"
    sign_in(page, "inspector.luohu")
    assert nav_labels(page) == [
        "首页",
        "边检查验台",
        "二线核查",
        "证件核验",
        "人像比对",
        "证件查询",
        "出入境记录",
        "逾期滞留人员",
        "口岸",
        "接待大厅",
        "国家和地区",
        "入境政策",
    ]
    assert "前台检查员" in page.locator("[data-testid=who]").inner_text()
    page.click("a[data-lang=en]")
    page.wait_for_selector("html[lang=en]")
    assert nav_labels(page) == [
        "Home",
        "Border control console",
        "Secondary inspection",
        "Document check",
        "Face comparison",
        "Document lookup",
        "Movements",
        "Overstayers",
        "Ports",
        "Offices",
        "Countries",
        "Entry rules",
    ]
    assert "Users" not in nav_labels(page) and "Audit trail" not in nav_labels(page)
    page.goto("/admin/users")
    assert "Not allowed" in page.locator("h1").inner_text()


def test_auditor_sees_the_trail_verifies_it_and_signs_out(page) -> None:
    sign_in(page, "auditor")
    labels = nav_labels(page)
    assert "审计日志" in labels
    assert "用户管理" not in labels and "证件查询" not in labels
    page.click("text=审计日志")
    page.wait_for_selector("table.small tbody tr")
    page.click("text=校验哈希链")
    assert "哈希链完整" in page.locator("[data-testid=verify-report]").inner_text()
    page.click("text=退出")
    page.wait_for_selector("input[name=username]")
    page.goto("/audit")
    assert page.locator("input[name=username]").is_visible()


def test_wrong_password_shows_a_clear_message(page) -> None:
    page.goto("/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "wrong-password-here")
    page.click("button.primary")
    assert "用户名或密码错误" in page.locator("[data-testid=login-error]").inner_text()


def test_officer_checks_an_mrz_and_reports_the_document_lost(page, server) -> None:
    _, container = server
    with container.uow() as uow:
        pid = uow.conn.exec_driver_sql(
            "SELECT person_id FROM travel_documents WHERE doc_type = 'passport' "
            "AND issuing_state = 'CHN' ORDER BY expires_on DESC LIMIT 1"
        ).scalar_one()
        person = uow.people.get(pid)
        doc = next(d for d in uow.documents.for_person(pid) if d.doc_type == "passport")
    assert person is not None
    lines = generate_mrz(
        MrzFields(
            "PO",
            "CHN",
            person.surname,
            person.given_names,
            doc.number,
            "CHN",
            person.birth_date,
            person.sex.value,
            doc.expires_on,
        ),
        "TD3",
    ).lines
    sign_in(page, "inspector.luohu")
    page.click("text=证件核验")
    page.fill("textarea[name=mrz]", "\n".join(lines))
    page.click("button.primary >> text=核验")
    assert "证件库: 有效" in page.locator("[data-testid=registry-status]").inner_text()
    assert "普通护照" in page.locator("[data-testid=document-kind]").inner_text()
    page.click("[data-testid=report-loss]")
    assert "证件库: 已挂失" in page.locator("[data-testid=registry-status]").inner_text()
    assert "挂失已登记" in page.content()
