"""Form validation: every field checked, every problem reported at once (``FormInvalid``).

The resident identity number is checked with ``guomen.people.idcard`` (GB 11643-1999, ISO 7064
MOD 11-2); birth date and sex must agree with it. Names: Chinese characters for the Chinese
name, Latin letters (pinyin) for the MRZ name; :func:`suggest_pinyin` proposes the latter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pypinyin import lazy_pinyin

from guomen.applications.model import (
    ApplicantDetails,
    ApplicationType,
    EndorsementRequest,
    GreenReason,
    ReplacementReason,
)
from guomen.documents.chinese import (
    HK_MACAO_CODES,
    HK_MACAO_OFFERINGS,
    TAIWAN_CODES,
    TAIWAN_OFFERINGS,
    Destination,
    TripAllowance,
    check_number,
    find_offering,
)
from guomen.documents.chinese.validity import age_on
from guomen.people.idcard import check_character
from guomen.people.model import Sex
from guomen.shared.errors import ValidationFailed

MAX_NAME = 40
MAX_NAME_ZH = 20
MAX_ADDRESS = 200
ELDERLY_AGE = 60
_LATIN_NAME = re.compile(r"[A-Z]+(?:[ '\-][A-Z]+)*")
_PHONE = re.compile(r"1[3-9]\d{9}")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,24}")
_FOREIGN_DOC = re.compile(r"[A-Z0-9]{5,20}")
_NATIONALITY = re.compile(r"[A-Z]{3}|D")
# 常见多音字姓氏: the surname reading differs from the everyday one (GLOSSARY/LIBRARY-NOTES).
SURNAME_READINGS = {
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "曾": "zeng",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "黑": "he",
    "秘": "bi",
    "种": "chong",
}


class FormInvalid(ValidationFailed):
    """One message per bad field (field name → message), for forms and the JSON API."""

    code = "form_invalid"

    def __init__(self, errors: dict[str, str]) -> None:
        listed = "; ".join(f"{k}: {v}" for k, v in errors.items())
        super().__init__(f"the form has errors: {listed}")
        self.errors = dict(errors)


@dataclass(frozen=True, slots=True)
class IdNumberFacts:
    number: str
    birth_date: date
    sex: Sex
    region: str


def parse_id_number(value: str) -> IdNumberFacts:
    """The facts in an 18-digit resident identity number, or ``ValidationFailed`` saying
    exactly what is wrong (length, characters, impossible date, check character)."""
    text = value.strip().upper().replace(" ", "")
    if len(text) != 18:
        raise ValidationFailed(
            f"a resident identity number has 18 characters, not {len(text)}", code="id_length"
        )
    if (
        not text[:17].isdigit()
        or not text[:17].isascii()
        or not (text[17].isdigit() or text[17] == "X")
    ):
        raise ValidationFailed(
            "17 digits and a check character (a digit or X) are expected", code="id_characters"
        )
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValidationFailed(
            f"the birth date in the number ({text[6:14]}) is not a real date", code="id_bad_date"
        ) from None
    expected = check_character(text[:17])
    if expected != text[17]:
        raise ValidationFailed(
            f"the check character is wrong: {text[17]} (a typing error somewhere in the number)",
            code="id_check_character",
        )
    sex = Sex.MALE if int(text[16]) % 2 else Sex.FEMALE
    return IdNumberFacts(text, birth, sex, text[:6])


def suggest_pinyin(name_zh: str) -> tuple[str, str]:
    """Surname and given names in upper-case pinyin for a Chinese name (a suggestion: the
    applicant confirms it). Two-character compound surnames and surname readings first."""
    name = name_zh.strip().replace("·", "")
    if not name:
        return "", ""
    for length in (2, 1):
        head = name[:length]
        if head in SURNAME_READINGS and len(name) > length:
            surname, rest = SURNAME_READINGS[head], name[length:]
            break
    else:
        surname, rest = "".join(lazy_pinyin(name[:1])), name[1:]
    return surname.upper(), "".join(lazy_pinyin(rest)).upper()


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _has_control(value: str) -> bool:
    return any(unicodedata.category(ch).startswith("C") for ch in value)


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, value: str, limit: int, *, required: bool) -> str:
        text = _clean(value)
        if len(text) > limit:
            self.add(name, f"at most {limit} characters")
        elif _has_control(text):
            self.add(name, "contains control characters")
        elif required and not text:
            self.add(name, "required")
        return text


def latin_name(errors: _Errors, name: str, value: str, *, required: bool) -> str:
    text = " ".join(errors.text(name, value, MAX_NAME, required=required).upper().split())
    if text and not _LATIN_NAME.fullmatch(text):
        errors.add(name, "Latin letters only (pinyin), e.g. ZHANG")
    return text


def chinese_name(errors: _Errors, value: str, *, required: bool) -> str:
    text = errors.text("name_zh", value, MAX_NAME_ZH, required=required)
    if text and not all("\u4e00" <= ch <= "\u9fff" or ch in "·" for ch in text):
        errors.add("name_zh", "Chinese characters only (and · between parts of a name)")
    return text


def contact(errors: _Errors, phone: str, email: str) -> tuple[str, str]:
    phone_text = errors.text("phone", phone, 20, required=False).replace(" ", "").replace("-", "")
    if phone_text.startswith("+86"):
        phone_text = phone_text[3:]
    if phone_text and not _PHONE.fullmatch(phone_text):
        errors.add("phone", "a mainland mobile number has 11 digits and starts with 1")
    email_text = errors.text("email", email, 254, required=False)
    if email_text and not _EMAIL.fullmatch(email_text):
        errors.add("email", "not an e-mail address")
    return phone_text, email_text


def birth_date_of(errors: _Errors, value: date | str | None, today: date) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            errors.add("birth_date", "not a date (YYYY-MM-DD)")
            return None
    if day > today:
        errors.add("birth_date", "the birth date is in the future")
    elif day.year < today.year - 130:
        errors.add("birth_date", "the birth date is more than 130 years ago")
    return day


def endorsement_of(
    errors: _Errors,
    app_type: ApplicationType,
    code: str,
    months: int | None,
    trips: str,
) -> EndorsementRequest | None:
    info = app_type.info
    code = code.strip().upper()
    if info.endorsement == "none" or info.destination is None:
        if code:
            errors.add("endorsement_code", "this service has no endorsement")
        return None
    if not code:
        if info.endorsement == "required":
            errors.add("endorsement_code", "choose an endorsement type")
        return None
    destination = info.destination
    codes = TAIWAN_CODES if destination is Destination.TAIWAN else HK_MACAO_CODES
    if code not in codes:
        errors.add("endorsement_code", f"unknown endorsement type {code!r}")
        return None
    try:
        allowance = TripAllowance(trips.strip().lower())
    except ValueError:
        errors.add("endorsement_trips", "one, two, multiple or once_per_week")
        return None
    if find_offering(destination, code, months, allowance) is None:
        offers = TAIWAN_OFFERINGS if destination is Destination.TAIWAN else HK_MACAO_OFFERINGS
        menu = ", ".join(
            f"{o.months or 'as approved'} months {o.trips}" for o in offers if o.code == code
        )
        errors.add("endorsement_months", f"{code} is issued as: {menu}")
        return None
    return EndorsementRequest(code, months, allowance, destination)


def green_of(
    errors: _Errors, values: tuple[str, ...], birth: date | None, sex: Sex | None, today: date
) -> tuple[GreenReason, ...]:
    reasons: list[GreenReason] = []
    for value in values:
        try:
            reason = GreenReason(value.strip().lower())
        except ValueError:
            errors.add("green", f"unknown green-channel reason {value!r}")
            continue
        if reason is GreenReason.ELDERLY:
            continue  # derived from the birth date, never declared
        if reason is GreenReason.PREGNANT and sex is Sex.MALE:
            errors.add("green", "pregnant: the identity number is a man's")
            continue
        if reason not in reasons:
            reasons.append(reason)
    if birth is not None and age_on(birth, today) >= ELDERLY_AGE:
        reasons.insert(0, GreenReason.ELDERLY)
    return tuple(reasons)


def replacement_of(
    errors: _Errors, app_type: ApplicationType, value: str
) -> ReplacementReason | None:
    text = value.strip().lower()
    if app_type is not ApplicationType.PASSPORT_REPLACEMENT:
        if text:
            errors.add("replacement_reason", "only for a replacement")
        return None
    try:
        return ReplacementReason(text)
    except ValueError:
        errors.add("replacement_reason", "lost, stolen or damaged")
        return None


def previous_number(errors: _Errors, app_type: ApplicationType, value: str) -> str:
    info = app_type.info
    text = errors.text("previous_document_number", value, 20, required=info.needs_previous)
    text = "".join(ch for ch in text.upper() if ch.isalnum())
    if not info.needs_previous:
        return text
    kind = info.document_kind
    if app_type is ApplicationType.HK_MACAO_ENDORSEMENT:
        kind = ApplicationType.HK_MACAO_PERMIT.info.document_kind
    elif app_type is ApplicationType.TAIWAN_ENDORSEMENT:
        kind = ApplicationType.TAIWAN_PERMIT.info.document_kind
    if text and kind is not None and not check_number(kind, text).ok:
        errors.add("previous_document_number", f"{text} is not a {kind} number")
    return text


@dataclass(frozen=True, slots=True)
class CitizenFields:
    id_number: str
    birth_date: date | None
    sex: Sex | None


def citizen_identity(
    errors: _Errors, id_number: str, birth: date | None, sex_text: str, today: date
) -> CitizenFields:
    sex = _sex(errors, sex_text, required=False)
    if not id_number.strip():
        errors.add("id_number", "required")
        return CitizenFields("", birth, sex)
    try:
        facts = parse_id_number(id_number)
    except ValidationFailed as exc:
        errors.add("id_number", exc.message)
        return CitizenFields("", birth, sex)
    if facts.birth_date > today:
        errors.add("id_number", "the birth date in the number is in the future")
        return CitizenFields("", birth, sex)
    if birth is not None and birth != facts.birth_date:
        errors.add(
            "birth_date", f"does not match the identity number ({facts.birth_date.isoformat()})"
        )
    if sex is not None and sex is not facts.sex:
        errors.add("sex", "does not match the identity number")
    return CitizenFields(facts.number, facts.birth_date, facts.sex)


def _sex(errors: _Errors, value: str, *, required: bool) -> Sex | None:
    text = value.strip().upper()
    if not text:
        if required:
            errors.add("sex", "required")
        return None
    if text not in ("M", "F"):
        errors.add("sex", "M or F")
        return None
    return Sex(text)


def applicant_details(
    errors: _Errors,
    app_type: ApplicationType,
    *,
    surname: str,
    given_names: str,
    name_zh: str,
    id_number: str,
    birth_date: date | str | None,
    sex: str,
    nationality: str,
    foreign_document_number: str,
    phone: str,
    email: str,
    address: str,
    delivery_address: str,
    today: date,
) -> ApplicantDetails | None:
    birth = birth_date_of(errors, birth_date, today)
    citizen = app_type.info.citizens_only
    nat = nationality.strip().upper() or ("CHN" if citizen else "")
    foreign_doc = ""
    if citizen:
        fields = citizen_identity(errors, id_number, birth, sex, today)
        number, birth, sex_value = fields.id_number, fields.birth_date, fields.sex
        if nat != "CHN":
            errors.add("nationality", "this service is for Chinese citizens (CHN)")
    else:
        number, sex_value = "", _sex(errors, sex, required=True)
        if birth is None and "birth_date" not in errors.errors:
            errors.add("birth_date", "required")
        if not _NATIONALITY.fullmatch(nat) or nat == "CHN":
            errors.add("nationality", "the ICAO code of a foreign nationality, e.g. USA or D")
        foreign_doc = "".join(foreign_document_number.upper().split())
        if not _FOREIGN_DOC.fullmatch(foreign_doc):
            errors.add("foreign_document_number", "5-20 letters and digits of your passport")
    names = (
        latin_name(errors, "surname", surname, required=True),
        latin_name(errors, "given_names", given_names, required=False),
        chinese_name(errors, name_zh, required=citizen),
    )
    phone_text, email_text = contact(errors, phone, email)
    home = errors.text("address", address, MAX_ADDRESS, required=True)
    post = errors.text("delivery_address", delivery_address, MAX_ADDRESS, required=False)
    if errors.errors or birth is None or sex_value is None:
        return None
    return ApplicantDetails(
        surname=names[0],
        given_names=names[1],
        sex=sex_value,
        birth_date=birth,
        nationality=nat,
        name_zh=names[2],
        id_number=number,
        foreign_document_number=foreign_doc,
        phone=phone_text,
        email=email_text,
        address=home,
        delivery_address=post,
    )


def new_errors() -> _Errors:
    return _Errors()
