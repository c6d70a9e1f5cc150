"""An applicant reports their own document lost or stolen online (网上挂失).

The holder proves who they are with the document number plus their identity number and birth
date as the registry knows them; then the registry's own ``report_loss`` runs, so the document
is invalid at every border check at once (挂失即作废). Mismatches answer like an unknown
document, so the form cannot be used to probe who holds which number."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from guomen.documents.model import normalise_number
from guomen.documents.ports import RegistryUnitOfWork
from guomen.documents.registry import EventKind, RegistryStatus
from guomen.documents.services import ReportLoss, report_loss
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.portal.accounts import applicant_event
from guomen.portal.model import Applicant
from guomen.portal.ports import PortalRepositories
from guomen.shared.clock import Clock
from guomen.shared.errors import NotFound, ValidationFailed


class LossUnitOfWork(RegistryUnitOfWork, Protocol):
    @property
    def portal(self) -> PortalRepositories: ...


@dataclass(frozen=True, slots=True)
class OwnLoss:
    issuing_state: str
    number: str
    id_number: str
    birth_date: date
    kind: EventKind = EventKind.LOST
    occurred_on: date | None = None
    place: str = ""


def portal_principal(applicant: Applicant, client: str = "") -> Principal:
    """The portal acting for one signed-in applicant, for this one registry call only (the
    applicant role may report a loss and nothing else; the holder check comes first). The
    audit entry names the applicant."""
    return Principal(
        "applicant",
        applicant.id,
        f"portal-for-{applicant.id}",
        Role.APPLICANT,
        DataScope(ScopeLevel.NATIONAL),
        client=client,
    )


def report_own_loss(
    uow: LossUnitOfWork, clock: Clock, applicant: Applicant, cmd: OwnLoss, client: str = ""
) -> RegistryStatus:
    if cmd.kind not in (EventKind.LOST, EventKind.STOLEN):
        raise ValidationFailed("a loss report is 'lost' or 'stolen'")
    unknown = NotFound(
        "no document of yours matches these details; check the number, identity number and "
        "birth date, or report the loss at any exit-entry office"
    )
    doc = uow.documents.find(cmd.issuing_state.strip().upper(), normalise_number(cmd.number))
    holder = uow.people.get(doc.person_id) if doc is not None else None
    if doc is None or holder is None or holder.id_number is None:
        raise unknown
    same_id = hmac.compare_digest(
        holder.id_number.upper().encode(), cmd.id_number.strip().upper().encode()
    )
    if not same_id or holder.birth_date != cmd.birth_date:
        uow.audit.append(
            applicant_event(applicant.id, "portal.report_loss", outcome="holder_mismatch"),
            clock.now(),
        )
        uow.commit()
        raise unknown
    uow.audit.append(
        applicant_event(applicant.id, "portal.report_loss", client=client), clock.now()
    )
    return report_loss(
        uow,
        clock,
        portal_principal(applicant, client),
        ReportLoss(cmd.issuing_state, cmd.number, cmd.kind, cmd.occurred_on, cmd.place[:200]),
    )
