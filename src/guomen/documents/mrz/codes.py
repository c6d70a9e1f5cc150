"""Stable, machine-readable issue codes reported by the MRZ engine.

The values are part of the public contract (JSON API, CLI, stored results): add new codes, never
rename existing ones.
"""

from __future__ import annotations

from enum import StrEnum


class IssueCode(StrEnum):
    # Input problems: the text could not be read as MRZ lines at all, or only in part.
    EMPTY_INPUT = "empty_input"
    INPUT_TOO_LARGE = "input_too_large"
    BAD_INPUT_TYPE = "bad_input_type"
    BAD_LINE_COUNT = "bad_line_count"
    BAD_LENGTH = "bad_length"
    CONTROL_CHARACTER = "control_character"
    NON_ASCII = "non_ascii"
    LOWER_CASE = "lower_case"
    BAD_CHARACTER = "bad_character"
    # Structure and content errors: the MRZ was read but is not a valid Doc 9303 MRZ.
    BAD_DOCUMENT_CODE = "bad_document_code"
    BAD_STATE_CODE = "bad_state_code"
    BAD_NAME = "bad_name"
    BAD_FILLER = "bad_filler"
    BAD_CHECK_DIGIT = "bad_check_digit"
    BAD_COMPOSITE_CHECK = "bad_composite_check"
    IMPOSSIBLE_DATE = "impossible_date"
    BAD_SEX = "bad_sex"
    # Warnings: the MRZ is valid, but an officer should know.
    UNKNOWN_STATE = "unknown_state"
    EXPIRED = "expired"
    NAME_TRUNCATED = "name_truncated"
    PARTIAL_BIRTH_DATE = "partial_birth_date"
    OCR_AMBIGUOUS = "ocr_ambiguous"
    OCR_UNCHECKED_CORRECTION = "ocr_unchecked_correction"
