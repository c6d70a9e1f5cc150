"""gettext catalogs (Babel .po files) for zh-CN and English, compiled in memory at start-up."""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = {"zh-CN": "zh_CN", "en": "en"}
DEFAULT_LANGUAGE = "zh-CN"


@cache
def translations(language: str) -> gettext.NullTranslations:
    locale = LANGUAGES.get(language)
    if locale is None:
        return gettext.NullTranslations()
    po_path = resources.files("guomen.web") / "locale" / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.is_file():
        return gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(language: str) -> Callable[[str], str]:
    return translations(language).gettext


def pick_language(cookie: str | None, query: str | None, default: str) -> str:
    """The station's configured language (zh-CN) unless the user switched it."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    return default
