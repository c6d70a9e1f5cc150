"""Hit review in a real database: hits are recorded sealed, an officer confirms or dismisses
them once, a dismissal keeps the same traveller from being stopped again until it expires or
the entry changes, and every step is in the audit trail."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.screening import review
from guomen.screening import services as lists
from guomen.screening.importers import import_guomen_csv
from guomen.screening.index import IndexHolder, build_from
from guomen.screening.matching import BirthDate, Decision, Query
from guomen.screening.model import ListType, Watchlist
from guomen.screening.screen import ScreeningOutcome, screen_person
from guomen.shared.errors import Conflict, PermissionDenied, ValidationFailed
from support import migrated_container

NATIONAL = DataScope(ScopeLevel.NATIONAL)
ADMIN = Principal("user", "u1", "admin.wang", Role.ADMINISTRATOR, NATIONAL)
ADMIN2 = Principal("user", "u2", "admin.li", Role.ADMINISTRATOR, NATIONAL)
SZ = Principal(
    "user",
    "u3",
    "chen.jing",
    Role.BACK_OFFICE_OFFICER,
    DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ"),
)
BJ = Principal(
    "user", "u5", "bj.back", Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.STATION, "ST-PEK")
)
INSPECTOR = Principal(
    "user", "u4", "li.ming", Role.INSPECTION_OFFICER, DataScope(ScopeLevel.STATION, "ST-LUOHU")
)
HEADER = "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
V1 = HEADER + "E1,wanted,CHAN Tai Man,陈大文,1970-05-03,M,HKG,,fraud\n"
V2 = HEADER + "E1,wanted,CHAN Tai Man,陈大文,1970-05-03,M,HKG,,fraud; new warrant\n"
LIST = Watchlist("CN-WANTED", "通缉", ListType.WANTED, "公安部", "刑事诉讼法", "detain")
TRAVELLER = Query(("CHEN DAWEN", "陈大文"), BirthDate(1970, 5, 3), "HKG")
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
PERSON = "p" * 32


@pytest.fixture
def c(tmp_path: Path, database_url: str):
    container = migrated_container(tmp_path, database_url)
    with container.uow() as uow:
        lists.create_watchlist(uow, container.clock, ADMIN, LIST)
    publish(container, V1)
    yield container
    container.close()


def publish(c, body: str) -> None:
    run = import_guomen_csv(
        io.BytesIO(body.encode()), list_id="CN-WANTED", list_type=ListType.WANTED
    )
    with c.uow() as uow:
        outcome = lists.import_list_version(uow, c.clock, ADMIN, "CN-WANTED", run)
    assert outcome.version is not None
    with c.uow() as uow:
        lists.approve_list_version(uow, c.clock, ADMIN2, outcome.version.id)


def screen(c) -> ScreeningOutcome:
    with c.uow() as uow:
        holder = IndexHolder(build_from(uow.watchlist_entries.current("CN-WANTED")))
        return screen_person(holder, c.clock, uow.audit, None, TRAVELLER, purpose="clearance")


def crossing(at: datetime = T0, person: str | None = PERSON) -> review.HitContext:
    return review.HitContext("clearance", "movement-1", person, "LUOHU", at)


def record(c, at: datetime = T0, person: str | None = PERSON) -> tuple[str, ...]:
    outcome = screen(c)
    assert outcome.decision is not Decision.NONE
    with c.uow() as uow:
        ids = review.record_hits(uow, outcome, crossing(at, person), query=TRAVELLER)
        uow.commit()
    return ids


def decide(c, hit_id: str, verdict=review.Verdict.DISMISS, reason="not him: different father"):
    with c.uow() as uow:
        return review.decide_hit(
            uow, SZ, hit_id, verdict, reason, T0 + timedelta(hours=1), geography=c.geography()
        )


def sql(c, query: str) -> list:
    with c.uow() as uow:
        return list(uow.conn.execute(text(query)))


def test_a_hit_is_recorded_sealed_and_shown_in_the_queue_of_its_region(c) -> None:
    [hit_id] = record(c)
    [row] = sql(c, "SELECT query_enc, entry_enc, explanation_enc, status FROM screening_hits")
    assert row.status == "open"
    assert all(v.startswith("gm1.") for v in row[:3])
    assert not any("CHAN" in v or "陈大文" in v or "1970" in v for v in row[:3])

    with c.uow() as uow:
        page = review.list_hits(uow, SZ, T0, geography=c.geography())
    assert page.total == 1
    hit = page.hits[0]
    assert (hit.id, hit.entry_id, hit.port_code, hit.source) == (hit_id, "E1", "LUOHU", "clearance")
    assert hit.query == TRAVELLER and hit.entry is not None
    assert "陈大文" in hit.explanation and hit.algorithm_version

    with c.uow() as uow:  # Beijing's back office does not see a Luohu hit, nor decide it
        assert review.list_hits(uow, BJ, T0, geography=c.geography()).total == 0
        with pytest.raises(PermissionDenied):
            review.decide_hit(
                uow, BJ, hit_id, review.Verdict.CONFIRM, "", T0, geography=c.geography()
            )
        with pytest.raises(PermissionDenied):
            review.list_hits(uow, INSPECTOR, T0, geography=c.geography())


def test_the_same_open_hit_is_not_queued_twice(c) -> None:
    first = record(c)
    assert record(c, T0 + timedelta(minutes=5)) == first
    assert sql(c, "SELECT count(*) FROM screening_hits")[0][0] == 1


def test_a_dismissal_keeps_the_traveller_from_being_stopped_again(c) -> None:
    [hit_id] = record(c)
    decision = decide(c, hit_id)
    assert decision.hit.status is review.HitStatus.DISMISSED
    assert decision.dismissal is not None
    assert decision.dismissal.until == T0 + timedelta(hours=1, days=180)

    later = T0 + timedelta(days=3)
    outcome = screen(c)
    with c.uow() as uow:
        dismissed = review.active_dismissals(uow, PERSON, later)
        assert dismissed == {("CN-WANTED", "E1")}
        filtered = review.without_dismissed(outcome, dismissed)
        assert filtered.hits == () and filtered.decision is Decision.NONE
        assert filtered.suppressed == 1 and "dismissed earlier" in filtered.notes[0]
        assert review.record_hits(uow, outcome, crossing(later)) == ()
        uow.commit()
    assert sql(c, "SELECT count(*) FROM screening_hits")[0][0] == 1
    # another traveller with the same name is still stopped
    assert len(record(c, later, person="q" * 32)) == 1
    [row] = sql(c, "SELECT reason_enc FROM screening_dismissals")
    assert row.reason_enc.startswith("gm1.") and "father" not in row.reason_enc


def test_a_dismissal_ends_when_it_expires(c) -> None:
    [hit_id] = record(c)
    with c.uow() as uow:
        review.decide_hit(
            uow, SZ, hit_id, review.Verdict.DISMISS, "checked", T0, dismiss_days=2,
            geography=c.geography(),
        )  # fmt: skip
    with c.uow() as uow:
        assert review.active_dismissals(uow, PERSON, T0 + timedelta(days=1)) != frozenset()
        assert review.active_dismissals(uow, PERSON, T0 + timedelta(days=2)) == frozenset()
    assert len(record(c, T0 + timedelta(days=3))) == 1


def test_a_changed_entry_voids_the_dismissal(c) -> None:
    [hit_id] = record(c)
    decide(c, hit_id)
    publish(c, V2)  # a later version changes the entry's notes
    with c.uow() as uow:
        assert review.active_dismissals(uow, PERSON, T0 + timedelta(days=1)) == frozenset()
    [new_hit] = record(c, T0 + timedelta(days=1))
    assert new_hit != hit_id


def test_a_hit_is_decided_once_and_a_dismissal_needs_a_reason(c) -> None:
    [hit_id] = record(c)
    with pytest.raises(ValidationFailed, match="say why"):
        decide(c, hit_id, reason="   ")
    assert sql(c, "SELECT status FROM screening_hits")[0][0] == "open"
    assert sql(c, "SELECT count(*) FROM screening_dismissals")[0][0] == 0

    confirmed = decide(c, hit_id, review.Verdict.CONFIRM, reason="")
    assert confirmed.hit.status is review.HitStatus.CONFIRMED and confirmed.dismissal is None
    with pytest.raises(Conflict, match=r"already confirmed by chen\.jing"):
        decide(c, hit_id)
    assert sql(c, "SELECT status, reviewer FROM screening_hits")[0] == ("confirmed", "chen.jing")
    assert sql(c, "SELECT count(*) FROM screening_dismissals")[0][0] == 0


def test_a_dismissal_never_outlives_the_entry(c) -> None:
    with c.uow() as uow:
        uow.conn.execute(text("UPDATE watchlist_entries SET valid_until = '2026-11-10'"))
        uow.commit()
    [hit_id] = record(c)
    decision = decide(c, hit_id)
    assert decision.dismissal is not None
    assert decision.dismissal.until == datetime(2026, 11, 11, tzinfo=UTC)


def test_every_step_is_audited(c) -> None:
    [hit_id] = record(c)
    with c.uow() as uow:
        review.list_hits(uow, SZ, T0, geography=c.geography())
        review.get_hit(uow, SZ, hit_id, T0, geography=c.geography())
    decide(c, hit_id)
    rows = sql(c, "SELECT action, actor, object_id, detail FROM audit_log ORDER BY seq")
    actions = [r.action for r in rows]
    for action in (
        "screening.hits_recorded",
        "screening.hits_read",
        "screening.hit_read",
        "screening.hit_dismiss",
    ):
        assert action in actions
    dismiss = next(r for r in rows if r.action == "screening.hit_dismiss")
    assert dismiss.actor == "user:chen.jing" and dismiss.object_id == hit_id
    assert "father" not in " ".join(r.detail for r in rows)  # the free text stays sealed
    assert "陈大文" not in " ".join(r.detail for r in rows)
