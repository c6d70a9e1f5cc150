"""Chinese visa classes and ordinary visa categories, as data.

Source ``visa_regulation_2013``: Exit-Entry Administration Law art. 16 (four visa classes) and
the Regulation on the Administration of the Entry and Exit of Foreigners (State Council Order
637, 2013) art. 6 (twelve ordinary categories, several split in two by length of stay: 1 is more
than 180 days, 2 is up to 180 days). Holders of the long-stay visas marked ``residence_permit``
apply for a residence permit within 30 days of entry (Exit-Entry Administration Law art. 30).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class VisaClass(StrEnum):
    DIPLOMATIC = "diplomatic"  # 外交签证
    COURTESY = "courtesy"  # 礼遇签证
    SERVICE = "service"  # 公务签证
    ORDINARY = "ordinary"  # 普通签证


class VisaCategory(StrEnum):
    C = "C"
    D = "D"
    F = "F"
    G = "G"
    J1 = "J1"
    J2 = "J2"
    L = "L"
    M = "M"
    Q1 = "Q1"
    Q2 = "Q2"
    R = "R"
    S1 = "S1"
    S2 = "S2"
    X1 = "X1"
    X2 = "X2"
    Z = "Z"


@dataclass(frozen=True, slots=True)
class VisaCategoryInfo:
    category: VisaCategory
    name_zh: str
    meaning: str
    residence_permit: bool  # apply for a residence permit within 30 days of entry


def _v(
    category: VisaCategory, zh: str, meaning: str, *, residence: bool = False
) -> VisaCategoryInfo:
    return VisaCategoryInfo(category, zh, meaning, residence)


_C = VisaCategory
VISA_CATEGORIES: dict[VisaCategory, VisaCategoryInfo] = {
    info.category: info
    for info in (
        _v(
            _C.C,
            "乘务",
            "crew of international trains, aircraft and ships, their accompanying "
            "family, and drivers of international road transport",
        ),
        _v(_C.D, "永久居留", "coming to reside permanently in China", residence=True),
        _v(_C.F, "交流访问", "exchanges, visits and study tours"),
        _v(_C.G, "过境", "transit through China"),
        _v(
            _C.J1,
            "常驻记者",
            "resident correspondents of foreign news organisations (over 180 days)",
            residence=True,
        ),
        _v(_C.J2, "临时采访", "foreign journalists on short reporting trips"),
        _v(_C.L, "旅游", "tourism"),
        _v(_C.M, "商业贸易", "business and trade"),
        _v(
            _C.Q1,
            "家庭团聚",
            "family reunion with, or foster care by, Chinese citizens or "
            "permanent residents (over 180 days)",
            residence=True,
        ),
        _v(
            _C.Q2,
            "短期探亲",
            "short visits to relatives who are Chinese citizens or permanent "
            "residents (up to 180 days)",
        ),
        _v(_C.R, "高层次人才", "high-level foreign talent and urgently needed specialists"),
        _v(
            _C.S1,
            "长期私人事务",
            "long visits to family members who are foreigners working or "
            "studying in China, or other private affairs (over 180 days)",
            residence=True,
        ),
        _v(
            _C.S2,
            "短期私人事务",
            "short visits to family members who are foreigners working or "
            "studying in China, or other private affairs (up to 180 days)",
        ),
        _v(_C.X1, "长期学习", "study in China for over 180 days", residence=True),
        _v(_C.X2, "短期学习", "study in China for up to 180 days"),
        _v(_C.Z, "工作", "work in China", residence=True),
    )
}


def visa_category(text: str) -> VisaCategory | None:
    """The category written as on a visa (``"Q1"``, ``"q 1"``, ``"Z"``), or None."""
    compact = "".join(text.split()).upper()
    try:
        return VisaCategory(compact)
    except ValueError:
        return None


def needs_residence_permit(category: VisaCategory) -> bool:
    return VISA_CATEGORIES[category].residence_permit
