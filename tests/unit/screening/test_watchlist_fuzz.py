"""No input crashes an importer: every outcome is entries plus problems, never an exception."""

from __future__ import annotations

import io
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guomen.screening.importers import (
    GUOMEN_CSV_HEADER,
    ImportRun,
    import_ftm,
    import_guomen_csv,
    import_ofac_sdn,
    import_un_xml,
)
from guomen.screening.model import ListType

_QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
W = ListType.WATCH

UN = (
    b'<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>'
    b"<FIRST_NAME>ALI</FIRST_NAME><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
    b"<FROM_YEAR>1970</FROM_YEAR><TO_YEAR>1972</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
    b"<NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY></INDIVIDUAL></INDIVIDUALS>"
    b"</CONSOLIDATED_LIST>"
)
OFAC = b'7160,"ALI, Hassan","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."\n'
FTM = b'{"id": "A", "schema": "Person", "properties": {"name": ["A B"], "birthDate": ["1970"]}}\n'
CSV = (
    ",".join(GUOMEN_CSV_HEADER) + "\nE1,watch,ZHANG San,Z|Y,1970,M,CHN,passport:E1:CHN,n\n"
).encode()

IMPORTERS: dict[str, tuple[Callable[[io.BytesIO], ImportRun], bytes]] = {
    "un": (lambda s: import_un_xml(s, list_id="l", list_type=W), UN),
    "ofac": (lambda s: import_ofac_sdn(s, list_id="l", list_type=W), OFAC),
    "ftm": (lambda s: import_ftm(s, list_id="l", list_type=W), FTM),
    "csv": (lambda s: import_guomen_csv(s, list_id="l"), CSV),
}


def _never_crashes(name: str, data: bytes) -> None:
    run = IMPORTERS[name][0](io.BytesIO(data))
    entries = list(run)
    assert run.finished
    assert all(problem.reason for problem in run.problems)
    assert all(entry.names for entry in entries)


def _mutated(sample: bytes, position: int, junk: bytes) -> bytes:
    cut = position % (len(sample) + 1)
    return sample[:cut] + junk + sample[cut:]


@_QUICK
@given(st.sampled_from(sorted(IMPORTERS)), st.binary(max_size=300))
def test_random_bytes(name: str, data: bytes) -> None:
    _never_crashes(name, data)


@_QUICK
@given(
    st.sampled_from(sorted(IMPORTERS)),
    st.integers(min_value=0),
    st.binary(max_size=20) | st.text(max_size=20).map(str.encode),
)
def test_valid_files_with_junk_inserted(name: str, position: int, junk: bytes) -> None:
    _never_crashes(name, _mutated(IMPORTERS[name][1], position, junk))


@_QUICK
@given(st.sampled_from(sorted(IMPORTERS)), st.integers(min_value=0))
def test_truncated_files(name: str, position: int) -> None:
    sample = IMPORTERS[name][1]
    _never_crashes(name, sample[: position % (len(sample) + 1)])


def test_the_valid_samples_import() -> None:
    for name, (make, sample) in IMPORTERS.items():
        run = make(io.BytesIO(sample))
        assert len(list(run)) == 1, name
        run.check()
