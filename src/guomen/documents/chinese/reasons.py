"""Machine-readable reasons that every rule in this package returns with its outcome.

The code values are a public contract (JSON API, stored decisions): add codes, never rename them.
Messages are English for logs and APIs; user-facing text is translated elsewhere from the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the outcome is negative: the document or trip must not be accepted as is
    WARNING = "warning"  # accepted, but an officer should look
    INFO = "info"  # for the record (e.g. an OCR correction that the formats made certain)


class ReasonCode(StrEnum):
    # Reading and classifying documents
    MRZ_INVALID = "mrz_invalid"
    UNKNOWN_DOCUMENT = "unknown_document"
    LAYOUT_MISMATCH = "layout_mismatch"
    DOCUMENT_CODE_UNEXPECTED = "document_code_unexpected"
    ISSUING_STATE_UNEXPECTED = "issuing_state_unexpected"
    NATIONALITY_MISMATCH = "nationality_mismatch"
    VISA_CATEGORY_HINT = "visa_category_hint"
    # Document numbers
    NUMBER_FORMAT_MISMATCH = "number_format_mismatch"
    NUMBER_LEGACY_SERIES = "number_legacy_series"
    NUMBER_OCR_CORRECTED = "number_ocr_corrected"
    NUMBER_AMBIGUOUS = "number_ambiguous"
    # Validity periods
    VALIDITY_PERIOD_MISMATCH = "validity_period_mismatch"
    NO_VALIDITY_RULE = "no_validity_rule"
    # Endorsements (签注) and trips
    PURPOSE_MISMATCH = "purpose_mismatch"
    WRONG_DESTINATION = "wrong_destination"
    ENDORSEMENT_NOT_YET_VALID = "endorsement_not_yet_valid"
    ENDORSEMENT_EXPIRED = "endorsement_expired"
    NO_TRIPS_LEFT = "no_trips_left"
    WEEKLY_TRIP_USED = "weekly_trip_used"
    PERMIT_EXPIRED = "permit_expired"
    STAY_EXCEEDED = "stay_exceeded"


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    severity: Severity
    message: str

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, str]:
        return {"code": str(self.code), "severity": str(self.severity), "message": self.message}


def error(code: ReasonCode, message: str) -> Reason:
    return Reason(code, Severity.ERROR, message)


def warning(code: ReasonCode, message: str) -> Reason:
    return Reason(code, Severity.WARNING, message)


def info(code: ReasonCode, message: str) -> Reason:
    return Reason(code, Severity.INFO, message)


def any_blocking(reasons: Iterable[Reason]) -> bool:
    return any(reason.blocking for reason in reasons)
