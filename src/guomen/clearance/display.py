"""What an e-gate shows the traveller: short, in their language, never the reasons (a
watchlist hit is not told to the traveller; the officer sees it at the counter)."""

from __future__ import annotations

from guomen.clearance.model import Decision

TEXTS: dict[str, dict[str, str]] = {
    "clear": {"zh-CN": "请通过，祝您旅途愉快。", "en": "Please proceed. Have a good journey."},
    "refer": {
        "zh-CN": "请前往人工通道，民警将为您办理。",
        "en": "Please go to an officer's counter; an officer will assist you.",
    },
    "recapture": {
        "zh-CN": "请正视摄像头，重新采集面部图像。",
        "en": "Please look straight at the camera for a new picture.",
    },
    "refuse": {"zh-CN": "请听从民警指引。", "en": "Please follow the officer's instructions."},
}


def display(decision: Decision, recapture: bool = False) -> dict[str, str]:
    if decision is Decision.REFER and recapture:
        return dict(TEXTS["recapture"])
    return dict(TEXTS[decision.value])
