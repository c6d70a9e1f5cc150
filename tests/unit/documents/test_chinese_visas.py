from __future__ import annotations

import pytest

from guomen.documents.chinese import (
    VISA_CATEGORIES,
    VisaCategory,
    needs_residence_permit,
    visa_category,
)


def test_there_are_the_twelve_ordinary_categories_of_order_637() -> None:
    letters = {category.value[0] for category in VisaCategory}
    assert letters == set("CDFGJLMQRSXZ")
    assert len(letters) == 12
    assert set(VISA_CATEGORIES) == set(VisaCategory)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("L", VisaCategory.L),
        ("z", VisaCategory.Z),
        ("Q1", VisaCategory.Q1),
        ("q 2", VisaCategory.Q2),
        (" X1 ", VisaCategory.X1),
        ("J", None),  # J1 or J2: the digit is part of the category
        ("Q", None),
        ("W", None),
        ("", None),
    ],
)
def test_categories_are_read_as_written_on_the_visa(
    text: str, category: VisaCategory | None
) -> None:
    assert visa_category(text) is category


@pytest.mark.parametrize(
    ("category", "residence"),
    [
        (VisaCategory.D, True),
        (VisaCategory.Z, True),
        (VisaCategory.X1, True),
        (VisaCategory.Q1, True),
        (VisaCategory.S1, True),
        (VisaCategory.J1, True),
        (VisaCategory.X2, False),
        (VisaCategory.Q2, False),
        (VisaCategory.S2, False),
        (VisaCategory.J2, False),
        (VisaCategory.L, False),
        (VisaCategory.M, False),
        (VisaCategory.F, False),
        (VisaCategory.G, False),
        (VisaCategory.C, False),
        (VisaCategory.R, False),
    ],
)
def test_long_stay_visas_need_a_residence_permit(category: VisaCategory, residence: bool) -> None:
    assert needs_residence_permit(category) is residence


def test_every_category_has_a_chinese_name_and_a_meaning() -> None:
    for info in VISA_CATEGORIES.values():
        assert info.name_zh and info.meaning
    assert VISA_CATEGORIES[VisaCategory.L].meaning == "tourism"
    assert VISA_CATEGORIES[VisaCategory.Z].name_zh == "工作"
