"""Every text shown in the UI has a Chinese translation (zh-CN is the default language)."""

from __future__ import annotations

import re
from importlib import resources

from guomen.clearance.model import Decision, Direction, Lane
from guomen.documents.chinese import DocumentKind
from guomen.documents.model import DocumentStatus, DocumentType
from guomen.identity.model import Role
from guomen.reference.model import PortType
from guomen.web.i18n import gettext_for
from guomen.web.render import NAVIGATION


def template_messages() -> set[str]:
    found: set[str] = set()
    for item in (resources.files("guomen.web") / "templates").iterdir():
        text = item.read_text(encoding="utf-8")
        found |= set(re.findall(r'_\("([^"]+)"\)', text))
        found |= set(re.findall(r"_\('([^']+)'\)", text))
    return found


def test_every_template_text_and_enum_label_is_translated_to_chinese() -> None:
    zh = gettext_for("zh-CN")
    enums = [
        *Role,
        *PortType,
        *DocumentType,
        *DocumentStatus,
        *Direction,
        *Lane,
        *Decision,
        *DocumentKind,
    ]
    messages = template_messages() | {n.label for n in NAVIGATION} | {e.value for e in enums}
    missing = sorted(m for m in messages if zh(m) == m)
    assert missing == []


def test_english_names_roles_in_words() -> None:
    en = gettext_for("en")
    assert en("inspection_officer") == "Inspection officer"
    assert en("Sign in") == "Sign in"
    assert gettext_for("zh-CN")("Sign in") == "登录"
