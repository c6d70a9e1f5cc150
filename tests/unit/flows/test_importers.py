"""HK ImmD and CBP importers: good rows, and every kind of bad input named clearly."""

from __future__ import annotations

from datetime import date

import pytest

from guomen.flows.importers import parse_cbp_awt, parse_hk_immd
from guomen.flows.model import Direction
from guomen.shared.errors import ValidationFailed

HK_HEAD = (
    "\ufeffDate,Control Point,Arrival / Departure,Hong Kong Residents,Mainland Visitors,"
    "Other Visitors,Total,\n"
)
CBP_HEAD = "airport,terminal,date,hour,all_avg_wait,all_total,all_booths\n"


def hk(*lines: str) -> str:
    return HK_HEAD + "".join(line + "\n" for line in lines)


def test_hk_rows_are_read_with_groups_and_direction() -> None:
    result = parse_hk_immd(
        hk("01-02-2025,Lo Wu,Arrival,10,20,5,35,", "02-02-2025,Lo Wu,Arrival,1,2,3,6,")
    )
    first = result.rows[0]
    assert (first.day, first.control_point, first.direction) == (
        date(2025, 2, 1),
        "Lo Wu",
        Direction.ARRIVAL,
    )
    assert (first.residents, first.mainland_visitors, first.other_visitors, first.total) == (
        10,
        20,
        5,
        35,
    )
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("01-02-2025,Lo Wu,Arrival,10,20,5,-35,", "negative"),
        ("01-02-2025,Lo Wu,Arrival,10,20,5,9999999,", "implausibly large"),
        ("2025-02-01,Lo Wu,Arrival,10,20,5,35,", "not dd-mm-yyyy"),
        ("01-02-2025,Lo Wu,Sideways,10,20,5,35,", "Arrival/Departure"),
        ("01-02-2025,Lo Wu,Arrival,ten,20,5,35,", "not a whole number"),
    ],
)
def test_hk_bad_rows_stop_the_import_with_the_line(line: str, problem: str) -> None:
    with pytest.raises(ValidationFailed, match=problem) as caught:
        parse_hk_immd(hk(line))
    assert "line 2" in caught.value.message


def test_hk_conflicting_duplicate_day_is_an_error() -> None:
    text = hk("01-02-2025,Lo Wu,Arrival,10,20,5,35,", "01-02-2025,Lo Wu,Arrival,10,20,6,36,")
    with pytest.raises(ValidationFailed, match="appears twice with different counts"):
        parse_hk_immd(text)


def test_hk_identical_duplicate_gap_total_and_unknown_point_are_warnings() -> None:
    result = parse_hk_immd(
        hk(
            "01-02-2025,Lo Wu,Arrival,10,20,5,35,",
            "01-02-2025,Lo Wu,Arrival,10,20,5,35,",
            "05-02-2025,Lo Wu,Arrival,10,20,5,30,",
            "01-02-2025,Atlantis Pier,Arrival,1,1,1,3,",
        )
    )
    text = " | ".join(str(w) for w in result.warnings)
    assert "appears twice; the copy is ignored" in text
    assert "do not add up" in text
    assert "unknown control point 'Atlantis Pier'" in text
    assert "3 missing days in 1 gaps, first from 2025-02-02" in text
    assert len(result.rows) == 3


def test_hk_wrong_header_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="expected columns"):
        parse_hk_immd("a,b,c\n1,2,3\n")


def test_cbp_rows_read_hour_and_keep_original_text() -> None:
    result = parse_cbp_awt(CBP_HEAD + "ORD,Terminal 5,1/2/2018,0700 - 0800,12,300,10\n")
    row = result.rows[0]
    assert (row.day, row.hour, row.passengers, row.booths, row.avg_wait) == (
        date(2018, 1, 2),
        7,
        300,
        10,
        12.0,
    )
    assert (row.date_text, row.hour_text) == ("1/2/2018", "0700 - 0800")


def test_cbp_without_wait_column_is_prediction_input() -> None:
    text = "airport,terminal,date,hour,all_total,all_booths\nORD,T5,1/2/2018,0700 - 0800,300,10\n"
    assert parse_cbp_awt(text).rows[0].avg_wait is None


def test_cbp_passengers_without_booths_warn() -> None:
    result = parse_cbp_awt(CBP_HEAD + "ORD,Terminal 5,1/2/2018,0300 - 0400,0,7,0\n")
    assert "7 passengers but no booths" in str(result.warnings[0])


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("ORD,T5,1/2/2018,7am,12,300,10\n", "is not like '0700 - 0800'"),
        ("ORD,T5,1/2/2018,0700 - 0800,12,-3,10\n", "negative"),
        ("ORD,T5,1/2/2018,0700 - 0800,12,90000,10\n", "implausibly large"),
        ("ORD,T5,1/2/2018,0700 - 0800,1,3,1\nORD,T5,1/2/2018,0700 - 0800,1,3,1\n", "twice"),
    ],
)
def test_cbp_bad_rows_are_errors(body: str, problem: str) -> None:
    with pytest.raises(ValidationFailed, match=problem):
        parse_cbp_awt(CBP_HEAD + body)


def test_cbp_missing_columns_are_named() -> None:
    with pytest.raises(ValidationFailed, match="all_booths"):
        parse_cbp_awt("airport,terminal,date,hour,all_total\n")
