"""Fuzzing the MRZ readers: whatever arrives, they return a result and never raise.

The slow variant runs for a few minutes (``pytest -m slow``); the quick one runs every time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guomen.documents.mrz import MrzResult, parse_mrz, repair_ocr
from mrz_specimens import TD1, TD2, TD3

TODAY = date(2025, 6, 1)
MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
NOISE_CHARS = MRZ_CHARS + "abcxyz «K \t\r\n\x00\x1b-éÄЖ李"

_near_mrz_line = st.builds(
    lambda length, chars: "".join(chars)[:length].ljust(length, "<"),
    st.sampled_from([29, 30, 31, 35, 36, 37, 43, 44, 45]),
    st.lists(st.sampled_from(MRZ_CHARS), min_size=0, max_size=45),
)


@st.composite
def _mutated_specimen(draw: st.DrawFn) -> list[str]:
    lines = list(draw(st.sampled_from([TD1, TD2, TD3])))
    for _ in range(draw(st.integers(0, 8))):
        row = draw(st.integers(0, len(lines) - 1))
        column = draw(st.integers(0, len(lines[row]) - 1))
        char = draw(st.sampled_from(NOISE_CHARS))
        lines[row] = lines[row][:column] + char + lines[row][column + 1 :]
    return lines


INPUTS = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=NOISE_CHARS, max_size=200),
    st.lists(st.text(alphabet=NOISE_CHARS, max_size=50), max_size=5),
    st.lists(_near_mrz_line, min_size=1, max_size=4),
    _mutated_specimen(),
    st.binary(max_size=100),
    st.none(),
    st.integers(),
)


def _check_invariants(reader: Callable[..., MrzResult], value: object) -> None:
    result = reader(value, today=TODAY)
    assert isinstance(result, MrzResult)
    assert result.valid is (not result.errors)
    if result.valid:
        assert result.fields is not None and result.format is not None
        assert all(check.ok for check in result.checks)
    json.dumps(result.to_dict())


READERS = [pytest.param(parse_mrz, id="parse"), pytest.param(repair_ocr, id="repair")]
_QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SLOW = settings(max_examples=60_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("reader", READERS)
@_QUICK
@given(value=INPUTS)
def test_readers_never_raise_quick(reader: Callable[..., MrzResult], value: object) -> None:
    _check_invariants(reader, value)


@pytest.mark.slow
@pytest.mark.parametrize("reader", READERS)
@_SLOW
@given(value=INPUTS)
def test_readers_never_raise_slow(reader: Callable[..., MrzResult], value: object) -> None:
    _check_invariants(reader, value)
