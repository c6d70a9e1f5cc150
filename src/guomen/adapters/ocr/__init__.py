"""OCR adapter: the MRZ in a document photo, read with Tesseract (see ``reader``)."""

from guomen.adapters.ocr.decode import decode_gray
from guomen.adapters.ocr.engine import (
    OCR_UNAVAILABLE,
    OcrEngine,
    TesseractCliEngine,
    TesserocrEngine,
    find_engine,
)
from guomen.adapters.ocr.reader import TesseractMrzReader

__all__ = [
    "OCR_UNAVAILABLE",
    "OcrEngine",
    "TesseractCliEngine",
    "TesseractMrzReader",
    "TesserocrEngine",
    "decode_gray",
    "find_engine",
]
