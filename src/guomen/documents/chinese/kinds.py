"""The kinds of document Chinese border inspection handles every day, and how they map to the
registry's ``DocumentType``.

Sources (see ``sources.SOURCES``): passport types from the Passport Law of the PRC (2007),
arts. 3-9 (``passport_law_2007``); permits from the NIA/MPS notices and Wikipedia pages named
next to each entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from guomen.documents.model import DocumentType


class DocumentKind(StrEnum):
    # Passports of the PRC (护照法 arts. 3-5)
    ORDINARY_PASSPORT = "ordinary_passport"  # 普通护照
    OFFICIAL_ORDINARY_PASSPORT = "official_ordinary_passport"  # 公务普通护照
    SERVICE_PASSPORT = "service_passport"  # 公务护照
    DIPLOMATIC_PASSPORT = "diplomatic_passport"  # 外交护照
    # Permits issued to mainland residents
    HK_MACAO_PERMIT = "hk_macao_permit"  # 往来港澳通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 往来台湾通行证
    # Permits issued to residents of Hong Kong, Macao and Taiwan
    MTP_HK_MACAO = "mainland_travel_permit_hkm"  # 港澳居民来往内地通行证 (回乡证)
    MTP_HK_MACAO_NON_CHINESE = "mainland_travel_permit_hkm_non_chinese"  # 同上 (非中国籍), 2024
    MTP_TAIWAN = "mainland_travel_permit_tw"  # 台湾居民来往大陆通行证 (台胞证)
    # Visas issued by China (签证), in a foreign passport
    CHINESE_VISA = "chinese_visa"
    # Passports of the Special Administrative Regions
    HKSAR_PASSPORT = "hksar_passport"
    MACAO_SAR_PASSPORT = "macao_sar_passport"
    # Documents of other states
    FOREIGN_PASSPORT = "foreign_passport"
    FOREIGN_VISA = "foreign_visa"
    FOREIGN_ID_CARD = "foreign_id_card"
    UNKNOWN = "unknown"


class Issuer(StrEnum):
    """Who issued the document: the PRC central authorities, a SAR, or another state."""

    PRC = "prc"
    SAR = "sar"
    FOREIGN = "foreign"
    UNKNOWN = "unknown"


class Destination(StrEnum):
    """Where a permit endorsement (签注) takes its holder."""

    HONG_KONG = "hong_kong"
    MACAO = "macao"
    TAIWAN = "taiwan"


@dataclass(frozen=True, slots=True)
class KindInfo:
    kind: DocumentKind
    name_zh: str
    name_en: str
    issuer: Issuer
    document_type: DocumentType | None


def _info(
    kind: DocumentKind, zh: str, en: str, issuer: Issuer, doc_type: DocumentType | None
) -> KindInfo:
    return KindInfo(kind, zh, en, issuer, doc_type)


_K = DocumentKind
_T = DocumentType
KIND_INFO: dict[DocumentKind, KindInfo] = {
    info.kind: info
    for info in (
        _info(_K.ORDINARY_PASSPORT, "普通护照", "Ordinary passport", Issuer.PRC, _T.PASSPORT),
        _info(
            _K.OFFICIAL_ORDINARY_PASSPORT,
            "公务普通护照",
            "Official ordinary passport",
            Issuer.PRC,
            _T.PASSPORT,
        ),
        _info(_K.SERVICE_PASSPORT, "公务护照", "Service passport", Issuer.PRC, _T.PASSPORT),
        _info(_K.DIPLOMATIC_PASSPORT, "外交护照", "Diplomatic passport", Issuer.PRC, _T.PASSPORT),
        _info(
            _K.HK_MACAO_PERMIT,
            "往来港澳通行证",
            "Exit-Entry Permit for Travelling to and from Hong Kong and Macao",
            Issuer.PRC,
            _T.HK_MACAO_PERMIT,
        ),
        _info(
            _K.TAIWAN_PERMIT,
            "往来台湾通行证",
            "Travel Permit to and from Taiwan",
            Issuer.PRC,
            _T.TAIWAN_PERMIT,
        ),
        _info(
            _K.MTP_HK_MACAO,
            "港澳居民来往内地通行证",
            "Mainland Travel Permit for Hong Kong and Macao Residents",
            Issuer.PRC,
            _T.MAINLAND_TRAVEL_PERMIT_HKM,
        ),
        _info(
            _K.MTP_HK_MACAO_NON_CHINESE,
            "港澳居民来往内地通行证(非中国籍)",
            "Mainland Travel Permit for Hong Kong and Macao Residents (Non-Chinese Citizens)",
            Issuer.PRC,
            _T.MAINLAND_TRAVEL_PERMIT_HKM,
        ),
        _info(
            _K.MTP_TAIWAN,
            "台湾居民来往大陆通行证",
            "Mainland Travel Permit for Taiwan Residents",
            Issuer.PRC,
            _T.MAINLAND_TRAVEL_PERMIT_TW,
        ),
        # DocumentType has no visa value: a visa is not a travel document of its own.
        _info(_K.CHINESE_VISA, "中国签证", "Chinese visa", Issuer.PRC, None),
        _info(_K.HKSAR_PASSPORT, "香港特区护照", "HKSAR passport", Issuer.SAR, _T.PASSPORT),
        _info(_K.MACAO_SAR_PASSPORT, "澳门特区护照", "Macao SAR passport", Issuer.SAR, _T.PASSPORT),
        _info(_K.FOREIGN_PASSPORT, "外国护照", "Foreign passport", Issuer.FOREIGN, _T.PASSPORT),
        _info(_K.FOREIGN_VISA, "外国签证", "Visa of another state", Issuer.FOREIGN, None),
        _info(
            _K.FOREIGN_ID_CARD, "外国身份证件", "Foreign identity card", Issuer.FOREIGN, _T.ID_CARD
        ),
        _info(_K.UNKNOWN, "未知证件", "Unknown document", Issuer.UNKNOWN, None),
    )
}

CHINESE_PASSPORTS: frozenset[DocumentKind] = frozenset(
    {
        DocumentKind.ORDINARY_PASSPORT,
        DocumentKind.OFFICIAL_ORDINARY_PASSPORT,
        DocumentKind.SERVICE_PASSPORT,
        DocumentKind.DIPLOMATIC_PASSPORT,
    }
)

CHINESE_PERMITS: frozenset[DocumentKind] = frozenset(
    {
        DocumentKind.HK_MACAO_PERMIT,
        DocumentKind.TAIWAN_PERMIT,
        DocumentKind.MTP_HK_MACAO,
        DocumentKind.MTP_HK_MACAO_NON_CHINESE,
        DocumentKind.MTP_TAIWAN,
    }
)


def document_type_for(kind: DocumentKind) -> DocumentType | None:
    """The registry's ``DocumentType`` for a kind (None for visas and unknown documents)."""
    return KIND_INFO[kind].document_type
