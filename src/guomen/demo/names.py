"""Names for synthetic people: local script plus the Latin spelling printed in their MRZ."""

from __future__ import annotations

import random

from faker import Faker
from pypinyin import Style, lazy_pinyin

# Surnames whose reading as a surname differs from the common reading of the character.
SURNAME_READINGS = {"单": "SHAN", "曾": "ZENG", "区": "OU", "解": "XIE", "仇": "QIU", "朴": "PIAO",
                    "查": "ZHA", "盖": "GE", "乐": "YUE", "尉": "YU", "繁": "PO", "覃": "QIN"}

# Hong Kong (Cantonese) spellings: (characters, romanisation) as on HK identity documents.
HK_SURNAMES = [("陈", "CHAN"), ("李", "LEE"), ("张", "CHEUNG"), ("黄", "WONG"), ("王", "WONG"),
               ("梁", "LEUNG"), ("刘", "LAU"), ("林", "LAM"), ("吴", "NG"), ("何", "HO"),
               ("郭", "KWOK"), ("杨", "YEUNG"), ("周", "CHOW"), ("郑", "CHENG"), ("谢", "TSE"),
               ("罗", "LAW"), ("冯", "FUNG"), ("邓", "TANG"), ("曾", "TSANG"), ("麦", "MAK")]
HK_GIVEN = [("大", "TAI"), ("文", "MAN"), ("家", "KA"), ("伟", "WAI"), ("永", "WING"),
            ("欣", "YAN"), ("志", "CHI"), ("明", "MING"), ("美", "MEI"), ("玲", "LING"),
            ("俊", "CHUN"), ("杰", "KIT"), ("子", "TSZ"), ("健", "KIN"), ("浩", "HO"),
            ("诗", "SZE"), ("国", "KWOK"), ("华", "WAH"), ("丽", "LAI"), ("雅", "NGA")]
KOREAN = [("김", "KIM"), ("이", "LEE"), ("박", "PARK"), ("최", "CHOI"), ("정", "JUNG"),
          ("강", "KANG"), ("조", "CHO"), ("윤", "YOON"), ("장", "JANG"), ("임", "LIM")]
KOREAN_GIVEN = ["MINJUN", "SEOYEON", "JIHO", "HAYOON", "DOYUN", "SEOJUN", "JIWOO", "SUBIN"]
_CYRILLIC = dict(zip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
                     ["A", "B", "V", "G", "D", "E", "E", "ZH", "Z", "I", "I", "K", "L", "M", "N",
                      "O", "P", "R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "SHCH", "IE", "Y",
                      "", "E", "IU", "IA"], strict=True))


def latin(text: str) -> str:
    """Upper-case Latin letters and spaces only (the demo's simple MRZ-safe spelling)."""
    out = []
    for ch in text.upper():
        mapped = _CYRILLIC.get(ch, ch)
        out.append(mapped if all("A" <= c <= "Z" for c in mapped) else " ")
    return " ".join("".join(out).split())


def mainland_name(fake: Faker) -> tuple[str, str, str]:
    surname, given = fake.last_name(), fake.first_name()
    sur_latin = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, Style.NORMAL))
    giv_latin = "".join(lazy_pinyin(given, Style.NORMAL))
    return sur_latin.upper(), giv_latin.upper(), surname + given


def hong_kong_name(rng: random.Random) -> tuple[str, str, str]:
    sur_zh, sur = rng.choice(HK_SURNAMES)
    parts = rng.sample(HK_GIVEN, 2)
    return sur, " ".join(p[1] for p in parts), sur_zh + "".join(p[0] for p in parts)


def foreign_name(fake: Faker, locale: str, rng: random.Random) -> tuple[str, str, str | None]:
    if locale == "ko_KR":
        sur_ko, sur = rng.choice(KOREAN)
        return sur, rng.choice(KOREAN_GIVEN), sur_ko
    if locale == "ja_JP":
        return (fake.last_romanized_name().upper(), fake.first_romanized_name().upper(),
                fake.last_name() + fake.first_name())
    surname, given = fake.last_name(), fake.first_name()
    local = f"{given} {surname}" if locale == "ru_RU" else None
    return latin(surname), latin(given), local
