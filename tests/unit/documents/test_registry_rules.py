from __future__ import annotations

from datetime import date

import pytest

from guomen.documents.alerts_csv import parse_alert_csv
from guomen.documents.model import DocumentStatus, DocumentType, TravelDocument
from guomen.documents.registry import (
    AlertStatus,
    DocumentAlert,
    MatchKind,
    RegistryHit,
    assess,
    confusable_key,
)
from guomen.shared.errors import ValidationFailed

TODAY = date(2026, 11, 1)


def doc(status: DocumentStatus = DocumentStatus.VALID, expires: date = date(2030, 1, 1)):
    return TravelDocument(
        "d1", "p1", DocumentType.PASSPORT, "CHN", "E12345678", date(2020, 1, 1), expires, status
    )


def alert(number: str = "E12345678") -> DocumentAlert:
    return DocumentAlert(
        "a1", "INTERPOL-SLTD", "CHN", number, "P", AlertStatus.STOLEN, date(2026, 5, 1), "b1"
    )


def test_confusable_key_folds_what_ocr_confuses() -> None:
    assert confusable_key("E1234S6O8") == confusable_key("e12345608")
    assert confusable_key("G 123-456") == confusable_key("6123456")
    assert confusable_key("E12345678") != confusable_key("E12345679")


@pytest.mark.parametrize(
    ("hits", "status", "blocking"),
    [
        ([RegistryHit(MatchKind.EXACT, document=doc())], "valid", False),
        ([RegistryHit(MatchKind.EXACT, document=doc(DocumentStatus.LOST))], "lost", True),
        (
            [RegistryHit(MatchKind.EXACT, document=doc(expires=date(2026, 10, 31)))],
            "expired",
            False,
        ),
        (
            [
                RegistryHit(MatchKind.EXACT, document=doc()),
                RegistryHit(MatchKind.EXACT, alert=alert()),
            ],
            "alert",
            True,
        ),
        (
            [RegistryHit(MatchKind.OCR_VARIANT, document=doc(DocumentStatus.LOST))],
            "not_found",
            False,
        ),
        ([], "not_found", False),
    ],
    ids=["valid", "lost", "expired", "alert-wins", "variant-never-decides", "nothing"],
)
def test_assess(hits: list[RegistryHit], status: str, blocking: bool) -> None:
    result = assess("CHN", "E12345678", hits, TODAY)
    assert result.status == status
    assert result.blocking is blocking
    assert result.reasons


def test_ocr_variants_are_reported_for_the_officer() -> None:
    result = assess("CHN", "E1234567B", [RegistryHit(MatchKind.OCR_VARIANT, document=doc())], TODAY)
    assert "registry.ocr_variants:1" in result.reasons


HEADER = "issuing_state,document_number,document_type,status,reported_on\n"


def test_alert_csv_reports_bad_rows_with_line_numbers() -> None:
    text = HEADER + (
        "CHN,E12345678,P,stolen,2026-05-01\n"
        "XX1,123,P,lost,\n"
        "D,C01X00T47,P,misplaced,\n"
        "UTO,L898902C3,P,lost,2026-13-01\n"
        "GBR,123456789,P,lost\n"
        "\n"
        "FRA,12AB34567,P,revoked,\n"
    )
    good, bad = parse_alert_csv(text)
    assert [(r.issuing_state, r.number, r.status) for r in good] == [
        ("CHN", "E12345678", AlertStatus.STOLEN),
        ("FRA", "12AB34567", AlertStatus.REVOKED),
    ]
    assert [b.line for b in bad] == [3, 4, 5, 6]
    assert "status 'misplaced'" in bad[1].problem


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "csv_empty"), ("a,b,c\n1,2,3\n", "csv_bad_header"), ("x\x00y", "csv_binary")],
)
def test_alert_csv_refuses_unusable_files(text: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_alert_csv(text)
    assert err.value.code == code
