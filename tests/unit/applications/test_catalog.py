"""Every label the staff pages show for the applications' enums has a Chinese translation."""

from __future__ import annotations

from guomen.applications.model import ApplicationType, Deadline, GreenReason, Status
from guomen.applications.rules import STAGES
from guomen.applications.workflow import Transition
from guomen.web.i18n import gettext_for


def test_enum_labels_are_translated_to_chinese() -> None:
    zh = gettext_for("zh-CN")
    labels = [
        *(s.value for s in Status),
        *(t.value for t in ApplicationType),
        *(f"green_{g.value}" for g in GreenReason),
        *(f"deadline_{d.value}" for d in Deadline),
        *(f"step_{t.value}" for t in Transition),
        *(f"stage_{s}" for s in (*STAGES, "deadlines")),
        *("step_create", "step_pay"),
        *(f"channel_{c}" for c in ("online", "kiosk", "counter")),
    ]
    missing = [label for label in labels if zh(label) == label]
    assert missing == []


def test_english_labels_are_words_not_codes() -> None:
    en = gettext_for("en")
    assert en("stage_approval") == "To approve"
    assert en("step_accept") == "Take in"
    assert en("green_elderly") == "60+"
