"""`guomen flows forecast` and `guomen flows waits` as written in the issue."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from flowdata import daily_rows, hk_csv, hourly_loads
from guomen.cli.flows import app

runner = CliRunner()


def _cbp_csv(path: Path, with_wait: bool, start: date, days: int) -> Path:
    rows = hourly_loads(days, start)
    head = "airport,terminal,date,hour,all_avg_wait,all_total,all_booths\n"
    body = "".join(
        f"{r.airport},{r.terminal},{r.day.month}/{r.day.day}/{r.day.year},"
        f"{r.hour:02d}00 - {r.hour + 1:02d}00,{int(r.avg_wait or 0) if with_wait else ''},"
        f"{r.passengers},{r.booths}\n"
        for r in rows
    )
    path.write_text(head + body, encoding="utf-8")
    return path


def test_forecast_writes_the_contract_columns(tmp_path: Path) -> None:
    data = tmp_path / "hk.csv"
    data.write_text(hk_csv(daily_rows("Lo Wu", date(2024, 1, 1), 150)), encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["forecast", "--format", "hk-immd", "--input", str(data), "--train-end"]
    result = runner.invoke(app, [*args, "2024-05-09", "--horizon", "5", "--output", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["date", "control_point", "direction", "forecast", "lo90", "hi90"]
    assert len(rows) == 10
    assert rows[0]["date"] == "2024-05-10" and rows[-1]["date"] == "2024-05-14"
    assert all(float(r["lo90"]) <= float(r["forecast"]) <= float(r["hi90"]) for r in rows)


def test_forecast_bad_input_exits_2_with_a_message(tmp_path: Path) -> None:
    data = tmp_path / "hk.csv"
    data.write_text(hk_csv(daily_rows("Lo Wu", date(2024, 1, 1), 30)), encoding="utf-8")
    base = ["forecast", "--input", str(data), "--output", str(tmp_path / "o.csv")]
    cases = [
        (["--train-end", "2024-02-30", "--horizon", "5"], "not a date"),
        (["--train-end", "2024-06-01", "--horizon", "5"], "after the last day"),
        (["--train-end", "2024-01-20", "--horizon", "5", "--format", "xls"], "--format must be"),
    ]
    for extra, message in cases:
        result = runner.invoke(app, [*base, *extra])
        assert result.exit_code == 2, result.output
        assert message in result.output
    missing = ["forecast", "--input", str(tmp_path / "none.csv"), "--train-end", "2024-01-20"]
    result = runner.invoke(app, [*missing, "--horizon", "5", "--output", str(tmp_path / "o.csv")])
    assert result.exit_code == 2 and "is not a file" in result.output


def test_waits_echoes_input_rows_and_adds_the_prediction(tmp_path: Path) -> None:
    train = _cbp_csv(tmp_path / "train.csv", True, date(2017, 1, 1), 40)
    given = _cbp_csv(tmp_path / "input.csv", False, date(2018, 1, 1), 2)
    out = tmp_path / "waits.csv"
    result = runner.invoke(
        app,
        [
            "waits",
            "--format",
            "cbp-awt",
            "--train",
            str(train),
            "--input",
            str(given),
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "airport",
        "terminal",
        "date",
        "hour",
        "passengers",
        "booths",
        "predicted_avg_wait",
    ]
    assert len(rows) == 32
    assert rows[0]["date"] == "1/1/2018" and rows[0]["hour"] == "0600 - 0700"
    assert all(float(r["predicted_avg_wait"]) >= 0 for r in rows)


def test_waits_with_a_broken_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("airport,terminal\nORD,T5\n", encoding="utf-8")
    result = runner.invoke(
        app, ["waits", "--train", str(bad), "--input", str(bad), "--output", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "missing columns" in result.output
