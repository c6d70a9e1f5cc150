"""The one access policy: role × action × data scope. Services call :func:`authorize`.

Routes only translate a denied decision into 401/403; the decision itself lives here so the
web page, the JSON API and the CLI all enforce the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.errors import PermissionDenied, PurposeRequired


class Action(StrEnum):
    VIEW_DASHBOARD = "dashboard.view"
    READ_REFERENCE = "reference.read"
    READ_PERSON = "person.read"  # personal data of a traveller or applicant
    LOOKUP_DOCUMENT = "document.lookup"
    READ_MOVEMENTS = "movement.read"
    READ_FLOWS = "flows.read"
    MANAGE_USERS = "users.manage"
    MANAGE_TOKENS = "tokens.manage"
    READ_AUDIT = "audit.read"
    VERIFY_AUDIT = "audit.verify"
    EXPORT_AUDIT = "audit.export"
    DEVICE_PING = "device.ping"
    CHECK_DOCUMENT = "document.check"  # MRZ check and registry status of a document
    REPORT_DOCUMENT_LOSS = "document.report_loss"
    REVOKE_DOCUMENT = "document.revoke"
    IMPORT_DOCUMENT_ALERTS = "document.import_alerts"
    READ_WATCHLIST = "watchlist.read"  # entries of border-control lists: personal data
    MANAGE_WATCHLIST = "watchlist.manage"  # create lists, import and propose versions
    APPROVE_WATCHLIST = "watchlist.approve"  # approve or reject another person's version
    VERIFY_FACE = "biometric.verify"  # 1:1: live face against a portrait
    SEARCH_FACES = "biometric.search"  # 1:N: one face against every enrolled template
    ENROL_FACE = "biometric.enrol"  # store a face template for a person (applications, kiosks)
    REVIEW_HITS = "watchlist.review_hits"  # confirm or dismiss screening hits (back office)
    CLEAR_TRAVELLER = "clearance.decide"  # clear or refer at a counter or e-gate
    REFUSE_TRAVELLER = "clearance.refuse"  # refuse entry/exit: an officer, with a written reason
    SECONDARY_INSPECTION = "clearance.secondary"  # work the referral queue, record outcomes
    READ_STAYS = "clearance.stays"  # stays, overstays, nationwide movement history
    MANAGE_ENTITLEMENT = "entitlement.manage"  # load new versions of the entitlement tables
    SUBMIT_APPLICATION = "application.submit"  # a kiosk submitting for the applicant before it
    PROCESS_APPLICATION = "application.process"  # intake, review, production, issuance, hall
    APPROVE_APPLICATION = "application.approve"  # approval (four eyes: never the intake clerk)
    READ_APPLICATION_STATS = "application.stats"
    PLAN_ROSTERS = "flows.plan"  # rosters and reinforcement proposals


R = Role
A = Action
_EVERY_HUMAN = {A.VIEW_DASHBOARD, A.READ_REFERENCE}
_DOCUMENT_DESK = {A.CHECK_DOCUMENT, A.REPORT_DOCUMENT_LOSS, A.VERIFY_FACE}
_BORDER_DESK = {A.CLEAR_TRAVELLER, A.REFUSE_TRAVELLER, A.SECONDARY_INSPECTION, A.READ_STAYS}
_SERVICE_DESK = {A.PROCESS_APPLICATION, A.ENROL_FACE}

ALLOWED: Mapping[Role, frozenset[Action]] = {
    R.INSPECTION_OFFICER: frozenset(
        _EVERY_HUMAN
        | _DOCUMENT_DESK
        | _BORDER_DESK
        | {A.READ_PERSON, A.LOOKUP_DOCUMENT, A.READ_MOVEMENTS}
    ),
    R.BACK_OFFICE_OFFICER: frozenset(
        _EVERY_HUMAN
        | _DOCUMENT_DESK
        | _BORDER_DESK
        | {A.READ_PERSON, A.LOOKUP_DOCUMENT, A.READ_MOVEMENTS, A.REVOKE_DOCUMENT}
        | {A.IMPORT_DOCUMENT_ALERTS, A.READ_WATCHLIST, A.SEARCH_FACES, A.REVIEW_HITS}
    ),
    R.DUTY_COMMANDER: frozenset(_EVERY_HUMAN | {A.READ_FLOWS, A.PLAN_ROSTERS}),
    R.SERVICE_CLERK: frozenset(
        _EVERY_HUMAN
        | _DOCUMENT_DESK
        | _SERVICE_DESK
        | {A.READ_PERSON, A.LOOKUP_DOCUMENT, A.SEARCH_FACES}
    ),
    R.SERVICE_APPROVER: frozenset(
        _EVERY_HUMAN
        | _DOCUMENT_DESK
        | _SERVICE_DESK
        | {A.READ_PERSON, A.LOOKUP_DOCUMENT, A.REVOKE_DOCUMENT, A.SEARCH_FACES}
        | {A.APPROVE_APPLICATION, A.READ_APPLICATION_STATS}
    ),
    R.ANALYST: frozenset(
        _EVERY_HUMAN
        | {A.READ_PERSON, A.LOOKUP_DOCUMENT, A.READ_MOVEMENTS, A.READ_FLOWS, A.CHECK_DOCUMENT}
        | {A.READ_STAYS, A.READ_APPLICATION_STATS}
    ),
    R.ADMINISTRATOR: frozenset(
        _EVERY_HUMAN
        | {A.MANAGE_USERS, A.MANAGE_TOKENS, A.IMPORT_DOCUMENT_ALERTS}
        | {A.MANAGE_WATCHLIST, A.APPROVE_WATCHLIST, A.MANAGE_ENTITLEMENT}
    ),
    R.AUDITOR: frozenset(_EVERY_HUMAN | {A.READ_AUDIT, A.VERIFY_AUDIT, A.EXPORT_AUDIT}),
    R.EGATE_DEVICE: frozenset(
        {A.DEVICE_PING, A.LOOKUP_DOCUMENT, A.READ_REFERENCE, A.CHECK_DOCUMENT, A.VERIFY_FACE}
        | {A.CLEAR_TRAVELLER}  # an automated path may clear or refer, never refuse
    ),
    R.KIOSK_DEVICE: frozenset(
        {A.DEVICE_PING, A.READ_REFERENCE, A.CHECK_DOCUMENT, A.VERIFY_FACE}
        | {A.SUBMIT_APPLICATION, A.ENROL_FACE}
    ),
    R.SERVICE_ACCOUNT: frozenset({A.DEVICE_PING, A.READ_REFERENCE, A.READ_MOVEMENTS, A.READ_FLOWS}),
    # The portal acting for a signed-in applicant, after it checked they hold the document.
    R.APPLICANT: frozenset({A.REPORT_DOCUMENT_LOSS}),
}

# Actions over personal data that need a stated purpose when the actor's scope is national
# (a national query) or the actor is an analyst, whatever their scope.
PURPOSE_BOUND = frozenset(
    {A.READ_PERSON, A.LOOKUP_DOCUMENT, A.READ_MOVEMENTS, A.CHECK_DOCUMENT, A.VERIFY_FACE}
    | {A.SEARCH_FACES, A.READ_STAYS}
)


@dataclass(frozen=True, slots=True)
class Geography:
    """Where each port and station sits, to decide whether a scope covers a place."""

    station_of_port: Mapping[str, str]
    general_station_of_station: Mapping[str, str]

    def covers(self, scope: DataScope, port_code: str) -> bool:
        if scope.level is ScopeLevel.NATIONAL:
            return True
        station = self.station_of_port.get(port_code)
        if station is None:
            return False
        if scope.level is ScopeLevel.STATION:
            return station == scope.code
        if scope.level is ScopeLevel.GENERAL_STATION:
            return self.general_station_of_station.get(station) == scope.code
        return False


def can(principal: Principal, action: Action) -> bool:
    if action not in ALLOWED.get(principal.role, frozenset()):
        return False
    return principal.token_actions is None or action.value in principal.token_actions


def authorize(
    principal: Principal,
    action: Action,
    *,
    port_code: str | None = None,
    geography: Geography | None = None,
    purpose: str | None = None,
) -> None:
    """Raise PermissionDenied / PurposeRequired unless the principal may do this, here."""
    if not can(principal, action):
        raise PermissionDenied(f"role {principal.role} may not {action}")
    if (
        principal.port_code is not None
        and port_code is not None
        and port_code != principal.port_code
    ):
        raise PermissionDenied(f"this device is bound to port {principal.port_code}")
    if (
        port_code is not None
        and geography is not None
        and not geography.covers(principal.scope, port_code)
    ):
        raise PermissionDenied(f"port {port_code} is outside your data scope ({principal.scope})")
    if action in PURPOSE_BOUND and needs_purpose(principal) and not (purpose or "").strip():
        raise PurposeRequired("a national query needs a stated purpose")


def needs_purpose(principal: Principal) -> bool:
    """People state a purpose for national queries (analysts always). A device bound to a port
    has one fixed purpose, its own function there, recorded with every entry it causes."""
    if principal.kind == "token" and principal.port_code is not None:
        return False
    return principal.scope.level is ScopeLevel.NATIONAL or principal.role is Role.ANALYST
