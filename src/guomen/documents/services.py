"""Registry use cases: check an MRZ, look up status, report a loss, revoke, supersede, import
external alert lists. Each authorises, writes its audit entry and commits once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from guomen.audit.model import AuditEvent
from guomen.audit.services import event_for
from guomen.documents.alerts_csv import BadRow, parse_alert_csv
from guomen.documents.chinese import ClassifiedDocument, PermitMrzResult, read_document
from guomen.documents.model import DocumentStatus, TravelDocument, normalise_number
from guomen.documents.mrz import MrzResult
from guomen.documents.ports import RegistryUnitOfWork
from guomen.documents.registry import (
    EVENT_STATUS,
    DocumentAlert,
    DocumentEvent,
    EventKind,
    MatchKind,
    RegistryHit,
    RegistryStatus,
    assess,
)
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotFound, ValidationFailed
from guomen.shared.ids import new_id

MAX_MRZ_TEXT = 4096


def _clean_key(issuing_state: str, number: str) -> tuple[str, str]:
    state = issuing_state.strip().upper()
    clean = normalise_number(number)
    if not (1 <= len(state) <= 3 and state.isascii() and state.isalpha()):
        raise ValidationFailed("issuing state must be an ICAO code such as CHN or D")
    if not (1 <= len(clean) <= 20 and clean.isascii()):
        raise ValidationFailed("document number must be 1–20 letters or digits")
    return state, clean


def _status(uow: RegistryUnitOfWork, state: str, number: str, today: date) -> RegistryStatus:
    hits: list[RegistryHit] = []
    for doc in uow.documents.find_confusable(state, number):
        kind = MatchKind.EXACT if normalise_number(doc.number) == number else MatchKind.OCR_VARIANT
        hits.append(RegistryHit(kind, document=doc))
    for alert in uow.alerts.find_confusable(state, number):
        kind = MatchKind.EXACT if alert.number == number else MatchKind.OCR_VARIANT
        hits.append(RegistryHit(kind, alert=alert))
    return assess(state, number, hits, today)


def registry_status(
    uow: RegistryUnitOfWork,
    clock: Clock,
    principal: Principal,
    issuing_state: str,
    number: str,
    purpose: str = "",
) -> RegistryStatus:
    authorize(principal, Action.CHECK_DOCUMENT, purpose=purpose)
    state, clean = _clean_key(issuing_state, number)
    status = _status(uow, state, clean, clock.now().date())
    uow.audit.append(
        event_for(
            principal,
            "document.status",
            object_type="document",
            object_id=_own_id(status),
            purpose=purpose,
            outcome=status.status,
            detail={"issuing_state": state},
        ),
        clock.now(),
    )
    uow.commit()
    return status


def _own_id(status: RegistryStatus) -> str:
    return next(
        (
            h.document.id
            for h in status.hits
            if h.document is not None and h.match is MatchKind.EXACT
        ),
        "",
    )


@dataclass(frozen=True, slots=True)
class MrzCheck:
    result: MrzResult | PermitMrzResult
    document: ClassifiedDocument
    registry: RegistryStatus | None


def check_mrz(
    uow: RegistryUnitOfWork,
    clock: Clock,
    principal: Principal,
    text: str | Sequence[str],
    *,
    ocr: bool = True,
    purpose: str = "",
) -> MrzCheck:
    """Parse (and by default OCR-repair) an MRZ, then ask the registry about the document."""
    authorize(principal, Action.CHECK_DOCUMENT, purpose=purpose)
    size = len(text) if isinstance(text, str) else sum(len(line) for line in text)
    if size > MAX_MRZ_TEXT:
        raise ValidationFailed(f"an MRZ is at most {MAX_MRZ_TEXT} characters", code="too_large")
    today = clock.now().date()
    read = read_document(text, today=today, ocr=ocr)
    result, document = read.mrz, read.document
    registry = None
    if result.fields is not None and document.issuing_state and document.number:
        try:
            state, clean = _clean_key(document.issuing_state, document.number)
        except ValidationFailed:
            registry = None
        else:
            registry = _status(uow, state, clean, today)
    uow.audit.append(
        event_for(
            principal,
            "document.check",
            object_type="document",
            object_id=_own_id(registry) if registry else "",
            purpose=purpose,
            outcome="valid" if result.valid else "invalid",
            detail={"registry": registry.status if registry else "-"},
        ),
        clock.now(),
    )
    uow.commit()
    return MrzCheck(result, document, registry)


@dataclass(frozen=True, slots=True)
class ReportLoss:
    issuing_state: str
    number: str
    kind: EventKind  # LOST or STOLEN
    occurred_on: date | None = None
    place: str = ""
    note: str = ""


def _own_document(uow: RegistryUnitOfWork, state: str, number: str) -> TravelDocument:
    doc = uow.documents.find(state, number)
    if doc is None:
        raise NotFound(
            "this registry has no document with that number; losses of documents "
            "issued elsewhere are reported to their issuing state"
        )
    return doc


def _record(uow: RegistryUnitOfWork, doc: TravelDocument, event: DocumentEvent) -> TravelDocument:
    if doc.status in (DocumentStatus.REVOKED, DocumentStatus.SUPERSEDED):
        raise Conflict(f"the document is already {doc.status}; its status cannot change again")
    updated = replace(doc, status=EVENT_STATUS[event.kind])
    uow.documents.set_status(updated)
    uow.document_events.add(event)
    return updated


def report_loss(
    uow: RegistryUnitOfWork, clock: Clock, principal: Principal, cmd: ReportLoss
) -> RegistryStatus:
    """A reported loss invalidates the document at once, at every port (挂失即作废)."""
    authorize(principal, Action.REPORT_DOCUMENT_LOSS)
    if cmd.kind not in (EventKind.LOST, EventKind.STOLEN):
        raise ValidationFailed("a loss report is 'lost' or 'stolen'")
    today = clock.now().date()
    if cmd.occurred_on is not None and cmd.occurred_on > today:
        raise ValidationFailed("the date of the loss cannot be in the future")
    state, number = _clean_key(cmd.issuing_state, cmd.number)
    doc = _own_document(uow, state, number)
    if doc.status is not EVENT_STATUS[cmd.kind]:
        event = DocumentEvent(
            new_id(),
            doc.id,
            cmd.kind,
            clock.now(),
            principal.name,
            cmd.occurred_on,
            cmd.place[:200],
            cmd.note[:500],
        )
        _record(uow, doc, event)
        uow.audit.append(
            event_for(
                principal, f"document.report_{cmd.kind}", object_type="document", object_id=doc.id
            ),
            clock.now(),
        )
    status = _status(uow, state, number, today)
    uow.commit()
    return status


def revoke_document(
    uow: RegistryUnitOfWork,
    clock: Clock,
    principal: Principal,
    issuing_state: str,
    number: str,
    reason: str,
    authority: str,
) -> RegistryStatus:
    authorize(principal, Action.REVOKE_DOCUMENT)
    if not reason.strip() or not authority.strip():
        raise ValidationFailed("a revocation needs a reason and the authority that decided it")
    state, clean = _clean_key(issuing_state, number)
    doc = _own_document(uow, state, clean)
    event = DocumentEvent(
        new_id(),
        doc.id,
        EventKind.REVOKED,
        clock.now(),
        principal.name,
        reason=reason.strip()[:500],
        authority=authority.strip()[:200],
    )
    _record(uow, doc, event)
    uow.audit.append(
        event_for(
            principal,
            "document.revoke",
            object_type="document",
            object_id=doc.id,
            detail={"authority": event.authority},
        ),
        clock.now(),
    )
    status = _status(uow, state, clean, clock.now().date())
    uow.commit()
    return status


def supersede_document(
    uow: RegistryUnitOfWork, clock: Clock, actor: str, old: TravelDocument, new_document_id: str
) -> None:
    """On renewal the old document is superseded by the new one (called by issuance)."""
    event = DocumentEvent(
        new_id(), old.id, EventKind.SUPERSEDED, clock.now(), actor, superseded_by=new_document_id
    )
    _record(uow, old, event)
    uow.audit.append(
        AuditEvent(
            actor, "", "document.supersede", "document", old.id, detail={"by": new_document_id}
        ),
        clock.now(),
    )


@dataclass(frozen=True, slots=True)
class ImportReport:
    batch_id: str
    source: str
    added: int
    skipped: tuple[BadRow, ...]


def import_alerts(
    uow: RegistryUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    text: str,
    source: str,
    *,
    skip_bad: bool = False,
) -> ImportReport:
    """All or nothing: any bad row refuses the whole file unless ``skip_bad`` is asked for."""
    if principal is not None:
        authorize(principal, Action.IMPORT_DOCUMENT_ALERTS)
    source = source.strip()[:64]
    if not source:
        raise ValidationFailed("name the source of the list (e.g. INTERPOL-SLTD-2026-11)")
    rows, bad = parse_alert_csv(text)
    if bad and not skip_bad:
        listed = "; ".join(f"line {b.line}: {b.problem}" for b in bad[:20])
        raise ValidationFailed(
            f"{len(bad)} bad rows, nothing imported: {listed}", code="csv_bad_rows"
        )
    if not rows:
        raise ValidationFailed("the file has no usable rows", code="csv_no_rows")
    batch = new_id()
    alerts = [
        DocumentAlert(
            new_id(), source, r.issuing_state, r.number, r.doc_type, r.status, r.reported_on, batch
        )
        for r in rows
    ]
    actor = principal.name if principal else "cli:operator"
    uow.alerts.add_batch(batch, source, actor, alerts, clock.now())
    event = (
        event_for(principal, "document.import_alerts")
        if principal
        else AuditEvent("cli:operator", "operator", "document.import_alerts")
    )
    uow.audit.append(
        replace(
            event,
            object_type="alert_batch",
            object_id=batch,
            detail={"source": source, "rows": str(len(alerts)), "skipped": str(len(bad))},
        ),
        clock.now(),
    )
    uow.commit()
    return ImportReport(batch, source, len(alerts), tuple(bad))
