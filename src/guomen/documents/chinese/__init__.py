"""Chinese documents: the document kinds Chinese border inspection handles every day.

Pure domain code (standard library and ``guomen`` only). Entry points:

* :func:`read_document` - MRZ lines in, parsed MRZ and :class:`ClassifiedDocument` out;
* :func:`classify` - classify an ICAO ``MrzResult`` or a permit card ``PermitMrzResult``;
* :func:`parse_permit_mrz` / :func:`generate_permit_mrz` - the permit cards' own MRZ layouts;
* :func:`check_number`, :func:`canonical_number`, :func:`number_readings` - number formats and
  the OCR-tolerant lookup form;
* :func:`issue_endorsement`, :func:`check_trip`, :func:`use_trip`, :func:`check_stay` - 签注;
* :func:`check_validity_period` - validity by kind and age;
* ``VISA_CATEGORIES`` - Chinese visa categories as data.

Every fact names its source in :data:`SOURCES`; what we could not verify is in
:data:`ASSUMPTIONS`.
"""

from guomen.documents.chinese.classify import PASSPORT_CODES, ClassifiedDocument, classify
from guomen.documents.chinese.endorsement_types import (
    HK_MACAO_CODES,
    HK_MACAO_OFFERINGS,
    TAIWAN_CODES,
    TAIWAN_OFFERINGS,
    Offering,
    TravelPurpose,
    TripAllowance,
    find_offering,
    purpose_of,
)
from guomen.documents.chinese.endorsements import (
    Endorsement,
    EndorsementError,
    StayCheck,
    TripDecision,
    TripOutcome,
    check_stay,
    check_trip,
    issue_endorsement,
    use_trip,
)
from guomen.documents.chinese.kinds import (
    KIND_INFO,
    Destination,
    DocumentKind,
    Issuer,
    KindInfo,
    document_type_for,
)
from guomen.documents.chinese.numbers import (
    NUMBER_FORMATS,
    NormalisedNumber,
    NumberCheck,
    NumberCorrection,
    NumberFormat,
    canonical_number,
    check_number,
    formats_for,
    kinds_for_number,
    number_readings,
)
from guomen.documents.chinese.permit_generate import generate_permit_mrz
from guomen.documents.chinese.permit_layouts import (
    EEP_CODES,
    MTP_CODES,
    PermitLayout,
    PermitMrzFields,
    PermitMrzResult,
    permit_layout_of,
)
from guomen.documents.chinese.permit_mrz import parse_permit_mrz
from guomen.documents.chinese.reading import ReadDocument, read_document
from guomen.documents.chinese.reasons import Reason, ReasonCode, Severity
from guomen.documents.chinese.sources import ASSUMPTIONS, SOURCES, Assumption, Source
from guomen.documents.chinese.validity import (
    VALIDITY_RULES,
    ValidityCheck,
    ValidityRule,
    check_validity_period,
)
from guomen.documents.chinese.visas import (
    VISA_CATEGORIES,
    VisaCategory,
    VisaCategoryInfo,
    VisaClass,
    needs_residence_permit,
    visa_category,
)

__all__ = [
    "ASSUMPTIONS",
    "EEP_CODES",
    "HK_MACAO_CODES",
    "HK_MACAO_OFFERINGS",
    "KIND_INFO",
    "MTP_CODES",
    "NUMBER_FORMATS",
    "PASSPORT_CODES",
    "SOURCES",
    "TAIWAN_CODES",
    "TAIWAN_OFFERINGS",
    "VALIDITY_RULES",
    "VISA_CATEGORIES",
    "Assumption",
    "ClassifiedDocument",
    "Destination",
    "DocumentKind",
    "Endorsement",
    "EndorsementError",
    "Issuer",
    "KindInfo",
    "NormalisedNumber",
    "NumberCheck",
    "NumberCorrection",
    "NumberFormat",
    "Offering",
    "PermitLayout",
    "PermitMrzFields",
    "PermitMrzResult",
    "ReadDocument",
    "Reason",
    "ReasonCode",
    "Severity",
    "Source",
    "StayCheck",
    "TravelPurpose",
    "TripAllowance",
    "TripDecision",
    "TripOutcome",
    "ValidityCheck",
    "ValidityRule",
    "VisaCategory",
    "VisaCategoryInfo",
    "VisaClass",
    "canonical_number",
    "check_number",
    "check_stay",
    "check_trip",
    "check_validity_period",
    "classify",
    "document_type_for",
    "find_offering",
    "formats_for",
    "generate_permit_mrz",
    "issue_endorsement",
    "kinds_for_number",
    "needs_residence_permit",
    "number_readings",
    "parse_permit_mrz",
    "permit_layout_of",
    "purpose_of",
    "read_document",
    "use_trip",
    "visa_category",
]
