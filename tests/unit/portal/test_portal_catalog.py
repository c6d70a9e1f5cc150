"""Every text of the portal and kiosk pages, and every status and service label they show, has
a Chinese translation; the English labels of services and statuses are words, not codes."""

from __future__ import annotations

import re
from importlib import resources

from guomen.applications.model import ApplicationType, Status
from guomen.portal.model import Channel
from guomen.web.i18n import gettext_for


def portal_messages() -> set[str]:
    found: set[str] = set()
    for item in (resources.files("guomen.web") / "templates").iterdir():
        if not item.name.startswith(("portal_", "kiosk_")):
            continue
        text = item.read_text(encoding="utf-8")
        found |= set(re.findall(r'_\("([^"]+)"\)', text))
        found |= set(re.findall(r"_\('([^']+)'\)", text))
        found |= set(re.findall(r'field\("\w+", "([^"]+)"', text))  # labels passed to macros
        found |= set(re.findall(r'\("\w+", "([^"]+)"\)', text))  # (code, label) option lists
    return found


def test_portal_and_kiosk_texts_are_translated_to_chinese() -> None:
    zh = gettext_for("zh-CN")
    labels = {e.value for e in (*ApplicationType, *Status, *Channel)}
    missing = sorted(m for m in portal_messages() | labels if zh(m) == m)
    assert missing == []
    assert len(portal_messages()) > 80


def test_english_shows_words_for_services_and_statuses() -> None:
    en = gettext_for("en")
    assert en("passport_first") == "Passport (first issue)"
    assert en("accepted") == "Taken in"
    assert gettext_for("zh-CN")("Send code") == "获取验证码"
