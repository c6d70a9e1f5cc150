"""Issuance (签发): the document number, the MRZ, the registry record, and the old document
superseded on renewal or replacement.

Numbers follow the formats of ``guomen.documents.chinese.numbers``: ordinary passport
``E`` + 8 digits (the 2012 e-passport series), HK/Macao permit card ``C`` + 8 digits, Taiwan
permit card ``L`` + 8 digits; a number already in the registry is never given twice. The MRZ is
generated with the documents engine (TD3 for a passport, the one-line permit layout for the
cards) and parsed back before it is stored: a document with an invalid MRZ is never issued.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from guomen.applications.model import Application, ApplicationType, ReplacementReason
from guomen.applications.ports import ApplicationsUnitOfWork
from guomen.documents.chinese import (
    DocumentKind,
    PermitLayout,
    PermitMrzFields,
    check_number,
    generate_permit_mrz,
    read_document,
)
from guomen.documents.chinese.validity import VALIDITY_RULES, age_on, expected_expiry
from guomen.documents.model import DocumentStatus, TravelDocument
from guomen.documents.mrz import MrzFields, generate_mrz
from guomen.documents.services import supersede_document
from guomen.people.model import Person
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict
from guomen.shared.ids import new_id

ISSUING_STATE = "CHN"
_PREFIX = {
    DocumentKind.ORDINARY_PASSPORT: "E",
    DocumentKind.HK_MACAO_PERMIT: "C",
    DocumentKind.TAIWAN_PERMIT: "L",
}
_PERMIT_CODE = {DocumentKind.HK_MACAO_PERMIT: "CS", DocumentKind.TAIWAN_PERMIT: "CD"}
_ATTEMPTS = 20


@dataclass(frozen=True, slots=True)
class Issued:
    document: TravelDocument | None  # None: an endorsement or a foreigner's extension
    number: str
    mrz: tuple[str, ...]
    superseded: str | None  # id of the document superseded
    reasons: tuple[str, ...]


def new_number(uow: ApplicationsUnitOfWork, kind: DocumentKind) -> str:
    prefix = _PREFIX[kind]
    for _ in range(_ATTEMPTS):
        number = prefix + "".join(secrets.choice("0123456789") for _ in range(8))
        if check_number(kind, number).ok and uow.documents.find(ISSUING_STATE, number) is None:
            return number
    raise Conflict("could not find a free document number; try again")  # pragma: no cover


def expiry_for(kind: DocumentKind, birth_date: date, issued_on: date) -> date:
    rule = VALIDITY_RULES[kind]
    return expected_expiry(issued_on, rule.years_for_age(age_on(birth_date, issued_on)))


def mrz_for(
    application: Application, kind: DocumentKind, number: str, expires_on: date
) -> tuple[str, ...]:
    p = application.applicant
    if kind is DocumentKind.ORDINARY_PASSPORT:
        fields = MrzFields(
            document_code="PO",
            issuing_state=ISSUING_STATE,
            surname=p.surname,
            given_names=p.given_names,
            document_number=number,
            nationality=p.nationality,
            birth_date=p.birth_date,
            sex=p.sex.value,
            expiry_date=expires_on,
        )
        return generate_mrz(fields, "TD3").lines
    permit = PermitMrzFields(
        layout=PermitLayout.EEP,
        document_code=_PERMIT_CODE[kind],
        document_number=number,
        birth_date=p.birth_date,
        expiry_date=expires_on,
    )
    return generate_permit_mrz(permit)


def _verified(lines: tuple[str, ...], today: date) -> tuple[str, ...]:
    read = read_document(lines, today=today, ocr=False)
    if not read.mrz.valid:  # a bug in generation, never the applicant's fault
        raise RuntimeError(f"generated MRZ does not validate: {read.mrz.error_codes()}")
    return lines


def _person_id(uow: ApplicationsUnitOfWork, application: Application, now: datetime) -> str:
    if application.person_id:
        return application.person_id
    p = application.applicant
    known = uow.apps.person_by_id_number(p.id_number) if p.id_number else None
    if known:
        return known
    person = Person(
        id=new_id(),
        surname=p.surname,
        given_names=p.given_names,
        sex=p.sex,
        birth_date=p.birth_date,
        nationality=p.nationality,
        name_local=p.name_zh or None,
        id_number=p.id_number or None,
        phone=p.phone or None,
        address=p.address or None,
        created_at=now,
    )
    uow.people.add_many([person])
    return person.id


def _supersede(
    uow: ApplicationsUnitOfWork, clock: Clock, actor: str, application: Application, new_id_: str
) -> tuple[str | None, str]:
    number = application.previous_document_number
    if not number:
        return None, "no_previous_document"
    old = uow.documents.find(ISSUING_STATE, number)
    if old is None:
        return None, "previous_document_not_in_registry"
    if old.status is not DocumentStatus.VALID:
        # A lost or stolen document stays lost: the border check must keep saying so.
        return None, f"previous_document_already_{old.status.value}"
    supersede_document(uow, clock, actor, old, new_id_)
    return old.id, "previous_document_superseded"


def issue(
    uow: ApplicationsUnitOfWork, clock: Clock, actor: str, application: Application, today: date
) -> Issued:
    """Produce the document of an approved application (the caller commits)."""
    kind = application.app_type.info.document_kind
    doc_type = application.app_type.info.document_type
    now = clock.now()
    if kind is None or doc_type is None:
        # An endorsement goes on the card the applicant holds; an extension on their permit.
        return Issued(None, application.previous_document_number, (), None, ("no_new_document",))
    number = new_number(uow, kind)
    expires_on = expiry_for(kind, application.applicant.birth_date, today)
    lines = _verified(mrz_for(application, kind, number, expires_on), today)
    person_id = _person_id(uow, application, now)
    application.person_id = person_id
    document = TravelDocument(
        id=new_id(),
        person_id=person_id,
        doc_type=doc_type,
        issuing_state=ISSUING_STATE,
        number=number,
        issued_on=today,
        expires_on=expires_on,
        status=DocumentStatus.VALID,
        created_at=now,
    )
    uow.documents.add_many([document])
    superseded, reason = None, "first_issue"
    if application.app_type is not ApplicationType.PASSPORT_FIRST:
        superseded, reason = _supersede(uow, clock, actor, application, document.id)
    if application.replacement_reason in (ReplacementReason.LOST, ReplacementReason.STOLEN):
        reason += "_after_loss"
    return Issued(document, number, lines, superseded, ("mrz_valid", reason))
