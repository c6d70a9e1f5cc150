"""Document numbers: normalised and compared with tolerance for OCR confusions.

Normalised: upper case, only letters and digits (``E 1234-567`` → ``E1234567``). OCR-folded: the
glyph pairs that MRZ and card OCR confuse (O/0, Q/0, D/0, I/1, L/1, B/8, S/5, Z/2, G/6) folded to
the digit, so a number read as ``E12B4S67`` still meets ``E1284567``.
"""

from __future__ import annotations

from dataclasses import dataclass

_OCR_FOLD = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "B": "8", "S": "5"})
_OCR_FOLD.update(str.maketrans({"Z": "2", "G": "6"}))
MIN_LENGTH = 4  # shorter "numbers" (a bare "123") identify nothing


def normalise_document_number(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isascii() and ch.isalnum())


def ocr_fold(number: str) -> str:
    return number.translate(_OCR_FOLD)


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    number: str
    folded: str

    @classmethod
    def of(cls, raw: str) -> PreparedDocument | None:
        number = normalise_document_number(raw)
        if len(number) < MIN_LENGTH:
            return None
        return cls(number, ocr_fold(number))


@dataclass(frozen=True, slots=True)
class DocumentComparison:
    agreement: float
    disagreement: float
    reason: str


NO_DOCUMENT = DocumentComparison(0.0, 0.0, "no document number to compare")


def compare_documents(
    query: PreparedDocument | None, listed: tuple[PreparedDocument, ...]
) -> DocumentComparison:
    if query is None or not listed:
        return NO_DOCUMENT
    for doc in listed:
        if doc.number == query.number:
            return DocumentComparison(1.0, 0.0, f"same document number {doc.number}")
    for doc in listed:
        if doc.folded == query.folded:
            return DocumentComparison(
                0.9, 0.0, f"document number {query.number} ~ {doc.number} (OCR confusion)"
            )
    return DocumentComparison(0.0, 1.0, f"document number {query.number} is not listed")
