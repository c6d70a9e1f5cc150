"""`guomen flows`: daily flow forecasts and hourly wait predictions from files."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import typer

from guomen.cli.common import fail, user_errors
from guomen.flows import services
from guomen.flows.importers import read_cbp_awt, read_hk_immd

app = typer.Typer(help="Passenger flows: forecasts, queues and waits.", no_args_is_help=True)

FORECAST_COLUMNS = ("date", "control_point", "direction", "forecast", "lo90", "hi90")
WAIT_COLUMNS = ("airport", "terminal", "date", "hour", "passengers", "booths")
MAX_WARNINGS_SHOWN = 20


def _check_format(given: str, expected: str) -> None:
    if given != expected:
        raise fail(f"--format must be {expected!r} (the only format supported), not {given!r}")


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--train-end {text!r} is not a date like 2025-05-31") from None


def _show_warnings(warnings: tuple[str, ...]) -> None:
    for w in warnings[:MAX_WARNINGS_SHOWN]:
        typer.echo(f"warning: {w}", err=True)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        typer.echo(f"warning: … and {len(warnings) - MAX_WARNINGS_SHOWN} more", err=True)


@app.command()
@user_errors
def forecast(
    input_file: Path = typer.Option(..., "--input", help="The daily counts CSV."),
    train_end: str = typer.Option(..., "--train-end", help="Last training day, YYYY-MM-DD."),
    horizon: int = typer.Option(..., "--horizon", help="Days to forecast after --train-end."),
    output: Path = typer.Option(..., "--output", help="Where to write the forecast CSV."),
    fmt: str = typer.Option("hk-immd", "--format", help="Input format: hk-immd."),
) -> None:
    """Forecast daily totals per control point and direction with 90 % intervals, training
    only on rows up to --train-end."""
    from guomen.flows.forecast_engine import MODEL_NAME, forecast_ours

    _check_format(fmt, "hk-immd")
    end = _parse_day(train_end)
    data = read_hk_immd(input_file)
    result = services.forecast_daily_flows(data, end, horizon, forecast_ours)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FORECAST_COLUMNS)
        for r in result.rows:
            writer.writerow(
                (
                    r.day.isoformat(),
                    r.control_point,
                    r.direction.value,
                    f"{r.forecast:.1f}",
                    f"{r.lo90:.1f}",
                    f"{r.hi90:.1f}",
                )
            )
    _show_warnings(result.warnings)
    series = len({(r.control_point, r.direction) for r in result.rows})
    typer.echo(f"wrote {len(result.rows)} rows ({series} series × {horizon} days, {MODEL_NAME})")


@app.command()
@user_errors
def waits(
    train: list[Path] = typer.Option(..., "--train", help="Observed hours (repeatable)."),
    input_file: Path = typer.Option(..., "--input", help="Hours to predict."),
    output: Path = typer.Option(..., "--output", help="Where to write the predictions CSV."),
    fmt: str = typer.Option("cbp-awt", "--format", help="Input format: cbp-awt."),
) -> None:
    """Predict each input hour's average wait (minutes) from passengers and booths, with the
    queue model calibrated on the --train files."""
    _check_format(fmt, "cbp-awt")
    trained = [read_cbp_awt(path) for path in train]
    data = read_cbp_awt(input_file)
    result = services.predict_hourly_waits(trained, data)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow((*WAIT_COLUMNS, "predicted_avg_wait"))
        for r, wait in result.rows:
            cells = (r.airport, r.terminal, r.date_text, r.hour_text, r.passengers, r.booths)
            writer.writerow((*cells, f"{wait:.1f}"))
    _show_warnings(result.warnings)
    typer.echo(
        f"wrote {len(result.rows)} rows (service {result.service_seconds:g} s per passenger, "
        f"within-hour peak factor {result.peak_factor:g})"
    )
