"""Clearance use cases on SQLite and PostgreSQL: demo travellers cleared, referred and refused;
one movement per decision with its audit entry; stays, overstays, trips, replays, clones."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from clearance_helpers import (
    FakeEntitlement,
    FakeScreening,
    audit_count,
    fake_ports,
    foreign_traveller,
    make_runtime,
    movement_count,
    permit_holder,
)
from guomen.clearance import services
from guomen.clearance.model import Decision, Direction, Lane, ReferralOutcome
from guomen.clearance.ports import ListHit
from guomen.demo.load import DemoSize, load_people
from guomen.entitlement.model import Endorsement
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.clock import FakeClock
from guomen.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from support import migrated_container

GATE = Principal(
    "token",
    "tok-gate-1",
    "egate LUOHU E01",
    Role.EGATE_DEVICE,
    DataScope(ScopeLevel.NATIONAL),
    port_code="LUOHU",
)
GATE_PEK = replace(GATE, id="tok-gate-2", name="egate PEK", port_code="PEK")
OFFICER = Principal(
    "user",
    "u-1",
    "inspector.luohu",
    Role.INSPECTION_OFFICER,
    DataScope(ScopeLevel.STATION, "ST-LUOHU"),
)
OFFICER_PEK = Principal(
    "user", "u-2", "inspector.pek", Role.INSPECTION_OFFICER, DataScope(ScopeLevel.STATION, "ST-PEK")
)
BACKOFFICE = Principal(
    "user",
    "u-3",
    "backoffice.sz",
    Role.BACK_OFFICE_OFFICER,
    DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ"),
)
ANALYST = Principal("user", "u-4", "analyst", Role.ANALYST, DataScope(ScopeLevel.NATIONAL))


@pytest.fixture
def world(tmp_path: Path, database_url: str):
    clock = FakeClock()
    container = migrated_container(tmp_path, database_url)
    container.clock = clock
    load_people(container.uow, clock, DemoSize(people=80, months=1, seed=7))
    yield container, clock
    container.close()


def _cmd(traveller, direction=Direction.ENTRY, port="LUOHU", lane=Lane.EGATE, **kw):
    return services.ClearTraveller(
        services.TravellerDocument(mrz_lines=traveller.mrz),
        direction,
        port,
        lane,
        lane_id="E01" if lane is Lane.EGATE else "C01",
        live_face=kw.pop("face", b"face" if lane is Lane.EGATE else None),
        **kw,
    )


def test_foreign_traveller_cleared_at_pek_with_one_movement_and_audit(world, tmp_path) -> None:
    container, clock = world
    env = make_runtime(container, tmp_path, fake_ports(no_face=True))
    traveller = foreign_traveller(container)
    before, audits = movement_count(container), audit_count(container)
    result = services.clear_traveller(
        env, OFFICER_PEK, _cmd(traveller, port="PEK", lane=Lane.COUNTER)
    )
    assert result.decision is Decision.CLEAR
    assert result.person_id == traveller.person.id
    assert result.permitted_until == (clock.now() + timedelta(days=29)).astimezone().date() or (
        result.permitted_until is not None
    )
    assert {"pipeline", "mrz", "screening", "entitlement"} <= set(result.versions)
    assert movement_count(container) == before + 1
    assert audit_count(container) > audits
    with container.uow() as uow:
        [m] = uow.clearance.history(traveller.person.id, [], 1)
        row = uow.conn.execute(
            text("SELECT count(*) FROM audit_log WHERE object_id = :m"), {"m": m.id}
        ).scalar_one()
    assert m.id == result.movement_id and m.operator == "inspector.pek"
    assert m.versions and m.permitted_until == result.permitted_until
    assert row == 1


def test_egate_refers_with_priority_and_never_refuses(world, tmp_path) -> None:
    container, _ = world
    hit = ListHit("L-DENY", "E1", "deny_exit", "match", 0.97, "name and birth date", "")
    env = make_runtime(container, tmp_path, fake_ports(screening=FakeScreening([hit])))
    traveller = permit_holder(container)
    result = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    assert result.decision is Decision.REFER
    assert result.recommended is Decision.REFUSE
    assert result.priority_referral and result.referral_id
    assert "WATCHLIST_DENY_EXIT" in result.reason_codes
    with container.uow() as uow:
        queue = services.list_referrals(
            uow, container.clock, container.geography(), BACKOFFICE, port_code="LUOHU"
        )
    assert [r.id for r in queue] == [result.referral_id] and queue[0].priority
    with pytest.raises(ValidationFailed):
        services.clear_traveller(
            env, GATE, replace(_cmd(traveller, Direction.EXIT), decision=Decision.REFUSE)
        )


def test_wanted_list_referral_carries_the_instructions(world, tmp_path) -> None:
    container, _ = world
    hit = ListHit("L-W", "W1", "wanted", "match", 0.99, "exact", "Detain; call the duty desk.")
    env = make_runtime(container, tmp_path, fake_ports(screening=FakeScreening([hit])))
    result = services.clear_traveller(env, GATE, _cmd(permit_holder(container), Direction.EXIT))
    assert result.instructions == ("Detain; call the duty desk.",)
    with container.uow() as uow:
        [ref] = uow.clearance.referrals(["LUOHU"], "open", 10)
    assert ref.instructions == "Detain; call the duty desk."


def test_officer_refuses_with_a_written_reason_only(world, tmp_path) -> None:
    container, _ = world
    env = make_runtime(container, tmp_path, fake_ports())
    traveller = permit_holder(container)
    cmd = replace(_cmd(traveller, Direction.EXIT, lane=Lane.COUNTER), decision=Decision.REFUSE)
    before = movement_count(container)
    with pytest.raises(ValidationFailed):
        services.clear_traveller(env, OFFICER, cmd)
    assert movement_count(container) == before
    result = services.clear_traveller(env, OFFICER, replace(cmd, reason_text="Forged exit card"))
    assert result.decision is Decision.REFUSE and "OFFICER_REFUSED" in result.reason_codes
    assert movement_count(container) == before + 1
    with pytest.raises(PermissionDenied):  # LUOHU is outside the Beijing officer's scope
        services.clear_traveller(env, OFFICER_PEK, replace(cmd, reason_text="x"))


def test_exit_after_entry_computes_the_stay_and_flags_an_overstay(world, tmp_path) -> None:
    container, clock = world
    env = make_runtime(container, tmp_path, fake_ports(entitlement=FakeEntitlement(stay_days=10)))
    traveller = foreign_traveller(container, skip=1)
    entry = services.clear_traveller(env, GATE, _cmd(traveller))
    assert entry.decision is Decision.CLEAR, entry.reason_codes
    clock.advance(timedelta(days=3))
    exit_ = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    assert exit_.stay_days == 4 and exit_.overstay is False
    assert exit_.decision is Decision.CLEAR
    clock.advance(timedelta(days=1))
    services.clear_traveller(env, GATE, _cmd(traveller))
    clock.advance(timedelta(days=15))
    with container.uow() as uow:
        over = services.list_overstayers(
            uow,
            container.clock,
            container.geography(),
            ANALYST,
            clock.now().date(),
            purpose="overstay review",
        )
    assert traveller.person.id in {o.person_id for o in over}
    late = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    assert late.overstay is True and "OVERSTAY" in late.reason_codes
    assert late.decision is Decision.REFER


def test_exit_without_entry_is_referred_not_crashed(world, tmp_path) -> None:
    container, _ = world
    env = make_runtime(container, tmp_path, fake_ports())
    with container.uow() as uow:
        uow.conn.execute(text("DELETE FROM movements"))
        uow.commit()
    result = services.clear_traveller(env, GATE, _cmd(foreign_traveller(container), Direction.EXIT))
    assert result.decision is Decision.REFER and "EXIT_WITHOUT_ENTRY" in result.reason_codes


def test_endorsement_trips_are_counted_down(world, tmp_path) -> None:
    container, clock = world
    ent = FakeEntitlement(consumes_trip=True)
    env = make_runtime(container, tmp_path, fake_ports(entitlement=ent))
    traveller = permit_holder(container, skip=1)
    endorsement = Endorsement("HKG", "G", trips_left=1)
    first = services.clear_traveller(
        env, GATE, _cmd(traveller, Direction.EXIT, endorsement=endorsement)
    )
    assert first.decision is Decision.CLEAR, first.reason_codes
    assert ent.queries[-1].endorsement.trips_left == 1
    clock.advance(timedelta(days=1))
    services.clear_traveller(env, GATE, _cmd(traveller, Direction.ENTRY))
    clock.advance(timedelta(days=1))
    second = services.clear_traveller(
        env, GATE, _cmd(traveller, Direction.EXIT, endorsement=endorsement)
    )
    assert ent.queries[-1].endorsement.trips_left == 0
    assert "ENDORSEMENT_NO_TRIPS_LEFT" in second.reason_codes
    assert second.decision is Decision.REFER


def test_idempotent_replay_and_conflicting_replay(world, tmp_path) -> None:
    container, _ = world
    env = make_runtime(container, tmp_path, fake_ports())
    traveller = permit_holder(container)
    cmd = replace(_cmd(traveller, Direction.EXIT), idempotency_key="k-1")
    first = services.clear_traveller(env, GATE, cmd)
    count, audits = movement_count(container), audit_count(container)
    again = services.clear_traveller(env, GATE, cmd)
    assert again.movement_id == first.movement_id and again.replayed
    assert again.decision is first.decision and again.reason_codes == first.reason_codes
    assert (movement_count(container), audit_count(container)) == (count, audits)
    with pytest.raises(Conflict):
        services.clear_traveller(env, GATE, replace(cmd, direction=Direction.ENTRY))
    assert movement_count(container) == count


def test_same_document_at_two_ports_is_flagged_as_cloned(world, tmp_path) -> None:
    container, clock = world
    env = make_runtime(container, tmp_path, fake_ports())
    traveller = foreign_traveller(container, skip=2)
    first = services.clear_traveller(env, GATE, _cmd(traveller))
    clock.advance(timedelta(minutes=20))
    second = services.clear_traveller(env, GATE_PEK, _cmd(traveller, port="PEK"))
    assert second.decision is Decision.REFER
    assert "CLONED_DOCUMENT_SUSPECTED" in second.reason_codes
    with container.uow() as uow:
        flagged = uow.clearance.movement(first.movement_id)
        queue = uow.clearance.referrals(None, "open", 50)
    assert flagged is not None and "CLONED_DOCUMENT" in flagged.flags
    assert {first.movement_id, second.movement_id} <= {r.movement_id for r in queue}


def test_bad_input_writes_nothing(world, tmp_path) -> None:
    container, _ = world
    env = make_runtime(container, tmp_path, fake_ports())
    traveller = permit_holder(container)
    before, audits = movement_count(container), audit_count(container)
    broken = (traveller.mrz[0][:-1] + ("0" if traveller.mrz[0][-1] != "0" else "1"),)
    with pytest.raises(ValidationFailed):
        services.clear_traveller(
            env, GATE, replace(_cmd(traveller), document=services.TravellerDocument(broken))
        )
    with pytest.raises(NotFound):
        services.clear_traveller(env, GATE, _cmd(traveller, port="NOWHERE"))
    with pytest.raises(PermissionDenied):
        services.clear_traveller(env, GATE, _cmd(traveller, port="PEK"))
    with pytest.raises(ValidationFailed):
        services.clear_traveller(env, GATE, _cmd(traveller, lane=Lane.COUNTER))
    assert (movement_count(container), audit_count(container)) == (before, audits)


def test_referral_outcome_and_history(world, tmp_path) -> None:
    container, _ = world
    env = make_runtime(
        container, tmp_path, fake_ports(entitlement=FakeEntitlement(available=False))
    )
    traveller = permit_holder(container)
    result = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    assert result.decision is Decision.REFER
    assert "ENTITLEMENT_UNAVAILABLE" in result.reason_codes
    geo = container.geography()
    with container.uow() as uow, pytest.raises(ValidationFailed):
        services.record_outcome(
            uow,
            container.clock,
            geo,
            BACKOFFICE,
            services.RecordOutcome(result.referral_id, ReferralOutcome.ADMITTED, " "),
        )
    with container.uow() as uow:
        closed = services.record_outcome(
            uow,
            container.clock,
            geo,
            BACKOFFICE,
            services.RecordOutcome(result.referral_id, ReferralOutcome.ADMITTED, "Tables back"),
        )
    assert closed.outcome is ReferralOutcome.ADMITTED and closed.officer == "backoffice.sz"
    with container.uow() as uow, pytest.raises(Conflict):
        services.record_outcome(
            uow,
            container.clock,
            geo,
            BACKOFFICE,
            services.RecordOutcome(result.referral_id, ReferralOutcome.REFUSED, "again"),
        )
    with container.uow() as uow:
        items = services.movement_history(
            uow,
            lambda s, n: traveller.document.id,
            container.clock,
            ANALYST,
            services.HistoryQuery(issuing_state="CHN", number=traveller.document.number),
            purpose="case 42",
        )
    assert result.movement_id in {m.id for m in items}


def test_an_unregistered_chinese_permit_stays_unregistered(world, tmp_path) -> None:
    """A Chinese-issued document missing from the registry is referred every time, not
    'registered' by its first use; a foreign passport seen first is simply recorded."""
    from datetime import date

    from clearance_helpers import Traveller, permit_mrz
    from guomen.documents.model import DocumentType, TravelDocument
    from guomen.people.model import Person, Sex

    container, clock = world
    env = make_runtime(container, tmp_path, fake_ports())
    ghost = Person("x" * 32, "", "", Sex.MALE, date(1990, 3, 4), "CHN")
    doc = TravelDocument(
        "y" * 32,
        ghost.id,
        DocumentType.HK_MACAO_PERMIT,
        "CHN",
        "C99999990",
        date(2024, 1, 1),
        date(2029, 1, 1),
    )
    forged = Traveller(ghost, doc, permit_mrz(ghost, doc))
    first = services.clear_traveller(env, GATE, _cmd(forged, Direction.EXIT))
    assert "DOCUMENT_NOT_REGISTERED" in first.reason_codes and first.decision is Decision.REFER
    clock.advance(timedelta(days=2))
    again = services.clear_traveller(env, GATE, _cmd(forged, Direction.ENTRY))
    assert "DOCUMENT_NOT_REGISTERED" in again.reason_codes
    assert again.person_id == first.person_id  # the same record, not a new one each time


def test_an_entry_admitted_after_referral_counts_for_the_stay(world, tmp_path) -> None:
    from clearance_helpers import FakeFace
    from guomen.clearance.face_port import FaceStatus

    container, clock = world
    face = FakeFace(FaceStatus.NO_MATCH)
    env = make_runtime(container, tmp_path, fake_ports(face=face))
    traveller = foreign_traveller(container, skip=3)
    entry = services.clear_traveller(env, GATE, _cmd(traveller))
    assert entry.decision is Decision.REFER and "FACE_NO_MATCH" in entry.reason_codes
    geo = container.geography()
    with container.uow() as uow:
        closed = services.record_outcome(
            uow,
            container.clock,
            geo,
            BACKOFFICE,
            services.RecordOutcome(entry.referral_id, ReferralOutcome.ADMITTED, "Same person"),
        )
    assert closed.outcome_movement_id
    with container.uow() as uow:
        admitted = uow.clearance.movement(closed.outcome_movement_id)
        original = uow.clearance.movement(entry.movement_id)
    assert admitted is not None and admitted.decision is Decision.CLEAR
    assert admitted.reason_codes[0] == "SECONDARY_ADMITTED"
    assert original is not None and original.decision is Decision.REFER  # never rewritten
    face.status = FaceStatus.MATCH
    clock.advance(timedelta(days=2))
    leaving = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    assert leaving.stay_days == 3 and "EXIT_WITHOUT_ENTRY" not in leaving.reason_codes


BACKOFFICE_PEK = Principal(
    "user",
    "u-5",
    "backoffice.pek",
    Role.BACK_OFFICE_OFFICER,
    DataScope(ScopeLevel.STATION, "ST-PEK"),
)


def test_a_decision_appends_every_audit_entry_in_order_and_the_chain_verifies(
    world, tmp_path
) -> None:
    """The decision's entries (screening, hits recorded, the decision) are appended together at
    commit: each is there once, in that order, and the hash chain still verifies."""
    from guomen.audit.services import verify_trail

    container, _ = world
    hit = ListHit("L-DENY", "E1", "deny_exit", "match", 0.97, "name and birth date", "")
    screening = FakeScreening([hit])
    env = make_runtime(container, tmp_path, fake_ports(screening=screening))
    traveller = permit_holder(container)
    first = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    second = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    with container.uow() as uow:
        actions = [
            (r.action, r.object_id)
            for r in uow.conn.execute(
                text("SELECT action, object_id FROM audit_log ORDER BY seq DESC LIMIT 4")
            )
        ]
        report = verify_trail(uow, container.clock, None)
    assert [a for a, _ in actions] == ["clearance.decide", "screening.screen"] * 2
    assert actions[0][1] == second.movement_id and actions[2][1] == first.movement_id
    assert first.movement_id != second.movement_id
    assert report.ok, report.problem
    assert audit_count(container, "clearance.decide") == 2


def test_get_referral_answers_movement_and_name_and_audits_both_reads(world, tmp_path) -> None:
    container, _ = world
    env = make_runtime(
        container, tmp_path, fake_ports(entitlement=FakeEntitlement(available=False))
    )
    traveller = permit_holder(container)
    result = services.clear_traveller(env, GATE, _cmd(traveller, Direction.EXIT))
    assert result.referral_id
    geo = container.geography()
    with container.uow() as uow:
        view = services.get_referral(uow, container.clock, geo, BACKOFFICE, result.referral_id)
    assert view.referral.id == result.referral_id
    assert view.movement is not None and view.movement.id == result.movement_id
    assert traveller.person.surname in view.name
    with container.uow() as uow:
        read = uow.conn.execute(
            text("SELECT action, object_id FROM audit_log ORDER BY seq DESC LIMIT 2")
        ).all()
    assert [tuple(r) for r in read] == [
        ("clearance.read_name", traveller.person.id),
        ("clearance.referral_read", result.referral_id),
    ]
    audits = audit_count(container)
    with container.uow() as uow, pytest.raises(PermissionDenied):
        services.get_referral(uow, container.clock, geo, BACKOFFICE_PEK, result.referral_id)
    with container.uow() as uow, pytest.raises(NotFound):
        services.get_referral(uow, container.clock, geo, BACKOFFICE, "no-such-referral")
    with container.uow() as uow, pytest.raises(PermissionDenied):
        services.get_referral(uow, container.clock, geo, ANALYST, result.referral_id)
    assert audit_count(container) == audits  # refused reads leave nothing behind
