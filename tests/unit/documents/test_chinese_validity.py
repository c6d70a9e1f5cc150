from __future__ import annotations

from datetime import date

import pytest

from guomen.documents.chinese import (
    SOURCES,
    VALIDITY_RULES,
    DocumentKind,
    ReasonCode,
    check_validity_period,
)

K = DocumentKind


@pytest.mark.parametrize(
    ("kind", "birth", "issued", "expiry", "ok"),
    [
        # Ordinary passport: 10 years from 16, 5 years under 16 (Passport Law art. 7).
        (K.ORDINARY_PASSPORT, date(1990, 5, 17), date(2020, 3, 2), date(2030, 3, 1), True),
        (K.ORDINARY_PASSPORT, date(1990, 5, 17), date(2020, 3, 2), date(2030, 3, 2), True),
        (K.ORDINARY_PASSPORT, date(1990, 5, 17), date(2020, 3, 2), date(2025, 3, 1), False),
        (K.ORDINARY_PASSPORT, date(2012, 1, 1), date(2020, 3, 2), date(2025, 3, 1), True),
        (K.ORDINARY_PASSPORT, date(2012, 1, 1), date(2020, 3, 2), date(2030, 3, 1), False),
        (K.ORDINARY_PASSPORT, date(1990, 5, 17), date(2020, 3, 2), date(2030, 3, 3), False),
        # Turned 16 a month before issue: applied at 15, so either period is plausible.
        (K.ORDINARY_PASSPORT, date(2004, 2, 1), date(2020, 3, 2), date(2025, 3, 1), True),
        (K.ORDINARY_PASSPORT, date(2004, 2, 1), date(2020, 3, 2), date(2030, 3, 1), True),
        # Turned 16 half a year before issue: only 10 years.
        (K.ORDINARY_PASSPORT, date(2003, 9, 1), date(2020, 3, 2), date(2025, 3, 1), False),
        # 往来港澳通行证 card: the specimen 2018.10.09-2028.10.08.
        (K.HK_MACAO_PERMIT, date(1981, 8, 3), date(2018, 10, 9), date(2028, 10, 8), True),
        (K.HK_MACAO_PERMIT, date(2010, 8, 3), date(2018, 10, 9), date(2023, 10, 8), True),
        (K.TAIWAN_PERMIT, date(1981, 8, 3), date(2018, 10, 9), date(2028, 10, 8), True),
        # 回乡证: the age limit is 18.
        (K.MTP_HK_MACAO, date(2003, 1, 1), date(2020, 6, 1), date(2025, 5, 31), True),
        (K.MTP_HK_MACAO, date(2003, 1, 1), date(2020, 6, 1), date(2030, 5, 31), False),
        (K.MTP_HK_MACAO, date(2001, 1, 1), date(2020, 6, 1), date(2030, 5, 31), True),
        # 台胞证: 5 years at any age.
        (K.MTP_TAIWAN, date(1960, 1, 1), date(2020, 6, 1), date(2025, 5, 31), True),
        (K.MTP_TAIWAN, date(1960, 1, 1), date(2020, 6, 1), date(2030, 5, 31), False),
        # Issued on 29 February: the anniversary falls on 28 February.
        (K.ORDINARY_PASSPORT, date(1980, 1, 1), date(2020, 2, 29), date(2030, 2, 27), True),
        (K.ORDINARY_PASSPORT, date(1980, 1, 1), date(2020, 2, 29), date(2030, 2, 28), True),
    ],
)
def test_validity_period_by_kind_and_age(
    kind: DocumentKind, birth: date, issued: date, expiry: date, ok: bool
) -> None:
    check = check_validity_period(kind, birth_date=birth, issue_date=issued, expiry_date=expiry)
    assert check.ok is ok
    codes = [reason.code for reason in check.reasons]
    assert codes == ([] if ok else [ReasonCode.VALIDITY_PERIOD_MISMATCH])


@pytest.mark.parametrize(
    "kind",
    [K.DIPLOMATIC_PASSPORT, K.SERVICE_PASSPORT, K.FOREIGN_PASSPORT, K.MTP_HK_MACAO_NON_CHINESE],
)
def test_kinds_without_a_published_rule_pass_with_a_note(kind: DocumentKind) -> None:
    check = check_validity_period(
        kind, birth_date=date(1970, 1, 1), issue_date=date(2020, 1, 1), expiry_date=date(2021, 1, 1)
    )
    assert check.ok
    assert [reason.code for reason in check.reasons] == [ReasonCode.NO_VALIDITY_RULE]
    assert not check.reasons[0].blocking


def test_every_rule_names_a_known_source() -> None:
    assert {rule.source for rule in VALIDITY_RULES.values()} <= set(SOURCES)
