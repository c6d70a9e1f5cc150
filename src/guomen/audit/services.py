"""Audit use cases: record an event, verify the chain, search and export entries."""

from __future__ import annotations

from typing import Protocol

from guomen.audit.model import AuditEntry, AuditEvent, ChainReport, verify_chain
from guomen.audit.ports import AuditFilter, AuditLog
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.shared.clock import Clock


class AuditUnitOfWork(Protocol):
    @property
    def audit(self) -> AuditLog: ...

    def commit(self) -> None: ...


def event_for(
    principal: Principal,
    action: str,
    *,
    object_type: str = "",
    object_id: str = "",
    purpose: str = "",
    outcome: str = "ok",
    detail: dict[str, str] | None = None,
) -> AuditEvent:
    return AuditEvent(
        actor=f"{principal.kind}:{principal.name}",
        role=principal.role.value,
        action=action,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose or _device_purpose(principal),
        client=principal.client,
        outcome=outcome,
        detail=detail or {},
    )


def _device_purpose(principal: Principal) -> str:
    if principal.kind == "token" and principal.port_code:
        return f"{principal.role} at {principal.port_code}"
    return ""


def verify_trail(uow: AuditUnitOfWork, clock: Clock, principal: Principal | None) -> ChainReport:
    """Walk the whole chain. ``principal`` is None when run from the operator's CLI."""
    if principal is not None:
        authorize(principal, Action.VERIFY_AUDIT)
    report = verify_chain(uow.audit.iterate(), uow.audit.head())
    if principal is not None:
        uow.audit.append(
            event_for(
                principal,
                "audit.verify",
                outcome="ok" if report.ok else "broken",
                detail={"checked": str(report.checked)},
            ),
            clock.now(),
        )
        uow.commit()
    return report


def search_trail(
    uow: AuditUnitOfWork, clock: Clock, principal: Principal, flt: AuditFilter, *, export: bool
) -> list[AuditEntry]:
    authorize(principal, Action.EXPORT_AUDIT if export else Action.READ_AUDIT)
    entries = uow.audit.search(flt)
    uow.audit.append(
        event_for(
            principal,
            "audit.export" if export else "audit.read",
            detail={"results": str(len(entries))},
        ),
        clock.now(),
    )
    uow.commit()
    return entries
