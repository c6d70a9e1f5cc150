"""Helpers for the applications tests: valid forms, staff principals, fake intake checks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from guomen.applications.model import Application
from guomen.applications.ports import DuplicateFinding, ScreeningFinding
from guomen.applications.services import IntakeChecks, SubmitApplication
from guomen.audit.ports import AuditLog
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.people.idcard import make_id_number

OFFICE = "OF-BJ-01"
BIRTH = date(1990, 3, 15)
ID_NUMBER = make_id_number("110101", BIRTH, 12, True)


def form(**overrides: Any) -> SubmitApplication:
    """A valid first-passport application of a Beijing man born 1990-03-15."""
    base = SubmitApplication(
        applicant_id="acct-1",
        app_type="passport_first",
        office_code=OFFICE,
        surname="Zhang",
        given_names="Wei",
        name_zh="张伟",
        id_number=ID_NUMBER,
        phone="13800138000",
        email="zhang.wei@example.cn",
        address="北京市东城区安定门东大街2号",
    )
    return replace(base, **overrides)


def staff(
    role: Role = Role.SERVICE_CLERK, user_id: str = "u-clerk", office: str = OFFICE
) -> Principal:
    return Principal("user", user_id, user_id, role, DataScope(ScopeLevel.OFFICE, office))


CLERK = staff()
CLERK2 = staff(user_id="u-clerk2")
APPROVER = staff(Role.SERVICE_APPROVER, "u-approver")
KIOSK = Principal(
    "token", "k-1", "kiosk-1", Role.KIOSK_DEVICE, DataScope(ScopeLevel.OFFICE, OFFICE)
)
ANALYST = Principal("user", "u-analyst", "analyst", Role.ANALYST, DataScope(ScopeLevel.NATIONAL))


@dataclass
class FakeScreening:
    hold: bool = False
    seen: list[str] = field(default_factory=list)

    def screen(
        self, application: Application, principal: Principal, audit: AuditLog
    ) -> ScreeningFinding:
        self.seen.append(application.id)
        if self.hold:
            return ScreeningFinding(True, ("deny_exit_match:entry-7",))
        return ScreeningFinding(False, ("screened_no_deny_exit_hit",))


@dataclass
class FakeDuplicates:
    hold: bool = False

    def check(self, application: Application, principal: Principal) -> DuplicateFinding:
        return DuplicateFinding(self.hold, ("face_matches_other_identity",) if self.hold else ())


def checks(hold: bool = False) -> IntakeChecks:
    return IntakeChecks(FakeScreening(hold), FakeDuplicates())
