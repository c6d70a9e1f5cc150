"""ICAO Doc 9303 MRZ engine: parse and validate, generate, and read OCR output.

Pure domain code (standard library only). Entry points:

* :func:`parse_mrz` — strict parse and validation; never raises, reports issue codes.
* :func:`repair_ocr` — the same for OCR output, with a bounded, check-digit-driven repair.
* :func:`generate_mrz` — MRZ lines from :class:`MrzFields` (raises :class:`MrzFieldError`).
* :func:`transliterate_name` — a name in MRZ form (Doc 9303 Part 3 transliteration).
"""

from guomen.documents.mrz.checkdigit import compute_check_digit, verify_check_digit
from guomen.documents.mrz.codes import IssueCode
from guomen.documents.mrz.errors import MrzFieldError
from guomen.documents.mrz.formats import MrzFormat
from guomen.documents.mrz.generate import GeneratedMrz, generate_mrz
from guomen.documents.mrz.model import MrzCheck, MrzCorrection, MrzFields, MrzIssue, MrzResult
from guomen.documents.mrz.ocr_repair import repair_ocr
from guomen.documents.mrz.parse import parse_mrz
from guomen.documents.mrz.states import KNOWN_STATES, StateLookup
from guomen.documents.mrz.transliterate import transliterate_name

__all__ = [
    "KNOWN_STATES",
    "GeneratedMrz",
    "IssueCode",
    "MrzCheck",
    "MrzCorrection",
    "MrzFieldError",
    "MrzFields",
    "MrzFormat",
    "MrzIssue",
    "MrzResult",
    "StateLookup",
    "compute_check_digit",
    "generate_mrz",
    "parse_mrz",
    "repair_ocr",
    "transliterate_name",
    "verify_check_digit",
]
