"""Names for synthetic people: local script plus the Latin spelling printed in their MRZ."""

from __future__ import annotations

import random

from faker import Faker
from pypinyin import Style, lazy_pinyin

# Surnames whose reading as a surname differs from the common reading of the character.
SURNAME_READINGS = {
    "单": "SHAN",
    "曾": "ZENG",
    "区": "OU",
    "解": "XIE",
    "仇": "QIU",
    "朴": "PIAO",
    "查": "ZHA",
    "盖": "GE",
    "乐": "YUE",
    "尉": "YU",
    "繁": "PO",
    "覃": "QIN",
}

# Hong Kong (Cantonese) spellings: (characters, romanisation) as on HK identity documents.
HK_SURNAMES = [
    ("陈", "CHAN"),
    ("李", "LEE"),
    ("张", "CHEUNG"),
    ("黄", "WONG"),
    ("王", "WONG"),
    ("梁", "LEUNG"),
    ("刘", "LAU"),
    ("林", "LAM"),
    ("吴", "NG"),
    ("何", "HO"),
    ("郭", "KWOK"),
    ("杨", "YEUNG"),
    ("周", "CHOW"),
    ("郑", "CHENG"),
    ("谢", "TSE"),
    ("罗", "LAW"),
    ("冯", "FUNG"),
    ("邓", "TANG"),
    ("曾", "TSANG"),
    ("麦", "MAK"),
]
HK_GIVEN = [
    ("大", "TAI"),
    ("文", "MAN"),
    ("家", "KA"),
    ("伟", "WAI"),
    ("永", "WING"),
    ("欣", "YAN"),
    ("志", "CHI"),
    ("明", "MING"),
    ("美", "MEI"),
    ("玲", "LING"),
    ("俊", "CHUN"),
    ("杰", "KIT"),
    ("子", "TSZ"),
    ("健", "KIN"),
    ("浩", "HO"),
    ("诗", "SZE"),
    ("国", "KWOK"),
    ("华", "WAH"),
    ("丽", "LAI"),
    ("雅", "NGA"),
]
# Taiwan passports use Wade-Giles spellings, given names hyphenated (e.g. CHANG CHIH-MING).
TW_SURNAMES = [
    ("陈", "CHEN"),
    ("林", "LIN"),
    ("黄", "HUANG"),
    ("张", "CHANG"),
    ("李", "LI"),
    ("王", "WANG"),
    ("吴", "WU"),
    ("刘", "LIU"),
    ("蔡", "TSAI"),
    ("杨", "YANG"),
    ("许", "HSU"),
    ("郑", "CHENG"),
    ("谢", "HSIEH"),
    ("洪", "HUNG"),
    ("郭", "KUO"),
    ("邱", "CHIU"),
    ("曾", "TSENG"),
    ("廖", "LIAO"),
    ("赖", "LAI"),
    ("徐", "HSU"),
]
TW_GIVEN = [
    ("志", "CHIH"),
    ("明", "MING"),
    ("家", "CHIA"),
    ("伟", "WEI"),
    ("俊", "CHUN"),
    ("怡", "YI"),
    ("婷", "TING"),
    ("雅", "YA"),
    ("文", "WEN"),
    ("宏", "HUNG"),
    ("建", "CHIEN"),
    ("淑", "SHU"),
    ("芬", "FEN"),
    ("美", "MEI"),
    ("惠", "HUI"),
    ("玲", "LING"),
    ("国", "KUO"),
    ("华", "HUA"),
]
KOREAN = [
    ("김", "KIM"),
    ("이", "LEE"),
    ("박", "PARK"),
    ("최", "CHOI"),
    ("정", "JUNG"),
    ("강", "KANG"),
    ("조", "CHO"),
    ("윤", "YOON"),
    ("장", "JANG"),
    ("임", "LIM"),
]
KOREAN_GIVEN = ["MINJUN", "SEOYEON", "JIHO", "HAYOON", "DOYUN", "SEOJUN", "JIWOO", "SUBIN"]
_CYRILLIC = dict(
    zip(
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
        [
            "A",
            "B",
            "V",
            "G",
            "D",
            "E",
            "E",
            "ZH",
            "Z",
            "I",
            "I",
            "K",
            "L",
            "M",
            "N",
            "O",
            "P",
            "R",
            "S",
            "T",
            "U",
            "F",
            "KH",
            "TS",
            "CH",
            "SH",
            "SHCH",
            "IE",
            "Y",
            "",
            "E",
            "IU",
            "IA",
        ],
        strict=True,
    )
)


def latin(text: str) -> str:
    """Upper-case Latin letters and spaces only (the demo's simple MRZ-safe spelling)."""
    out = []
    for ch in text.upper():
        mapped = _CYRILLIC.get(ch, ch)
        out.append(mapped if all("A" <= c <= "Z" for c in mapped) else " ")
    return " ".join("".join(out).split())


def mainland_name(fake: Faker, female: bool) -> tuple[str, str, str]:
    surname = fake.last_name()
    given = fake.first_name_female() if female else fake.first_name_male()
    sur_latin = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, Style.NORMAL))
    giv_latin = "".join(lazy_pinyin(given, Style.NORMAL))
    return sur_latin.upper(), giv_latin.upper(), surname + given


def hong_kong_name(rng: random.Random) -> tuple[str, str, str]:
    sur_zh, sur = rng.choice(HK_SURNAMES)
    parts = rng.sample(HK_GIVEN, 2)
    return sur, " ".join(p[1] for p in parts), sur_zh + "".join(p[0] for p in parts)


def taiwan_name(rng: random.Random) -> tuple[str, str, str]:
    sur_zh, sur = rng.choice(TW_SURNAMES)
    parts = rng.sample(TW_GIVEN, 2)
    return sur, "-".join(p[1] for p in parts), sur_zh + "".join(p[0] for p in parts)


def foreign_name(
    fake: Faker, locale: str, rng: random.Random, female: bool
) -> tuple[str, str, str | None]:
    if locale == "ko_KR":
        _sur_ko, sur = rng.choice(KOREAN)
        return sur, rng.choice(KOREAN_GIVEN), None
    if locale == "ja_JP":
        last = fake.last_name_pair()
        first = fake.first_name_female_pair() if female else fake.first_name_male_pair()
        return last[2].upper(), first[2].upper(), last[0] + first[0]
    if locale == "ru_RU":
        surname = fake.last_name_female() if female else fake.last_name_male()
    else:
        surname = fake.last_name()
    given = fake.first_name_female() if female else fake.first_name_male()
    local = f"{given} {surname}" if locale == "ru_RU" else None
    return latin(surname), latin(given), local
