"""Receipts: the PDF shows what the applicant paid for, and its QR code carries a signed link
that staff can verify (a changed reference or signature fails)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from guomen.adapters.receipt_pdf import CJK_FONT, PdfReceiptRenderer, qr_png
from guomen.portal.receipts import Receipt, receipt_genuine, verification_url

KEY = b"r" * 32
RECEIPT = Receipt(
    reference="P1-20261122-7F3A9C",
    applicant_name="陈大文",
    applicant_pinyin="CHEN DAWEN",
    document_label="普通护照 / passport_first",
    office="北京市公安局出入境管理总队 / Beijing",
    amount_text="120.00 CNY",
    paid_at="2026-11-22 10:00",
    payment_ref="FAKE-ABC",
)


def _pdf_text(pdf: bytes) -> str:
    """Decompressed content streams (enough to find the Latin text fpdf2 wrote)."""
    out = []
    for chunk in pdf.split(b"stream\n")[1:]:
        body = chunk.split(b"\nendstream")[0]
        try:
            out.append(zlib.decompress(body).decode("latin-1"))
        except zlib.error:
            out.append(body.decode("latin-1"))
    return "\n".join(out)


def test_verification_link_is_signed_and_tamper_evident() -> None:
    url = verification_url("https://guomen.example/", KEY, RECEIPT.reference, "FAKE-ABC")
    parsed = urlparse(url)
    assert parsed.path == "/receipts/verify"
    q = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    assert q["ref"] == RECEIPT.reference
    assert receipt_genuine(KEY, q["ref"], q["pay"], q["sig"])
    assert not receipt_genuine(KEY, "P1-20261122-000000", q["pay"], q["sig"])
    assert not receipt_genuine(KEY, q["ref"], "FAKE-OTHER", q["sig"])
    assert not receipt_genuine(b"x" * 32, q["ref"], q["pay"], q["sig"])
    assert not receipt_genuine(KEY, q["ref"], q["pay"], q["sig"][:-1])


def test_qr_code_decodes_to_the_link() -> None:
    from PIL import Image

    png = qr_png("https://guomen.example/receipts/verify?ref=X&sig=Y")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == image.height >= 100


def test_latin_only_receipt_uses_pinyin_and_says_so() -> None:
    pdf = PdfReceiptRenderer(font=None).render(RECEIPT, "https://g.example/receipts/verify?x")
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "CHEN DAWEN" in text
    assert "P1-20261122-7F3A9C" in text
    assert "120.00 CNY" in text
    assert "pinyin" in text
    assert "passport_first" in text and "Beijing" in text and "?" not in text.split("verify")[0]


@pytest.mark.skipif(not Path(CJK_FONT).exists(), reason="fonts-wqy-microhei is not installed")
def test_chinese_receipt_embeds_the_cjk_font() -> None:
    renderer = PdfReceiptRenderer()
    assert renderer.chinese
    pdf = renderer.render(RECEIPT, "https://g.example/receipts/verify?x")
    assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf
    assert b"WenQuanYi" in pdf or b"wqy" in pdf.lower() or b"MicroHei" in pdf
