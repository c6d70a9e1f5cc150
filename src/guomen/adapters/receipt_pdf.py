"""Receipt PDF (fpdf2) with a QR code (segno) that carries the signed verification link.

Chinese text needs a CJK font: WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``) when
present; otherwise the receipt is Latin-only, with the applicant's name in pinyin and the
labels in English, and says so in a footnote."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from fpdf import FPDF

from guomen.portal.receipts import Receipt

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

_LABELS = (
    ("reference", "申请编号", "Application reference"),
    ("name", "申请人", "Applicant"),
    ("document", "证件类型", "Document"),
    ("office", "受理机关", "Office"),
    ("amount", "金额", "Amount"),
    ("paid_at", "支付时间", "Paid at"),
    ("payment_ref", "支付流水号", "Payment reference"),
)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


class PdfReceiptRenderer:
    def __init__(self, font: Path | None = CJK_FONT) -> None:
        self._font = font if font is not None and font.exists() else None

    @property
    def chinese(self) -> bool:
        return self._font is not None

    def render(self, receipt: Receipt, verify_url: str) -> bytes:
        pdf = FPDF(format=(148, 210))  # A5 in mm (a tuple: no version warning)
        pdf.set_title(f"Guomen receipt {receipt.reference}")
        pdf.set_creator("Guomen")
        pdf.add_page()
        if self._font is not None:
            pdf.add_font("cjk", "", str(self._font))
            family = "cjk"
        else:
            family = "helvetica"
        pdf.set_font(family, size=15)
        title = "缴费回执 Payment receipt" if self.chinese else "Payment receipt"
        pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=10)
        values = {
            "reference": receipt.reference,
            "name": (
                f"{receipt.applicant_name} ({receipt.applicant_pinyin})"
                if self.chinese
                else receipt.applicant_pinyin
            ),
            "document": receipt.document_label,
            "office": receipt.office,
            "amount": receipt.amount_text,
            "paid_at": receipt.paid_at,
            "payment_ref": receipt.payment_ref,
        }
        for key, zh, en in _LABELS:
            label = f"{zh} {en}" if self.chinese else en
            text = values[key] if self.chinese else _latin(values[key])
            pdf.cell(55, 7, label)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.image(io.BytesIO(qr_png(verify_url)), w=38)
        pdf.set_font(family, size=7)
        scan = "工作人员扫码核验 Staff: scan to verify" if self.chinese else "Staff: scan to verify"
        pdf.multi_cell(0, 4, f"{scan}\n{verify_url}", new_x="LMARGIN", new_y="NEXT")
        if not self.chinese:
            pdf.multi_cell(
                0, 4, "(No Chinese font installed: names are shown in pinyin.)", new_x="LMARGIN"
            )
        return bytes(pdf.output())


def _latin(text: str) -> str:
    """Bilingual values are "中文 / English": keep the English half; replace anything else."""
    if not text.isascii() and " / " in text:
        text = text.split(" / ", 1)[1]
    return text.encode("latin-1", "replace").decode("latin-1")
