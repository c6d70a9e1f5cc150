"""Helpers shared by the flow importers: reading text, counting, raising collected errors."""

from __future__ import annotations

from pathlib import Path

from guomen.flows.model import FlowIssue, Severity
from guomen.shared.errors import ValidationFailed

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_ERRORS_SHOWN = 5


def read_text(path: Path) -> str:
    if not path.is_file():
        raise ValidationFailed(f"{path} is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationFailed(f"{path} is larger than 512 MiB; split it")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(f"{path} is not UTF-8 text") from None


def parse_count(text: str, field: str, line: int, ceiling: int) -> int | FlowIssue:
    """A non-negative integer count no larger than `ceiling`, or the problem with it."""
    cleaned = text.strip().replace(",", "")
    try:
        value = int(cleaned)
    except ValueError:
        return FlowIssue(Severity.ERROR, f"{field} {text!r} is not a whole number", line)
    if value < 0:
        return FlowIssue(Severity.ERROR, f"{field} is negative ({value})", line)
    if value > ceiling:
        return FlowIssue(
            Severity.ERROR, f"{field} {value} is implausibly large (over {ceiling:,})", line
        )
    return value


def raise_errors(source: str, errors: list[FlowIssue]) -> None:
    if not errors:
        return
    shown = "; ".join(str(e) for e in errors[:MAX_ERRORS_SHOWN])
    more = f" (and {len(errors) - MAX_ERRORS_SHOWN} more)" if len(errors) > MAX_ERRORS_SHOWN else ""
    raise ValidationFailed(f"{source}: {len(errors)} bad rows: {shown}{more}")
