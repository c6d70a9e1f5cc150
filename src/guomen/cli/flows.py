"""`guomen flows`: daily flow forecasts and hourly wait predictions from files; rosters and
reinforcement proposals from the database."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import typer

from guomen.cli.common import container, fail, user_errors
from guomen.flows import services
from guomen.flows.importers import read_cbp_awt, read_hk_immd
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel

app = typer.Typer(
    help="Passenger flows: forecasts, queues and waits, rosters, reinforcement.",
    no_args_is_help=True,
)

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


ROSTER_COLUMNS = ("officer", "date", "shift", "start", "end", "skill")
PLANNER = Principal(
    "user", "cli", "cli:operator", Role.DUTY_COMMANDER, DataScope(ScopeLevel.NATIONAL)
)


def _day_option(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} {text!r} is not a date like 2026-12-31") from None


@app.command()
@user_errors
def roster(
    port: str = typer.Option(..., "--port", help="Port code, e.g. LUOHU."),
    start: str = typer.Option(..., "--start", help="First day, YYYY-MM-DD."),
    weeks: int = typer.Option(4, "--weeks", help="Weeks to roster (1–4)."),
    output: Path = typer.Option(..., "--output", help="Where to write the roster CSV."),
    officers: int | None = typer.Option(
        None, "--officers", help="Headcount (default: the port's establishment)."
    ),
    time_limit: float = typer.Option(30.0, "--time-limit", help="Solver budget in seconds."),
    seed: int = typer.Option(7, "--seed", help="Solver seed (same seed, same roster)."),
) -> None:
    """Roster the port's officers against the forecast need (CP-SAT) and explain any hour left
    short. Writes officer,date,shift,start,end,skill."""
    from guomen.flows.command_centre import build_roster
    from guomen.flows.forecast_engine import forecast_ours
    from guomen.flows.roster import SHIFT_PATTERNS

    first = _day_option(start, "--start")
    c = container()
    code = port.strip().upper()
    with c.uow() as uow:
        if code not in {p.code for p in uow.reference.ports()}:
            raise fail(f"unknown port {port!r}")
        result, headcount = build_roster(
            uow, c.clock, code, first, weeks, c.settings.timezone, forecast_ours,
            officers=officers, time_limit_s=time_limit, seed=seed,
        )  # fmt: skip
    if result.status in ("infeasible", "unknown"):
        raise fail(f"no roster found within {time_limit:g} s (solver: {result.status})")
    hours = {p.code: p for p in SHIFT_PATTERNS}
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROSTER_COLUMNS)
        for a in result.assignments:
            p = hours[a.shift]
            writer.writerow(
                (a.officer, a.day.isoformat(), a.shift, f"{p.start_hour:02d}:00",
                 f"{p.end_hour % 24:02d}:00", a.skill.value)
            )  # fmt: skip
    for s in result.shortfalls[:MAX_WARNINGS_SHOWN]:
        typer.echo(
            f"short: {s.day} {s.hour:02d}:00 {s.skill.value} {s.missing} of {s.needed}: {s.reason}",
            err=True,
        )
    if len(result.shortfalls) > MAX_WARNINGS_SHOWN:
        typer.echo(
            f"short: … and {len(result.shortfalls) - MAX_WARNINGS_SHOWN} more hours", err=True
        )
    typer.echo(
        f"wrote {len(result.assignments)} shifts for {headcount} officers over {result.days} days "
        f"({result.status}, {result.solve_seconds:.1f} s); {len(result.shortfalls)} hour-skills "
        f"short, overtime {result.overtime_shifts} shifts, spread {result.shift_spread} shifts / "
        f"{result.night_spread} nights"
    )


@app.command()
@user_errors
def reinforce(
    region: str = typer.Option(..., "--region", help="Duty region, e.g. 粤港澳大湾区."),
    day: str = typer.Option(..., "--day", help="Day to plan, YYYY-MM-DD."),
) -> None:
    """Propose moves of officers between the region's ports (nearest spare officers first),
    using stored rosters where there are any and each port's establishment otherwise."""
    from guomen.flows.command_centre import region_reinforcement
    from guomen.flows.forecast_engine import forecast_ours

    when = _day_option(day, "--day")
    c = container()
    with c.uow() as uow:
        view = region_reinforcement(
            uow, c.clock, c.geography(), PLANNER, region.strip(), when, c.settings.timezone,
            forecast_ours,
        )  # fmt: skip
    for m in view.plan.moves:
        typer.echo(
            f"move {m.officers} from {m.from_port} to {m.to_port} ({m.shift} shift, "
            f"{m.travel_minutes:g} min): {m.reason}"
        )
    for g in view.plan.gaps:
        typer.echo(f"gap: {g.port_code} {g.shift} shift {g.officers} officers: {g.reason}")
    if not view.plan.moves and not view.plan.gaps:
        typer.echo(f"no reinforcement needed in {view.region} on {view.day}")
