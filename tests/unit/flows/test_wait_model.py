"""Wait models: the two baselines and the calibrated queue model."""

from __future__ import annotations

from datetime import date

import pytest

from flowdata import hourly_loads
from guomen.flows.model import HourlyLoad, LoadImport
from guomen.flows.services import predict_hourly_waits
from guomen.flows.wait_model import (
    CalibratedQueueModel,
    HourOfDayMean,
    PlainErlangC,
    queue_waits,
    wait_errors,
)
from guomen.shared.errors import ValidationFailed

TRAIN = hourly_loads(60, date(2017, 1, 1))
TEST = hourly_loads(20, date(2018, 1, 1), seed=9)


def test_hour_of_day_mean_is_the_training_mean() -> None:
    model = HourOfDayMean().fit(TRAIN)
    six = [r.avg_wait for r in TRAIN if r.hour == 6 and r.avg_wait is not None]
    assert model.predict(TEST[:1])[0] == pytest.approx(sum(six) / len(six))


def test_calibrated_model_beats_both_baselines_when_load_drives_the_wait() -> None:
    ours = wait_errors(CalibratedQueueModel().fit(TRAIN).predict(TEST), TEST)
    by_hour = wait_errors(HourOfDayMean().fit(TRAIN).predict(TEST), TEST)
    erlang = wait_errors(PlainErlangC().fit(TRAIN).predict(TEST), TEST)
    assert ours[0] < by_hour[0] and ours[0] < erlang[0]
    assert ours[1] < by_hour[1] and ours[1] < erlang[1]


def test_queue_carries_over_only_between_consecutive_hours_of_a_day() -> None:
    day = date(2018, 1, 1)
    busy = HourlyLoad("ORD", "T5", day, 7, 900, 5)
    next_hour = HourlyLoad("ORD", "T5", day, 8, 100, 5)
    later = HourlyLoad("ORD", "T5", day, 10, 100, 5)
    with_busy, after, gap = queue_waits([busy, next_hour, later], 45.0, 1.0)
    assert after > gap + 10
    assert queue_waits([later], 45.0, 1.0)[0] == pytest.approx(gap)
    assert with_busy > 30  # 900 travellers on 5 booths: 500 left at the end of the hour


def test_prediction_service_warns_about_untrained_places() -> None:
    other = [HourlyLoad("JFK", "T4", date(2018, 1, 1), 7, 300, 10)]
    result = predict_hourly_waits([LoadImport(tuple(TRAIN), ())], LoadImport(tuple(other), ()))
    assert len(result.rows) == 1 and result.rows[0][1] >= 0
    assert any("JFK T4 has no training data" in w for w in result.warnings)


def test_calibration_needs_observed_waits() -> None:
    unobserved = [HourlyLoad("ORD", "T5", date(2018, 1, 1), 7, 300, 10)]
    with pytest.raises(ValidationFailed, match="no observed average waits"):
        CalibratedQueueModel().fit(unobserved)
    with pytest.raises(ValidationFailed, match="at least one --train"):
        predict_hourly_waits([], LoadImport(tuple(unobserved), ()))
