"""Hit review rules without storage: dismissed pairs leave an outcome with a note, a dismissal
never outlives its entry, a hit is decided once, and only reviewers of the right region act."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from fakes import FakeAuditLog
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.identity.policy import Geography
from guomen.people.model import Sex
from guomen.screening import review
from guomen.screening.matching import BirthDate, Decision
from guomen.screening.model import ListAction, ListType
from guomen.screening.rescreen import PersonRecord, traveller_query
from guomen.screening.screen import ScreeningHit, ScreeningOutcome
from guomen.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from guomen.web.i18n import gettext_for

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
GEO = Geography(
    station_of_port={"LUOHU": "ST-LUOHU", "PEK": "ST-PEK"},
    general_station_of_station={"ST-LUOHU": "GS-SZ", "ST-PEK": "GS-BJ"},
)
SZ = Principal(
    "user", "u1", "chen", Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ")
)
BJ = Principal(
    "user", "u2", "wang", Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.GENERAL_STATION, "GS-BJ")
)
ADMIN = Principal("user", "u3", "admin", Role.ADMINISTRATOR, DataScope(ScopeLevel.NATIONAL))


def hit(entry_id: str, decision: Decision, score: float = 0.9) -> ScreeningHit:
    return ScreeningHit(
        "L1", entry_id, "wanted", f"NAME {entry_id}", score, decision, "why", "GuomenLogic", "1"
    )


def outcome(*hits: ScreeningHit) -> ScreeningOutcome:
    best = Decision.MATCH if any(h.decision is Decision.MATCH for h in hits) else Decision.POSSIBLE
    return ScreeningOutcome(hits, best if hits else Decision.NONE, 5, 100, "GuomenLogic", "1")


class FakeHits:
    def __init__(self) -> None:
        self.rows: dict[str, review.ReviewHit] = {}

    def add(self, h: review.ReviewHit) -> None:
        self.rows[h.id] = h

    def get(self, hit_id: str) -> review.ReviewHit | None:
        return self.rows.get(hit_id)

    def open_for(self, person_id: str) -> dict[tuple[str, str, str], str]:
        found: dict[tuple[str, str, str], str] = {}
        for h in self.rows.values():
            if h.person_id == person_id and h.status is review.HitStatus.OPEN:
                found.setdefault((h.list_id, h.entry_id, h.entry_version), h.id)
        return found

    def search(self, *, status, ports, limit, offset) -> review.HitPage:
        found = [
            h
            for h in self.rows.values()
            if (status is None or h.status is status)
            and (ports is None or h.port_code is None or h.port_code in ports)
        ]
        return review.HitPage(tuple(found[offset : offset + limit]), len(found))

    def decide(self, h: review.ReviewHit) -> bool:
        if self.rows[h.id].status is not review.HitStatus.OPEN:
            return False
        self.rows[h.id] = h
        return True

    def entry_refs(self, pairs: Iterable[tuple[str, str]]) -> dict:
        return {p: review.EntryRef("v1", date(2026, 11, 20), 3, None) for p in pairs}


class FakeDismissals:
    def __init__(self) -> None:
        self.rows: list[review.Dismissal] = []

    def add(self, d: review.Dismissal) -> None:
        self.rows.append(d)

    def active(self, person_id: str, at: datetime) -> frozenset[tuple[str, str]]:
        return frozenset(
            (d.list_id, d.entry_id) for d in self.rows if d.person_id == person_id and at < d.until
        )


class FakeUow:
    def __init__(self) -> None:
        self.screening_hits = FakeHits()
        self.screening_dismissals = FakeDismissals()
        self.audit = FakeAuditLog()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1


def context(person: str | None = "P1", port: str | None = "LUOHU", at=T0) -> review.HitContext:
    return review.HitContext("clearance", "M1", person, port, at)


def test_without_dismissed_drops_the_pairs_recomputes_and_says_why() -> None:
    raw = outcome(hit("E1", Decision.MATCH), hit("E2", Decision.POSSIBLE, 0.6))
    left = review.without_dismissed(raw, frozenset({("L1", "E1")}))
    assert [h.entry_id for h in left.hits] == ["E2"]
    assert left.decision is Decision.POSSIBLE and left.suppressed == 1
    assert left.notes == ("1 hit was left out: dismissed earlier by an officer for this traveller",)
    none_left = review.without_dismissed(raw, frozenset({("L1", "E1"), ("L1", "E2")}))
    assert none_left.decision is Decision.NONE and "2 hits were" in none_left.notes[0]
    assert review.without_dismissed(raw, frozenset({("L2", "E1")})) is raw


def test_a_dismissal_lasts_its_days_but_never_beyond_the_entry() -> None:
    assert review.dismissal_until(T0, 180, None) == T0 + timedelta(days=180)
    assert review.dismissal_until(T0, 180, date(2026, 12, 1)) == datetime(2026, 12, 2, tzinfo=UTC)
    assert review.dismissal_until(T0, 1, date(2030, 1, 1)) == T0 + timedelta(days=1)
    for days in (0, -3, 366, 10_000):
        with pytest.raises(ValidationFailed, match="1-365 days"):
            review.dismissal_until(T0, days, None)


def test_a_hit_is_decided_once_and_a_dismissal_needs_a_reason() -> None:
    base = review.new_hits(outcome(hit("E1", Decision.MATCH)), context(), {}, None)[0]
    with pytest.raises(ValidationFailed, match="say why"):
        review.decide(base, review.Verdict.DISMISS, "chen", " \n\t ", T0)
    with pytest.raises(ValidationFailed, match="2000"):
        review.decide(base, review.Verdict.DISMISS, "chen", "x" * 2001, T0)
    confirmed = review.decide(base, review.Verdict.CONFIRM, "chen", "", T0)
    assert confirmed.status is review.HitStatus.CONFIRMED and confirmed.reviewer == "chen"
    with pytest.raises(Conflict, match="already confirmed by chen"):
        review.decide(confirmed, review.Verdict.DISMISS, "wang", "no", T0)


def test_only_match_and_possible_hits_are_queued() -> None:
    raw = outcome(hit("E1", Decision.MATCH), hit("E2", Decision.NONE, 0.2))
    made = review.new_hits(raw, context(), {}, None)
    assert [h.entry_id for h in made] == ["E1"]
    assert (made[0].entry_version, made[0].priority, made[0].port_code) == ("", 5, "LUOHU")


def test_a_context_is_checked() -> None:
    with pytest.raises(ValidationFailed, match="source"):
        review.HitContext("gossip", "x", None, None, T0)
    with pytest.raises(ValidationFailed, match="subject reference"):
        review.HitContext("batch", "x" * 129, None, None, T0)
    with pytest.raises(ValueError, match="timezone"):
        review.HitContext("batch", "x", None, None, datetime(2026, 1, 1))


def test_record_then_dismiss_then_the_same_traveller_passes() -> None:
    uow = FakeUow()
    raw = outcome(hit("E1", Decision.MATCH))
    [hit_id] = review.record_hits(uow, raw, context())
    assert review.record_hits(uow, raw, context(at=T0 + timedelta(minutes=1))) == (hit_id,)
    assert len(uow.screening_hits.rows) == 1  # the open hit is not queued twice

    decided = review.decide_hit(
        uow, SZ, hit_id, review.Verdict.DISMISS, "other father", T0, geography=GEO
    )
    assert decided.dismissal is not None
    assert decided.dismissal.until == datetime(2026, 11, 21, tzinfo=UTC)  # the entry's end
    assert review.record_hits(uow, raw, context(at=T0 + timedelta(days=2))) == ()
    audit = [e.event for e in uow.audit.entries]
    assert audit[-1].detail["suppressed_by_dismissal"] == "1"
    assert "screening.hit_dismiss" in [e.action for e in audit]
    # after the dismissal ends, the traveller is queued again
    assert len(review.record_hits(uow, raw, context(at=T0 + timedelta(days=30)))) == 1


def test_reviewers_act_only_in_their_region() -> None:
    uow = FakeUow()
    [luohu] = review.record_hits(uow, outcome(hit("E1", Decision.MATCH)), context())
    [portless] = review.record_hits(
        uow, outcome(hit("E2", Decision.MATCH)), context(person=None, port=None)
    )
    seen = review.list_hits(uow, BJ, T0, geography=GEO).hits
    assert [h.id for h in seen] == [portless]
    with pytest.raises(PermissionDenied, match="outside your data scope"):
        review.decide_hit(uow, BJ, luohu, review.Verdict.CONFIRM, "", T0, geography=GEO)
    with pytest.raises(PermissionDenied):
        review.list_hits(uow, ADMIN, T0, geography=GEO)
    with pytest.raises(NotFound):
        review.get_hit(uow, SZ, "nope", T0, geography=GEO)
    with pytest.raises(ValidationFailed):
        review.list_hits(uow, SZ, T0, geography=GEO, limit=0)
    no_person = review.decide_hit(
        uow, SZ, portless, review.Verdict.DISMISS, "namesake", T0, geography=GEO
    )
    assert no_person.dismissal is None  # nothing to remember without a person id
    assert review.ports_in_scope(SZ, GEO) == frozenset({"LUOHU"})
    assert review.ports_in_scope(replace(SZ, scope=DataScope(ScopeLevel.NATIONAL)), GEO) is None


def test_a_traveller_record_becomes_a_query_with_both_scripts() -> None:
    person = PersonRecord(
        "P1", "CHEN", "DA WEN", "陈大文", date(1970, 5, 3), "M", "HKG", "H123", "LUOHU", T0, True
    )
    query = traveller_query(person)
    assert query.names == ("CHEN DA WEN", "陈大文")
    assert (query.birth_date, query.sex, query.document_number) == (
        BirthDate(1970, 5, 3),
        Sex.MALE,
        "H123",
    )
    latin_only = traveller_query(replace(person, name_local=None, sex="?"))
    assert latin_only.names == ("CHEN DA WEN",) and latin_only.sex is None


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_every_code_shown_on_the_screening_pages_has_a_label(language: str) -> None:
    translate = gettext_for(language)
    codes = [
        *(f"list_type.{t.value}" for t in ListType),
        *(f"list_action.{a.value}" for a in ListAction),
        *(f"hit_status.{s.value}" for s in review.HitStatus),
        "hit_status.all",
        *(f"match_decision.{d.value}" for d in Decision),
        *(f"hit_source.{s}" for s in review.HIT_SOURCES),
        *(f"version_status.{s}" for s in ("proposed", "approved", "rejected")),
    ]
    missing = [code for code in codes if translate(code) == code]
    assert missing == []
    if language == "zh-CN":
        assert translate("list_type.deny_exit") == "不准出境"
