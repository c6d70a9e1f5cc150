"""`guomen applications`: queues, show, advance (four eyes), and loading a year's calendar."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from guomen.cli.main import app

CALENDAR_2027 = """\
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知 (test fixture, not the real notice)
holidays: [2027-01-01, 2027-02-05, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11]
workdays: [2027-02-06]
"""


@pytest.fixture
def run(tmp_path: Path):
    env = {
        "GUOMEN_VAR_DIR": str(tmp_path),
        "GUOMEN_ARGON2_MEMORY_KIB": "1024",
        "GUOMEN_ARGON2_TIME_COST": "1",
    }

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args), env=env)

    assert invoke("db", "upgrade").exit_code == 0
    return invoke


@pytest.mark.slow
def test_queues_show_and_four_eyes_from_the_command_line(run) -> None:
    assert run("demo", "load", "--people", "20", "--months", "1").exit_code == 0
    queue = run("applications", "list", "--as", "clerk.bj", "--stage", "approval")
    assert queue.exit_code == 0, queue.output
    reference = queue.output.split()[0]  # the demo application waiting for approval
    refused = run("applications", "advance", reference, "approve", "--as", "clerk.bj")
    assert refused.exit_code == 2
    assert "four eyes" in refused.output or "may not" in refused.output
    approved = run("applications", "advance", reference, "approve", "--as", "approver.bj")
    assert approved.exit_code == 0, approved.output
    assert "approved" in approved.output
    shown = run("applications", "show", reference, "--as", "approver.bj")
    assert "approve" in shown.output and "next: start_production" in shown.output
    illegal = run("applications", "advance", reference, "collect", "--as", "clerk.bj")
    assert illegal.exit_code == 2 and "cannot collect" in illegal.output
    assert run("applications", "list", "--as", "nobody").exit_code == 2
    refused = run("applications", "hours", "OF-BJ-01", "--as", "clerk.bj", "--capacity", "2")
    assert refused.exit_code == 2
    set_hours = run("applications", "hours", "OF-BJ-01", "--as", "approver.bj", "--capacity", "2")
    assert set_hours.exit_code == 0 and "2 per 30 min" in set_hours.output
    bad = run("applications", "hours", "OF-BJ-01", "--as", "approver.bj", "--lunch", "18:00-19:00")
    assert bad.exit_code == 2 and "lunch break" in bad.output
    made = run("applications", "slots", "OF-BJ-01", "--from", "2026-12-14", "--days", "7")
    assert "65 slots added" in made.output  # Mon-Fri, 13 slots a day (lunch 12:00-13:30)
    again = run("applications", "slots", "OF-BJ-01", "--from", "2026-12-14", "--days", "7")
    assert "0 slots added" in again.output
    assert run("applications", "slots", "OF-XX-99", "--from", "2026-12-14").exit_code == 2


def test_a_year_after_chinese_calendar_is_loaded_once_and_checked(run, tmp_path: Path) -> None:
    good = tmp_path / "2027.yaml"
    good.write_text(CALENDAR_2027, encoding="utf-8")
    before = run("applications", "calendar", "show")
    assert "no official working-day calendar for 2027" in before.output
    loaded = run("applications", "calendar", "load", str(good))
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 2027: 6 days off, 1 adjusted working days" in loaded.output
    after = run("applications", "calendar", "show")
    assert "loaded 2027" in after.output
    assert "no official working-day calendar for 2027" not in after.output
    again = run("applications", "calendar", "load", str(good))
    assert again.exit_code == 2 and "--replace" in again.output
    assert run("applications", "calendar", "load", str(good), "--replace").exit_code == 0
    covered = tmp_path / "2026.yaml"
    covered.write_text(CALENDAR_2027.replace("2027", "2026"), encoding="utf-8")
    assert run("applications", "calendar", "load", str(covered)).exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(CALENDAR_2027.replace("2027-02-06", "2027-02-30"), encoding="utf-8")
    refused = run("applications", "calendar", "load", str(bad))
    assert refused.exit_code == 2 and "not a date" in refused.output
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert run("applications", "calendar", "load", str(binary)).exit_code == 2
    assert run("applications", "calendar", "load", str(tmp_path / "missing.yaml")).exit_code == 2
