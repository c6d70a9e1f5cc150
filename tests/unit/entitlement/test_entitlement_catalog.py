"""The labels the entry-rules page shows from the tables have Chinese translations."""

from __future__ import annotations

from guomen.entitlement.model import Crossing, Holder
from guomen.entitlement.rows import Scheme
from guomen.web.i18n import gettext_for

VISA_KINDS = ("visa", "port_visa", "residence_permit", "apec_card")


def test_enum_labels_on_the_entitlement_page_are_translated() -> None:
    zh = gettext_for("zh-CN")
    labels = [*Holder, *Crossing, *Scheme, *VISA_KINDS, "Entry rules"]
    assert [str(m) for m in labels if zh(str(m)) == str(m)] == []
    assert zh("Entry rules") == "入境政策"
    assert zh("hk_macao_resident") == "港澳居民"


def test_enum_labels_read_as_words_in_english() -> None:
    en = gettext_for("en")
    assert en("hk_macao_resident") == "Hong Kong or Macao resident"
    assert en("unilateral") == "Unilateral"
    assert en("apec_card") == "APEC Business Travel Card"
