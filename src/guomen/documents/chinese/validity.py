"""Validity periods by document kind and holder's age, and a check of a document's dates.

Rules and sources: ordinary passports, Passport Law art. 7 (``passport_law_2007``); 往来港澳通行证
card (``wiki_eep``, ``chinadaily_2014_eep``); 往来台湾通行证 card (``chinatimes_2016_tw_permit``);
回乡证 2013 card (``mtp_card_2013``); 台胞证 card (``wiki_mtp_tw``). Assumptions ``validity_age``
and ``expiry_day`` in ``sources.ASSUMPTIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from guomen.documents.chinese.kinds import DocumentKind
from guomen.documents.chinese.reasons import Reason, ReasonCode, error, info

# An applicant may cross the age limit between application and issue (assumption validity_age).
APPLICATION_LEAD = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class ValidityRule:
    """``adult_years`` from ``adult_age`` (age at application), ``minor_years`` below it."""

    kind: DocumentKind
    adult_age: int
    adult_years: int
    minor_years: int
    source: str

    def years_for_age(self, age: int) -> int:
        return self.adult_years if age >= self.adult_age else self.minor_years


VALIDITY_RULES: dict[DocumentKind, ValidityRule] = {
    rule.kind: rule
    for rule in (
        ValidityRule(DocumentKind.ORDINARY_PASSPORT, 16, 10, 5, "passport_law_2007"),
        ValidityRule(DocumentKind.HK_MACAO_PERMIT, 16, 10, 5, "wiki_eep"),
        ValidityRule(DocumentKind.TAIWAN_PERMIT, 16, 10, 5, "chinatimes_2016_tw_permit"),
        ValidityRule(DocumentKind.MTP_HK_MACAO, 18, 10, 5, "mtp_card_2013"),
        ValidityRule(DocumentKind.MTP_TAIWAN, 0, 5, 5, "wiki_mtp_tw"),
    )
}


def age_on(birth_date: date, day: date) -> int:
    """Completed years of age on ``day`` (someone born on 29 February ages on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expected_expiry(issue_date: date, years: int) -> date:
    """The day before the anniversary (assumption expiry_day)."""
    return add_years(issue_date, years) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ValidityCheck:
    ok: bool
    expected_years: tuple[int, ...]
    reasons: tuple[Reason, ...]


def check_validity_period(
    kind: DocumentKind, *, birth_date: date, issue_date: date, expiry_date: date
) -> ValidityCheck:
    """Does the expiry date fit the kind's validity for the holder's age at application?

    Kinds without a published rule (public-affairs passports, foreign documents) pass with an
    ``no_validity_rule`` note.
    """
    rule = VALIDITY_RULES.get(kind)
    if rule is None:
        return ValidityCheck(
            True, (), (info(ReasonCode.NO_VALIDITY_RULE, f"no validity rule for {kind}"),)
        )
    ages = {age_on(birth_date, issue_date), age_on(birth_date, issue_date - APPLICATION_LEAD)}
    allowed = tuple(sorted({rule.years_for_age(age) for age in ages}))
    for years in allowed:
        if expiry_date in (expected_expiry(issue_date, years), add_years(issue_date, years)):
            return ValidityCheck(True, allowed, ())
    spans = " or ".join(f"{years} years" for years in allowed)
    message = (
        f"{kind} issued {issue_date} to a holder born {birth_date} is valid {spans}, "
        f"not until {expiry_date}"
    )
    return ValidityCheck(False, allowed, (error(ReasonCode.VALIDITY_PERIOD_MISMATCH, message),))
