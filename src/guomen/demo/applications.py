"""Demo applications at every stage of the workflow, in the Beijing and Shanghai halls, plus
appointment slots for the next two weeks and a few hall tickets.

They go through the real use cases (validation, fees, four eyes, issuance into the registry).
Intake in the demo uses :class:`DemoScreening`, which screens nobody and says so in the
history ("demo_not_screened"); the running app screens against the live lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.applications import appointments, hall
from guomen.applications.calendars import working_calendar
from guomen.applications.model import Application
from guomen.applications.ports import ScreeningFinding
from guomen.applications.rules import local_day
from guomen.applications.services import (
    IntakeChecks,
    SubmitApplication,
    advance,
    mark_paid,
    submit_application,
)
from guomen.audit.ports import AuditLog
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.people.idcard import make_id_number
from guomen.shared.clock import Clock

DEMO_APPLICANT = "demo-applicant-"


class DemoScreening:
    def screen(
        self, application: Application, principal: Principal, audit: AuditLog
    ) -> ScreeningFinding:
        return ScreeningFinding(False, ("demo_not_screened",))


@dataclass(frozen=True)
class _Demo:
    name_zh: str
    surname: str
    given: str
    region: str
    birth: str
    male: bool
    app_type: str
    office: str
    steps: tuple[str, ...]
    extra: tuple[tuple[str, object], ...] = ()


_DEMOS = (
    _Demo(
        "王秀英", "WANG", "XIUYING", "110105", "1950-06-01", False, "passport_first", "OF-BJ-01", ()
    ),
    _Demo(
        "李强",
        "LI",
        "QIANG",
        "110108",
        "1988-02-14",
        True,
        "hk_macao_permit",
        "OF-BJ-01",
        ("pay",),
        (("endorsement_code", "G"), ("endorsement_months", 12), ("endorsement_trips", "multiple")),
    ),
    _Demo(
        "张敏",
        "ZHANG",
        "MIN",
        "310104",
        "1992-09-30",
        False,
        "taiwan_permit",
        "OF-BJ-01",
        ("pay", "accept"),
    ),
    _Demo(
        "刘洋",
        "LIU",
        "YANG",
        "110101",
        "1979-12-01",
        True,
        "passport_first",
        "OF-BJ-01",
        ("pay", "accept", "review"),
    ),
    _Demo(
        "陈静",
        "CHEN",
        "JING",
        "440305",
        "1995-04-18",
        False,
        "passport_first",
        "OF-BJ-01",
        ("pay", "accept", "review", "approve", "start_production"),
    ),
    _Demo(
        "杨帆",
        "YANG",
        "FAN",
        "110102",
        "1985-07-07",
        True,
        "passport_first",
        "OF-BJ-01",
        ("pay", "accept", "review", "approve", "start_production", "issue"),
    ),
    _Demo(
        "赵磊",
        "ZHAO",
        "LEI",
        "110106",
        "1990-11-11",
        True,
        "hk_macao_permit",
        "OF-BJ-01",
        ("pay", "accept", "reject"),
    ),
    _Demo(
        "孙丽",
        "SUN",
        "LI",
        "310115",
        "1960-03-03",
        False,
        "passport_first",
        "OF-SH-01",
        ("pay",),
        (("green", ("disabled",)),),
    ),
)


def _principal(uow: SqlUnitOfWork, username: str, role: Role) -> Principal:
    user = uow.users.get_by_username(username)
    scope = DataScope(ScopeLevel.OFFICE, "OF-BJ-01")
    if user is None:
        return Principal("user", f"demo-{username}", username, role, scope)
    return Principal("user", user.id, user.username, user.role, user.scope)


def load_demo_applications(uow_factory: Callable[[], SqlUnitOfWork], clock: Clock) -> int:
    """Insert the demo applications once; returns how many were created (0 when present)."""
    from datetime import date

    with uow_factory() as uow:
        if uow.apps.applications.for_applicant(f"{DEMO_APPLICANT}0"):
            return 0
        clerk = _principal(uow, "clerk.bj", Role.SERVICE_CLERK)
        approver = _principal(uow, "approver.bj", Role.SERVICE_APPROVER)
    checks = IntakeChecks(DemoScreening())
    for i, demo in enumerate(_DEMOS):
        born = date.fromisoformat(demo.birth)
        cmd = SubmitApplication(
            applicant_id=f"{DEMO_APPLICANT}{i}",
            app_type=demo.app_type,
            office_code=demo.office,
            surname=demo.surname,
            given_names=demo.given,
            name_zh=demo.name_zh,
            id_number=make_id_number(demo.region, born, 300 + i, demo.male),
            phone=f"1390000{i:04d}",
            address="北京市东城区安定门东大街2号" if demo.office == "OF-BJ-01" else "上海市",
            **dict(demo.extra),  # type: ignore[arg-type]
        )
        with uow_factory() as uow:
            app = submit_application(uow, clock, None, cmd)
        for step in demo.steps:
            with uow_factory() as uow:
                if step == "pay":
                    mark_paid(uow, clock, app.id, f"DEMO-{i}", app.fee_fen, clock.now())
                    continue
                who = approver if step in ("approve", "reject") else clerk
                reason = "照片不符合证件照片标准，请重新采集" if step == "reject" else ""
                advance(uow, clock, who, app.id, step, reason=reason, checks=checks)
    _slots_and_tickets(uow_factory, clock)
    return len(_DEMOS)


def _slots_and_tickets(uow_factory: Callable[[], SqlUnitOfWork], clock: Clock) -> None:
    today = local_day(clock.now())
    with uow_factory() as uow:
        calendar = working_calendar(uow)
        offices = [o.code for o in uow.apps.offices()]
    for code in offices:
        with uow_factory() as uow:
            appointments.generate_slots(
                uow, clock, None, code, today + timedelta(days=1), 14, calendar
            )
    kiosk = Principal(
        "token",
        "demo-kiosk",
        "demo-kiosk",
        Role.KIOSK_DEVICE,
        DataScope(ScopeLevel.OFFICE, "OF-BJ-01"),
    )
    for green in (False, True, False, False):
        with uow_factory() as uow:
            hall.take_ticket(uow, clock, kiosk, "OF-BJ-01", green=green)
