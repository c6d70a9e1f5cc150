"""Working days with the Chinese calendar (holidays and adjusted working days), loaded years,
the deadline state, and the dated fee table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from guomen.applications.calendar import (
    MainlandWorkingDays,
    add_working_days,
    calendar_of,
    parse_calendar_year,
    working_days_between,
)
from guomen.applications.fees import fee_table, parse_fee_table, quote_fee
from guomen.applications.model import (
    ApplicantDetails,
    Application,
    ApplicationType,
    Deadline,
    EndorsementRequest,
    Status,
)
from guomen.applications.rules import deadline_state
from guomen.documents.chinese import Destination, TripAllowance
from guomen.people.model import Sex
from guomen.shared.errors import ValidationFailed

CAL = MainlandWorkingDays()
YEAR_2027 = """
year: 2027
source: test arrangement
holidays: [2027-01-01, 2027-02-08, 2027-02-09]
workdays: [2027-02-06]
"""


def test_seven_working_days_skip_national_day_and_count_the_adjusted_saturday() -> None:
    # Taken in Monday 2026-09-28: 29, 30 Sep; 1-7 Oct off; 8, 9, Sat 10 (调休), 12, 13 Oct.
    assert add_working_days(CAL, date(2026, 9, 28), 7) == date(2026, 10, 13)
    assert CAL.is_working_day(date(2026, 10, 10))  # Saturday, adjusted working day
    assert not CAL.is_working_day(date(2026, 10, 5))  # Monday, holiday
    assert working_days_between(CAL, date(2026, 9, 28), date(2026, 10, 13)) == 7
    assert working_days_between(CAL, date(2026, 10, 13), date(2026, 9, 28)) == -7


def test_an_ordinary_week_counts_weekdays() -> None:
    assert add_working_days(CAL, date(2026, 11, 20), 7) == date(2026, 12, 1)  # Fri → Tue


def test_a_year_beyond_chinese_calendar_warns_until_it_is_loaded() -> None:
    day = date(2027, 2, 8)
    assert CAL.is_working_day(day)  # Monday: weekday fallback, wrong, hence the warning
    (warning,) = CAL.warnings_for([day])
    assert "2027" in warning and "calendar load" in warning
    loaded = calendar_of([parse_calendar_year(YEAR_2027)])
    assert not loaded.is_working_day(day)
    assert loaded.is_working_day(date(2027, 2, 6))  # Saturday made a working day
    assert loaded.warnings_for([day]) == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("year: 2027\nsource: x\nholidays: [2027-01-01]\nworkdays: [2027-01-01]", "calendar_both"),
        ("year: 2027\nsource: x\nholidays: [2028-01-01]", "calendar_days"),
        ("year: 2027\nsource: x\nholidays: [2027-02-30]", "calendar_days"),
        ("year: 2027\nsource: ''\nholidays: [2027-01-01]", "calendar_source"),
        ("year: twenty\nsource: x\nholidays: [2027-01-01]", "calendar_year"),
        ("year: 2027\nsource: x\nholidays: []", "calendar_empty"),
        ("year: 2027\nsource: x\nholidays: [notadate]", "calendar_days"),
        ("[unclosed", "calendar_yaml"),
        ("x" * 70_000, "too_large"),
    ],
)
def test_a_bad_calendar_file_is_refused_with_its_reason(text: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as bad:
        parse_calendar_year(text)
    assert bad.value.code == code


def _app(**kw: object) -> Application:
    base = Application(
        "a",
        "R",
        "acct",
        ApplicationType.PASSPORT_FIRST,
        "OF-BJ-01",
        ApplicantDetails("ZHANG", "WEI", Sex.MALE, date(1990, 1, 1)),
        status=Status.REVIEWED,
    )
    for k, v in kw.items():
        setattr(base, k, v)
    return base


def test_deadline_states() -> None:
    today = date(2026, 11, 23)  # Monday
    due = date(2026, 11, 25)
    assert deadline_state(_app(), today, CAL).deadline is Deadline.NONE
    assert deadline_state(_app(due_on=date(2026, 12, 1)), today, CAL).deadline is Deadline.ON_TRACK
    risk = deadline_state(_app(due_on=due), today, CAL)
    assert risk.deadline is Deadline.AT_RISK and risk.working_days_left == 2
    late = deadline_state(_app(due_on=date(2026, 11, 20)), today, CAL)
    assert late.deadline is Deadline.OVERDUE and late.working_days_left == -1
    on_time = _app(due_on=due, issued_at=datetime(2026, 11, 25, 8, tzinfo=UTC))
    assert deadline_state(on_time, today, CAL).deadline is Deadline.MET
    missed = _app(due_on=due, issued_at=datetime(2026, 11, 27, 8, tzinfo=UTC))
    assert deadline_state(missed, today, CAL).deadline is Deadline.MISSED
    closed = _app(due_on=due, status=Status.WITHDRAWN)
    assert deadline_state(closed, today, CAL).deadline is Deadline.NONE


def test_fees_follow_the_date_of_submission() -> None:
    p = ApplicationType.PASSPORT_FIRST
    assert quote_fee(p, None, date(2019, 6, 30)).total_fen == 16000
    assert quote_fee(p, None, date(2019, 7, 1)).total_fen == 12000
    g = EndorsementRequest("G", 12, TripAllowance.MULTIPLE, Destination.HONG_KONG)
    card = quote_fee(ApplicationType.HK_MACAO_PERMIT, g, date(2026, 11, 22))
    assert [line.item for line in card.lines] == ["hk_macao_permit", "hkm_endorsement_multi_1y"]
    assert card.total_fen == 6000 + 8000
    one = EndorsementRequest("T", 3, TripAllowance.ONE, Destination.HONG_KONG)
    assert quote_fee(ApplicationType.HK_MACAO_ENDORSEMENT, one, date(2026, 1, 5)).total_fen == 1500
    tw = EndorsementRequest("L", 6, TripAllowance.ONE, Destination.TAIWAN)
    assert quote_fee(ApplicationType.TAIWAN_PERMIT, tw, date(2026, 1, 5)).total_fen == 7500


def test_every_fee_row_names_its_source_and_says_whether_it_was_verified() -> None:
    rows = fee_table()
    assert all(r.source and isinstance(r.verified, bool) for r in rows)
    assert {r.item for r in rows if r.verified} >= {"passport", "hk_macao_permit"}


def test_a_fee_table_with_overlapping_amounts_is_refused() -> None:
    text = """fees:
  - {item: passport, amount_fen: 1, valid_from: 2020-01-01, source: a, verified: true}
  - {item: passport, amount_fen: 2, valid_from: 2021-01-01, source: b, verified: true}
"""
    with pytest.raises(ValueError, match="two amounts for passport"):
        parse_fee_table(text)
    with pytest.raises(ValueError, match="whole number of fen"):
        parse_fee_table(text.replace("amount_fen: 1,", "amount_fen: 1.5,"))
