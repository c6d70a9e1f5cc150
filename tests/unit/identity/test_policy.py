from __future__ import annotations

import pytest

from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.identity.policy import ALLOWED, Action, Geography, authorize, can
from guomen.shared.errors import PermissionDenied, PurposeRequired, ValidationFailed

GEO = Geography(
    station_of_port={"LUOHU": "ST-LUOHU", "FUTIAN": "ST-FUTIAN", "PEK": "ST-PEK"},
    general_station_of_station={"ST-LUOHU": "GS-SZ", "ST-FUTIAN": "GS-SZ", "ST-PEK": "GS-BJ"},
)


def person(role: Role, scope: DataScope, **kw: object) -> Principal:
    return Principal("user", "u1", "someone", role, scope, **kw)


def test_station_officer_sees_only_their_station() -> None:
    officer = person(Role.INSPECTION_OFFICER, DataScope(ScopeLevel.STATION, "ST-LUOHU"))
    authorize(officer, Action.READ_MOVEMENTS, port_code="LUOHU", geography=GEO)
    with pytest.raises(PermissionDenied):
        authorize(officer, Action.READ_MOVEMENTS, port_code="FUTIAN", geography=GEO)


def test_general_station_scope_covers_its_stations_only() -> None:
    back = person(Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ"))
    authorize(back, Action.READ_MOVEMENTS, port_code="FUTIAN", geography=GEO)
    with pytest.raises(PermissionDenied):
        authorize(back, Action.READ_MOVEMENTS, port_code="PEK", geography=GEO)
    assert not GEO.covers(back.scope, "UNKNOWN")


def test_national_queries_need_a_stated_purpose() -> None:
    analyst = person(Role.ANALYST, DataScope(ScopeLevel.NATIONAL))
    with pytest.raises(PurposeRequired):
        authorize(analyst, Action.READ_PERSON, purpose="  ")
    authorize(analyst, Action.READ_PERSON, purpose="case 2026-114: visa fraud review")


def test_station_officer_needs_no_purpose_for_counter_work() -> None:
    officer = person(Role.INSPECTION_OFFICER, DataScope(ScopeLevel.STATION, "ST-LUOHU"))
    authorize(officer, Action.READ_PERSON)


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (Role.AUDITOR, Action.READ_PERSON, False),
        (Role.ADMINISTRATOR, Action.READ_AUDIT, False),
        (Role.ADMINISTRATOR, Action.MANAGE_USERS, True),
        (Role.AUDITOR, Action.VERIFY_AUDIT, True),
        (Role.DUTY_COMMANDER, Action.READ_PERSON, False),
        (Role.EGATE_DEVICE, Action.MANAGE_USERS, False),
    ],
)
def test_role_table(role: Role, action: Action, allowed: bool) -> None:
    assert can(person(role, DataScope(ScopeLevel.NATIONAL)), action) is allowed


def test_no_human_role_both_administers_and_audits() -> None:
    # Separation of duties: whoever manages accounts cannot also read or verify the trail.
    for role, actions in ALLOWED.items():
        assert not ({Action.MANAGE_USERS, Action.READ_AUDIT} <= actions), role


def test_device_token_is_bound_to_its_port_and_its_actions() -> None:
    gate = Principal(
        "token",
        "t1",
        "gate-7",
        Role.EGATE_DEVICE,
        DataScope(ScopeLevel.NATIONAL),
        port_code="LUOHU",
        token_actions=frozenset({"device.ping"}),
    )
    authorize(gate, Action.DEVICE_PING)
    with pytest.raises(PermissionDenied):
        authorize(gate, Action.LOOKUP_DOCUMENT)  # role allows it, this token does not
    full = Principal(
        "token",
        "t2",
        "gate-8",
        Role.EGATE_DEVICE,
        DataScope(ScopeLevel.NATIONAL),
        port_code="LUOHU",
    )
    with pytest.raises(PermissionDenied, match="bound to port LUOHU"):
        authorize(full, Action.LOOKUP_DOCUMENT, port_code="FUTIAN")


def test_scope_parsing() -> None:
    assert DataScope.parse("station:ST-LUOHU") == DataScope(ScopeLevel.STATION, "ST-LUOHU")
    assert str(DataScope.parse("national")) == "national"
    with pytest.raises(ValidationFailed, match="needs a code"):
        DataScope.parse("station")
    with pytest.raises(ValidationFailed, match="level is one of"):
        DataScope.parse("planet:EARTH")


def test_a_port_bound_device_needs_no_stated_purpose_but_a_national_service_does() -> None:
    gate = Principal(
        "token",
        "t1",
        "gate-7",
        Role.EGATE_DEVICE,
        DataScope(ScopeLevel.NATIONAL),
        port_code="LUOHU",
    )
    authorize(gate, Action.LOOKUP_DOCUMENT)
    service = Principal(
        "token", "t2", "export", Role.SERVICE_ACCOUNT, DataScope(ScopeLevel.NATIONAL)
    )
    with pytest.raises(PurposeRequired):
        authorize(service, Action.READ_MOVEMENTS)
