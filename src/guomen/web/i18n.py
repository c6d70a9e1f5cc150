"""gettext catalogs (Babel .po files) for zh-CN and English, compiled in memory at start-up."""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from importlib import resources

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = {"zh-CN": "zh_CN", "en": "en"}
DEFAULT_LANGUAGE = "zh-CN"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """One catalog per language, merged from every ``*.po`` file of the locale (``messages.po``
    for the platform, one file per capability), so capabilities keep their texts apart."""
    locale = LANGUAGES.get(language)
    if locale is None:
        return gettext.NullTranslations()
    folder = resources.files("guomen.web") / "locale" / locale / "LC_MESSAGES"
    if not folder.is_dir():
        return gettext.NullTranslations()
    files = sorted(
        (f for f in folder.iterdir() if f.name.endswith(".po")),
        key=lambda f: (f.name != "messages.po", f.name),
    )
    if not files:
        return gettext.NullTranslations()
    merged: Catalog | None = None
    for po_file in files:
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id and message.id not in merged:
                merged[message.id] = message
    assert merged is not None
    buffer = io.BytesIO()
    write_mo(buffer, merged)
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
