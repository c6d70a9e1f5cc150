"""Passenger-flow benchmarks, one JSON line:
- rolling-origin back-test on the HK ImmD file, last 12 months as the test period: MASE (and
  sMAPE, peak-day error, MASE on holiday days) per control point for our model, seasonal-naive
  and AutoETS at horizons 1, 7 and 28 days; MASE on each holiday window (Spring Festival, Golden
  Week, other mainland holidays, Hong Kong holidays) and whether our model beats both there;
- CBP O'Hare 2018 average waits per terminal-hour, calibrated on 2016–2017: MAE/RMSE of the
  calibrated queue model against the hour-of-day mean and plain Erlang C;
- time to forecast all control points (28 days) and to calibrate and predict the waits."""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from statistics import fmean

from guomen.flows.backtest import Score, backtest, overall
from guomen.flows.forecast_engine import MODEL_NAME, REFERENCE_MODELS, forecast_ours
from guomen.flows.importers import read_cbp_awt, read_hk_immd
from guomen.flows.rules.queueing import hourly_waits
from guomen.flows.services import forecast_daily_flows
from guomen.flows.simulation import simulate_hours
from guomen.flows.wait_model import CalibratedQueueModel, HourOfDayMean, PlainErlangC, wait_errors

DATA = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "flows"
HK = DATA / "hk_immd" / "statistics_on_daily_passenger_traffic_2021-01-01_2025-06-30.csv"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def per_control_point(scores: list[Score]) -> dict[str, dict[str, dict[int, float]]]:
    grouped: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    for s in scores:
        grouped[(s.sid.split("|")[0], s.model, s.horizon)].append(s.mase)
    table: dict[str, dict[str, dict[int, float]]] = {}
    for (point, model, h), values in sorted(grouped.items()):
        table.setdefault(point, {}).setdefault(model, {})[h] = round(fmean(values), 3)
    return table


def summary(scores: list[Score], field: str) -> dict[str, dict[int, float | None]]:
    grouped: dict[tuple[str, int], list[float]] = defaultdict(list)
    for s in scores:
        value = getattr(s, field)
        if value is not None:
            grouped[(s.model, s.horizon)].append(value)
    out: dict[str, dict[int, float | None]] = {}
    for (model, h), values in sorted(grouped.items()):
        out.setdefault(model, {})[h] = _r(fmean(values))
    return out


def holiday_windows(scores: list[Score]) -> dict[str, dict[str, float]]:
    """Mean MASE over series on the days of each holiday window (Spring Festival, Golden Week,
    other mainland holidays, Hong Kong holidays), per model, within the 28-day windows."""
    grouped: dict[tuple[str, str], list[float]] = defaultdict(list)
    for s in scores:
        if s.horizon != 28:
            continue
        for window, value in s.window_mase:
            grouped[(s.model, window)].append(value)
    out: dict[str, dict[str, float]] = {}
    for (model, window), values in sorted(grouped.items()):
        out.setdefault(model, {})[window] = round(fmean(values), 3)
    return out


def beats_on_holidays(
    table: dict[str, dict[str, float]], overall: Mapping[str, object]
) -> dict[str, bool]:
    ours = table.get(MODEL_NAME, {})
    wins = {
        w: v < min(table.get("seasonal-naive", {}).get(w, float("inf")),
                   table.get("auto-ets", {}).get(w, float("inf")))
        for w, v in ours.items()
    }  # fmt: skip
    hol = {m: v for m, v in overall.items() if isinstance(v, float)}
    if MODEL_NAME in hol:
        wins["all_holidays"] = hol[MODEL_NAME] < min(
            hol.get("seasonal-naive", float("inf")), hol.get("auto-ets", float("inf"))
        )
    return wins


def hk_backtest(step_days: int) -> dict[str, object]:
    rows = read_hk_immd(HK).rows
    test_end = max(r.day for r in rows)
    test_start = test_end - timedelta(days=364)
    started = time.perf_counter()
    scores = backtest(rows, test_start, test_end, step_days=step_days, models=REFERENCE_MODELS)
    seconds = time.perf_counter() - started
    table = overall(scores)
    wins = {
        h: table[MODEL_NAME][h] < min(table["seasonal-naive"][h], table["auto-ets"][h])
        for h in (1, 7, 28)
    }
    holiday_overall = {m: v[28] for m, v in summary(scores, "holiday_mase").items()}
    windows = holiday_windows(scores)
    started = time.perf_counter()
    result = forecast_daily_flows(read_hk_immd(HK), test_end, 28, forecast_ours)
    forecast_seconds = time.perf_counter() - started
    return {
        "test_period": [test_start.isoformat(), test_end.isoformat()],
        "step_days": step_days,
        "origins": _origins(test_start, test_end, step_days),
        "series": len({s.sid for s in scores}),
        "mase_overall": {m: {h: _r(v) for h, v in hs.items()} for m, hs in table.items()},
        "ours_beats_both": wins,
        "smape_overall": summary(scores, "smape"),
        "peak_day_error_overall": summary(scores, "peak_error"),
        "holiday_mase_overall": holiday_overall,
        "holiday_mase_by_window": windows,
        "ours_beats_both_on_holidays": beats_on_holidays(windows, holiday_overall),
        "mase_per_control_point": per_control_point(scores),
        "backtest_seconds": round(seconds, 1),
        "forecast_all_series_28d_seconds": round(forecast_seconds, 2),
        "forecast_series": len({(r.control_point, r.direction) for r in result.rows}),
    }


def _origins(start: date, end: date, step: int) -> int:
    return len(range(0, (end - start).days - 28 + 2, step))


def cbp_waits() -> dict[str, object]:
    train = [r for y in (2016, 2017) for r in read_cbp_awt(DATA / "cbp_ord" / f"ORD-{y}.csv").rows]
    test = list(read_cbp_awt(DATA / "cbp_ord" / "ORD-2018.csv").rows)
    out: dict[str, object] = {"train_hours": len(train), "test_hours": len(test)}
    for name, model in (
        ("calibrated_queue_model", CalibratedQueueModel()),
        ("hour_of_day_mean", HourOfDayMean()),
        ("plain_erlang_c", PlainErlangC()),
    ):
        started = time.perf_counter()
        predicted = model.fit(train).predict(test)
        mae, rmse = wait_errors(predicted, test)
        out[name] = {
            "mae_min": round(mae, 3),
            "rmse_min": round(rmse, 3),
            "seconds": round(time.perf_counter() - started, 2),
        }
        if isinstance(model, CalibratedQueueModel | PlainErlangC):
            out[name]["service_seconds"] = model.service_seconds  # type: ignore[index]
    return out


def des_check(runs: int = 20) -> dict[str, object]:
    """A peaked day at a 45 s counter hall: analytic carry-over model vs SimPy, per hour."""
    arrivals = [120.0, 300.0, 520.0, 640.0, 560.0, 380.0, 240.0, 150.0]
    lanes = [3, 5, 7, 8, 8, 6, 4, 3]
    analytic = hourly_waits(arrivals, lanes, 80.0, peak_factor=1.5)
    sims = [simulate_hours(arrivals, lanes, 45.0, peak_factor=1.5, seed=s) for s in range(runs)]
    simulated = [fmean(run[i] for run in sims) for i in range(len(arrivals))]
    return {
        "analytic_min": [round(a, 1) for a in analytic],
        "simulated_min": [round(x, 1) for x in simulated],
        "mean_abs_diff_min": round(
            fmean(abs(a - x) for a, x in zip(analytic, simulated, strict=True)), 2
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--step-days", type=int, default=28, help="days between origins")
    args = parser.parse_args()
    figures = {
        "des_vs_analytic": des_check(),
        "bench": "flows",
        "cbp_ord_2018": cbp_waits(),
        "hk_backtest": hk_backtest(args.step_days),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
