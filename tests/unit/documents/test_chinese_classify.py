from __future__ import annotations

import json
from datetime import date

import pytest

from guomen.documents.chinese import (
    KIND_INFO,
    ClassifiedDocument,
    DocumentKind,
    Issuer,
    PermitLayout,
    PermitMrzFields,
    PermitMrzResult,
    VisaCategory,
    classify,
    document_type_for,
    generate_permit_mrz,
    parse_permit_mrz,
    read_document,
)
from guomen.documents.model import DocumentType
from guomen.documents.mrz import MrzFields, MrzResult, generate_mrz, parse_mrz

TODAY = date(2025, 6, 1)
K = DocumentKind
T = DocumentType
HKM, TWN = T.MAINLAND_TRAVEL_PERMIT_HKM, T.MAINLAND_TRAVEL_PERMIT_TW
CODE, NUMBER = "document_code_unexpected", "number_format_mismatch"
BLOCKING = {NUMBER, "layout_mismatch", "unknown_document"}


def _passport_lines(number: str) -> tuple[str, ...]:
    born, expires = date(1990, 5, 17), date(2030, 5, 16)
    fields = MrzFields("PO", "CHN", "LI", "LEI", number, "CHN", born, "M", expires)
    return generate_mrz(fields, "TD3").lines


def _icao(code: str, state: str, nationality: str, number: str, fmt: str = "TD3") -> MrzResult:
    fields = MrzFields(
        code, state, "ZHANG", "SAN", number, nationality, date(1990, 5, 17), "M", date(2030, 5, 16)
    )
    result = parse_mrz(generate_mrz(fields, fmt).lines, today=TODAY)
    assert result.fields is not None
    return result


def _codes(document: ClassifiedDocument) -> set[str]:
    return set(document.reason_codes())


@pytest.mark.parametrize(
    ("code", "state", "nationality", "number", "fmt", "kind", "reasons"),
    [
        # PRC passports: the kind comes from the number series.
        ("PO", "CHN", "CHN", "E12345678", "TD3", K.ORDINARY_PASSPORT, set()),
        ("P", "CHN", "CHN", "EA1234567", "TD3", K.ORDINARY_PASSPORT, set()),
        ("P", "CHN", "CHN", "G12345678", "TD3", K.ORDINARY_PASSPORT, {"number_legacy_series"}),
        ("PO", "CHN", "CHN", "PE1234567", "TD3", K.OFFICIAL_ORDINARY_PASSPORT, set()),
        ("PS", "CHN", "CHN", "SE1234567", "TD3", K.SERVICE_PASSPORT, set()),
        ("PD", "CHN", "CHN", "DE1234567", "TD3", K.DIPLOMATIC_PASSPORT, set()),
        ("PD", "CHN", "CHN", "E12345678", "TD3", K.ORDINARY_PASSPORT, {"document_code_unexpected"}),
        ("PO", "CHN", "USA", "E12345678", "TD3", K.ORDINARY_PASSPORT, {"nationality_mismatch"}),
        ("P", "CHN", "CHN", "X1234567", "TD3", K.ORDINARY_PASSPORT, {"number_format_mismatch"}),
        ("PD", "CHN", "CHN", "X1234567", "TD3", K.DIPLOMATIC_PASSPORT, {"number_format_mismatch"}),
        # SAR and foreign passports: numbers not judged.
        ("P", "HKG", "CHN", "K12345678", "TD3", K.HKSAR_PASSPORT, set()),
        ("P", "MAC", "CHN", "MA1234567", "TD3", K.MACAO_SAR_PASSPORT, set()),
        ("P", "UTO", "UTO", "L898902C3", "TD3", K.FOREIGN_PASSPORT, set()),
        ("P", "D", "D", "C01X0006H", "TD3", K.FOREIGN_PASSPORT, set()),
        # Visas (MRV-A and MRV-B).
        ("V", "CHN", "USA", "123456789", "MRV-A", K.CHINESE_VISA, set()),
        ("VL", "CHN", "GBR", "123456789", "MRV-B", K.CHINESE_VISA, {"visa_category_hint"}),
        ("VQ", "CHN", "GBR", "123456789", "MRV-B", K.CHINESE_VISA, set()),
        ("V", "USA", "CHN", "123456789", "MRV-A", K.FOREIGN_VISA, set()),
        # Chinese permits written as ICAO cards: not how the real cards look.
        ("CS", "CHN", "CHN", "C12345678", "TD1", K.HK_MACAO_PERMIT, {"layout_mismatch"}),
        ("CD", "CHN", "CHN", "L12345678", "TD1", K.TAIWAN_PERMIT, {"layout_mismatch"}),
        ("CX", "CHN", "CHN", "H12345678", "TD1", K.MTP_HK_MACAO, {"layout_mismatch"}),
        ("I", "CHN", "CHN", "123456789", "TD1", K.UNKNOWN, {"unknown_document"}),
        # Identity cards of other states.
        ("ID", "D", "D", "T22000129", "TD1", K.FOREIGN_ID_CARD, set()),
        ("I", "UTO", "UTO", "D23145890", "TD2", K.FOREIGN_ID_CARD, set()),
    ],
)
def test_icao_documents_are_classified(
    code: str,
    state: str,
    nationality: str,
    number: str,
    fmt: str,
    kind: DocumentKind,
    reasons: set[str],
) -> None:
    document = classify(_icao(code, state, nationality, number, fmt))
    assert document.kind is kind
    assert _codes(document) == reasons
    assert document.document_type is KIND_INFO[kind].document_type
    assert document.ok is not bool(reasons & BLOCKING)
    assert (document.issuing_state, document.number) == (state, number)
    assert document.expiry_date == date(2030, 5, 16)


def test_a_chinese_passport_maps_to_the_registry_type() -> None:
    document = classify(_icao("PO", "CHN", "CHN", "E12345678"))
    assert (document.document_type, document.issuer, document.is_chinese) == (
        T.PASSPORT,
        Issuer.PRC,
        True,
    )
    assert document.number_format == "e_passport"


def test_a_visa_category_hint_is_only_a_hint() -> None:
    document = classify(_icao("VL", "CHN", "GBR", "123456789", "MRV-B"))
    assert document.visa_category is VisaCategory.L
    assert document.ok and document.document_type is None
    assert classify(_icao("V", "CHN", "GBR", "123456789", "MRV-B")).visa_category is None


def test_an_invalid_mrz_is_classified_but_not_ok() -> None:
    line1, line2 = generate_mrz(
        MrzFields(
            "PO", "CHN", "LI", "LEI", "E12345678", "CHN", date(1990, 5, 17), "M", date(2030, 5, 16)
        ),
        "TD3",
    ).lines
    tampered = parse_mrz([line1, "E12345679" + line2[9:]], today=TODAY)
    document = classify(tampered)
    assert document.kind is K.ORDINARY_PASSPORT
    assert not document.ok
    assert "mrz_invalid" in _codes(document)


def test_unreadable_input_is_an_unknown_document() -> None:
    document = classify(parse_mrz("", today=TODAY))
    assert document.kind is K.UNKNOWN
    assert _codes(document) == {"mrz_invalid", "unknown_document"}
    assert classify(parse_permit_mrz("", today=TODAY)).kind is K.UNKNOWN


def _permit(layout: PermitLayout, code: str, number: str) -> PermitMrzResult:
    extra = (
        {} if layout is PermitLayout.EEP else {"sex": "F", "surname": "CHAN", "given_names": "MEI"}
    )
    fields = PermitMrzFields(layout, code, number, date(1990, 5, 17), date(2030, 5, 16), **extra)  # type: ignore[arg-type]
    return parse_permit_mrz(generate_permit_mrz(fields), today=TODAY)


EEP, MTP = PermitLayout.EEP, PermitLayout.MTP


@pytest.mark.parametrize(
    ("layout", "code", "number", "kind", "doc_type", "reasons"),
    [
        (EEP, "CS", "C12345678", K.HK_MACAO_PERMIT, T.HK_MACAO_PERMIT, set()),
        (EEP, "CS", "CA0000001", K.HK_MACAO_PERMIT, T.HK_MACAO_PERMIT, set()),
        (EEP, "CD", "L12345678", K.TAIWAN_PERMIT, T.TAIWAN_PERMIT, set()),
        (EEP, "CS", "L12345678", K.HK_MACAO_PERMIT, T.HK_MACAO_PERMIT, {"number_format_mismatch"}),
        (
            EEP,
            "CX",
            "C12345678",
            K.HK_MACAO_PERMIT,
            T.HK_MACAO_PERMIT,
            {"document_code_unexpected"},
        ),
        (EEP, "CX", "X12345678", K.UNKNOWN, None, {"unknown_document"}),
        (MTP, "CR", "H12345678", K.MTP_HK_MACAO, T.MAINLAND_TRAVEL_PERMIT_HKM, set()),
        (MTP, "CR", "M12345678", K.MTP_HK_MACAO, T.MAINLAND_TRAVEL_PERMIT_HKM, set()),
        (MTP, "CR", "HA1234567", K.MTP_HK_MACAO_NON_CHINESE, T.MAINLAND_TRAVEL_PERMIT_HKM, set()),
        (MTP, "CT", "01234567", K.MTP_TAIWAN, T.MAINLAND_TRAVEL_PERMIT_TW, set()),
        (
            MTP,
            "CR",
            "01234567",
            K.MTP_TAIWAN,
            T.MAINLAND_TRAVEL_PERMIT_TW,
            {"document_code_unexpected"},
        ),
        (
            MTP,
            "CT",
            "H12345678",
            K.MTP_HK_MACAO,
            T.MAINLAND_TRAVEL_PERMIT_HKM,
            {"document_code_unexpected"},
        ),
        (
            MTP,
            "CR",
            "X12345678",
            K.MTP_HK_MACAO,
            T.MAINLAND_TRAVEL_PERMIT_HKM,
            {"number_format_mismatch"},
        ),
        (MTP, "CQ", "X12345678", K.UNKNOWN, None, {"unknown_document"}),
    ],
)
def test_permit_cards_are_classified_by_layout_and_number(
    layout: PermitLayout,
    code: str,
    number: str,
    kind: DocumentKind,
    doc_type: DocumentType | None,
    reasons: set[str],
) -> None:
    document = classify(_permit(layout, code, number))
    assert (document.kind, document.document_type) == (kind, doc_type)
    assert _codes(document) == reasons
    assert document.issuing_state == "CHN"
    assert document.ok is not bool(reasons & BLOCKING)


def test_permit_holders_nationality() -> None:
    assert classify(_permit(MTP, "CR", "H12345678")).nationality == "CHN"
    assert classify(_permit(MTP, "CR", "HA1234567")).nationality == ""


def test_read_document_picks_the_parser_by_line_shape() -> None:
    eep = read_document("CSC123456788<3005165<9005178<6", today=TODAY)
    assert isinstance(eep.mrz, PermitMrzResult)
    assert (eep.document.kind, eep.document.number, eep.document.ok) == (
        K.HK_MACAO_PERMIT,
        "C12345678",
        True,
    )
    mtp_lines = generate_permit_mrz(
        PermitMrzFields(MTP, "CT", "01234567", date(1985, 2, 3), date(2028, 2, 2), surname="LIN")
    )
    assert read_document("\n".join(mtp_lines), today=TODAY).document.kind is K.MTP_TAIWAN
    passport = generate_mrz(
        MrzFields(
            "PO", "CHN", "LI", "LEI", "EB1234567", "CHN", date(1990, 5, 17), "M", date(2030, 5, 16)
        ),
        "TD3",
    ).lines
    read = read_document(list(passport), today=TODAY)
    assert isinstance(read.mrz, MrzResult)
    assert read.document.kind is K.ORDINARY_PASSPORT
    assert read_document("garbage", today=TODAY).document.kind is K.UNKNOWN


def test_the_classification_is_json_ready() -> None:
    document = classify(_permit(EEP, "CS", "L12345678"))
    data = json.loads(json.dumps(document.to_dict()))
    assert data["kind"] == "hk_macao_permit"
    assert data["document_type"] == "hk_macao_permit"
    assert data["ok"] is False
    assert data["reasons"][0]["code"] == "number_format_mismatch"
    assert data["reasons"][0]["severity"] == "error"


@pytest.mark.parametrize(
    ("kind", "doc_type"),
    [
        (K.ORDINARY_PASSPORT, T.PASSPORT),
        (K.OFFICIAL_ORDINARY_PASSPORT, T.PASSPORT),
        (K.SERVICE_PASSPORT, T.PASSPORT),
        (K.DIPLOMATIC_PASSPORT, T.PASSPORT),
        (K.HK_MACAO_PERMIT, T.HK_MACAO_PERMIT),
        (K.TAIWAN_PERMIT, T.TAIWAN_PERMIT),
        (K.MTP_HK_MACAO, T.MAINLAND_TRAVEL_PERMIT_HKM),
        (K.MTP_HK_MACAO_NON_CHINESE, T.MAINLAND_TRAVEL_PERMIT_HKM),
        (K.MTP_TAIWAN, T.MAINLAND_TRAVEL_PERMIT_TW),
        (K.HKSAR_PASSPORT, T.PASSPORT),
        (K.MACAO_SAR_PASSPORT, T.PASSPORT),
        (K.FOREIGN_PASSPORT, T.PASSPORT),
        (K.FOREIGN_ID_CARD, T.ID_CARD),
        (K.CHINESE_VISA, None),
        (K.FOREIGN_VISA, None),
        (K.UNKNOWN, None),
    ],
)
def test_every_kind_maps_to_the_registry_document_type(
    kind: DocumentKind, doc_type: DocumentType | None
) -> None:
    assert document_type_for(kind) is doc_type
    assert set(KIND_INFO) == set(DocumentKind)
