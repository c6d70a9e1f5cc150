"""Chinese names: Han to pinyin with surname readings, romanisation systems, name structure."""

from __future__ import annotations

import pytest

from guomen.screening.matching import parse_chinese_name
from guomen.screening.matching.romanisation import (
    readings,
    split_syllables,
    surname_readings,
    wade_giles,
)


@pytest.mark.parametrize(
    ("han", "surname", "given"),
    [
        ("单田芳", ("shan",), ("tian", "fang")),  # pypinyin alone says dan
        ("曾志伟", ("zeng",), ("zhi", "wei")),  # not ceng
        ("区家明", ("ou",), ("jia", "ming")),  # not qu
        ("解晓东", ("xie",), ("xiao", "dong")),  # not jie
        ("仇英", ("qiu",), ("ying",)),  # not chou
        ("朴树", ("piao",), ("shu",)),  # not pu
        ("查良镛", ("zha",), ("liang", "yong")),  # not cha
        ("盖丽丽", ("ge",), ("li", "li")),  # not gai
        ("乐嘉", ("yue",), ("jia",)),  # not le
        ("欧阳明", ("ou", "yang"), ("ming",)),
        ("司马光", ("si", "ma"), ("guang",)),
        ("張偉", ("zhang",), ("wei",)),  # traditional characters
    ],
)
def test_han_names_read_with_surname_readings(
    han: str, surname: tuple[str, ...], given: tuple[str, ...]
) -> None:
    name = parse_chinese_name(han)
    assert name is not None
    assert (name.surname, name.given) == (surname, given)


@pytest.mark.parametrize(
    ("spelling", "mandarin"),
    [
        ("chan", "chen"),  # Hong Kong
        ("wong", "huang"),
        ("wong", "wang"),
        ("leung", "liang"),
        ("cheung", "zhang"),
        ("tse", "xie"),
        ("hsu", "xu"),  # Wade-Giles
        ("chang", "zhang"),
        ("tsai", "cai"),
        ("kwok", "guo"),
        ("tan", "chen"),  # Hokkien (Singapore, Malaysia)
        ("lim", "lin"),
        ("ng", "huang"),
    ],
)
def test_surname_spellings_map_to_the_same_mandarin_surname(spelling: str, mandarin: str) -> None:
    assert mandarin in surname_readings(spelling)


def test_cantonese_given_name_syllables_meet_their_pinyin() -> None:
    assert "da" in readings("tai")  # 大
    assert "wen" in readings("man")  # 文
    assert "wei" in readings("wai")  # 伟


@pytest.mark.parametrize(
    ("pinyin", "wade_giles_spelling"),
    [("zhang", "chang"), ("xu", "hsu"), ("guo", "kuo"), ("xiong", "hsiung"), ("cao", "tsao")],
)
def test_wade_giles_spellings(pinyin: str, wade_giles_spelling: str) -> None:
    assert wade_giles(pinyin) == wade_giles_spelling


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("dawen", ("da", "wen")), ("zhenghua", ("zheng", "hua")), ("xian", ("xian",))],
)
def test_joined_given_names_split_into_syllables(word: str, syllables: tuple[str, ...]) -> None:
    assert split_syllables(word) == syllables


@pytest.mark.parametrize(
    ("written", "formatted"),
    [
        ("CHEN DAWEN", "Da-Wen Chen"),
        ("DAWEN CHEN", "Da-Wen Chen"),
        ("Chan Tai-Man", "Tai-Man Chan"),
        ("CHAN TAI MAN", "Tai-Man Chan"),
        ("Chen, Da Wen", "Da-Wen Chen"),
        ("X.-H. Li", "X-H Li"),
        ("陈大文 Chen Dawen", "Da-Wen Chen"),
    ],
)
def test_surname_first_and_given_first_orders(written: str, formatted: str) -> None:
    name = parse_chinese_name(written)
    assert name is not None
    assert name.formatted == formatted


@pytest.mark.parametrize(
    "name",
    [
        "Kim Min-jun",
        "Park Ji-sung",
        "Nguyen Van Duc",
        "Sato Taro",
        "伊藤博文",
        "John Smith",
        "Alan Wilson",
    ],
)
def test_korean_vietnamese_japanese_and_western_names_are_not_chinese(name: str) -> None:
    assert parse_chinese_name(name) is None
