"""Reading the document for the pipeline, and what an e-gate shows the traveller."""

from __future__ import annotations

from datetime import date

import pytest

from guomen.clearance.display import display
from guomen.clearance.identity import from_mrz
from guomen.clearance.model import Decision
from guomen.documents.chinese import generate_permit_mrz
from guomen.documents.chinese.permit_layouts import PermitLayout, PermitMrzFields
from guomen.documents.mrz import MrzFields, generate_mrz
from guomen.entitlement.model import Holder
from guomen.shared.errors import ValidationFailed

TODAY = date(2026, 11, 20)


def test_a_foreign_passport_is_read_for_a_foreigner() -> None:
    fields = MrzFields(
        "P", "FRA", "DUPONT", "JEAN", "12AB34567", "FRA", date(1980, 1, 2), "M", date(2030, 1, 1)
    )
    identity = from_mrz(generate_mrz(fields, "TD3").lines, TODAY)
    assert identity.holder is Holder.FOREIGNER and identity.key == "FRA:12AB34567"
    assert identity.surname == "DUPONT" and not identity.chinese_issued


def test_a_hong_kong_macao_permit_is_read_for_a_mainland_resident() -> None:
    lines = generate_permit_mrz(
        PermitMrzFields(PermitLayout.EEP, "CS", "C12345678", date(1990, 3, 4), date(2029, 1, 1))
    )
    identity = from_mrz(lines, TODAY)
    assert identity.holder is Holder.MAINLAND_RESIDENT and identity.chinese_issued
    assert identity.traveller_group == "mainland"


@pytest.mark.parametrize(
    "lines",
    [
        ("CSC123456788<2901019<9003049<8",),  # a wrong check digit
        ("HELLO",),
        ("P<" + "A" * 300,),
        ("A", "B", "C", "D"),
    ],
)
def test_malformed_mrz_is_refused(lines) -> None:
    with pytest.raises(ValidationFailed):
        from_mrz(lines, TODAY)


def test_the_gate_never_tells_the_reason() -> None:
    for decision in Decision:
        texts = display(decision)
        assert set(texts) == {"zh-CN", "en"} and all(texts.values())
        assert "watch" not in texts["en"].lower()
    assert display(Decision.REFER, recapture=True) != display(Decision.REFER)
