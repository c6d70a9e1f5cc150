"""Load reference data, demo staff accounts and synthetic travellers into the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.audit.model import AuditEvent
from guomen.demo.generator import generate
from guomen.identity.model import DataScope, Role, ScopeLevel
from guomen.identity.ports import PasswordHasher
from guomen.identity.services import CreateUser, create_user
from guomen.reference import seed
from guomen.shared.clock import Clock

DEMO_PASSWORD = "Guomen-demo-2026"  # noqa: S105 - published in the README, demo only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    scope: DataScope


DEMO_ACCOUNTS = (
    DemoAccount(
        "inspector.luohu",
        "罗湖检查员 李明",
        Role.INSPECTION_OFFICER,
        DataScope(ScopeLevel.STATION, "ST-LUOHU"),
    ),
    DemoAccount(
        "inspector.pek",
        "首都机场检查员 王芳",
        Role.INSPECTION_OFFICER,
        DataScope(ScopeLevel.STATION, "ST-PEK"),
    ),
    DemoAccount(
        "backoffice.sz",
        "深圳后台核查员 陈静",
        Role.BACK_OFFICE_OFFICER,
        DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ"),
    ),
    DemoAccount(
        "commander.sz",
        "深圳总站值班领导 赵强",
        Role.DUTY_COMMANDER,
        DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ"),
    ),
    DemoAccount(
        "clerk.bj", "北京受理员 刘洋", Role.SERVICE_CLERK, DataScope(ScopeLevel.OFFICE, "OF-BJ-01")
    ),
    DemoAccount(
        "approver.bj",
        "北京审批员 孙丽",
        Role.SERVICE_APPROVER,
        DataScope(ScopeLevel.OFFICE, "OF-BJ-01"),
    ),
    DemoAccount("analyst", "研判人员 周伟", Role.ANALYST, DataScope(ScopeLevel.NATIONAL)),
    DemoAccount("admin", "系统管理员 吴刚", Role.ADMINISTRATOR, DataScope(ScopeLevel.NATIONAL)),
    DemoAccount("auditor", "审计员 郑红", Role.AUDITOR, DataScope(ScopeLevel.NATIONAL)),
)


def load_reference(uow: SqlUnitOfWork, clock: Clock) -> None:
    """Upsert the shipped reference data (ports, stations, offices, countries)."""
    uow.reference.replace_all(
        seed.load_general_stations(),
        seed.load_stations(),
        seed.load_ports(),
        seed.load_offices(),
        seed.load_countries(),
    )
    uow.audit.append(AuditEvent("cli:operator", "operator", "reference.load"), clock.now())
    uow.commit()


def create_demo_accounts(
    uow_factory: Callable[[], SqlUnitOfWork], hasher: PasswordHasher, clock: Clock
) -> int:
    created = 0
    for acct in DEMO_ACCOUNTS:
        with uow_factory() as uow:
            if uow.users.get_by_username(acct.username) is not None:
                continue
            create_user(
                uow,
                hasher,
                clock,
                None,
                CreateUser(acct.username, acct.display_name, acct.role, acct.scope, DEMO_PASSWORD),
            )
            created += 1
    return created


@dataclass(frozen=True)
class DemoSize:
    people: int = 3000
    months: int = 4
    seed: int = 2026


def load_people(
    uow_factory: Callable[[], SqlUnitOfWork],
    clock: Clock,
    size: DemoSize,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Insert generated travellers batch by batch; returns (people, movements)."""
    with uow_factory() as uow:
        ports = uow.reference.ports()
    end = clock.now().date()
    people = moves = 0
    for batch in generate(size.seed, size.people, size.months, end, ports):
        with uow_factory() as uow:
            uow.people.add_many(batch.people)
            uow.documents.add_many(batch.documents)
            uow.movements.add_many(batch.movements)
            uow.audit.append(
                AuditEvent(
                    "cli:operator",
                    "operator",
                    "demo.load",
                    detail={
                        "people": str(len(batch.people)),
                        "movements": str(len(batch.movements)),
                    },
                ),
                clock.now(),
            )
            uow.commit()
        people += len(batch.people)
        moves += len(batch.movements)
        if progress:
            progress(len(batch.people))
    from guomen.demo.faces import enrol_demo_faces  # synthetic face templates, one duplicate

    enrol_demo_faces(uow_factory, clock, size.seed)
    from guomen.demo.watchlists import load_watchlists  # demo lists, re-screened: hits to review

    load_watchlists(uow_factory, clock, population=people)
    from guomen.demo.applications import load_demo_applications  # every workflow stage

    if people:
        load_demo_applications(uow_factory, clock)
    return people, moves
