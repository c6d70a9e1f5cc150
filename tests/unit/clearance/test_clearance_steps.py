"""Pipeline steps as pure functions: stays, overstays, clones, clock skew, screening, face."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from guomen.clearance import steps
from guomen.clearance.face_port import FaceCheckResult, FaceStatus
from guomen.clearance.model import Decision, Direction, Lane, Movement
from guomen.clearance.ports import ListHit, ScreeningSummary
from guomen.entitlement.model import EntitlementAssessment, Outcome

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def entry(at: datetime, until: date | None, port: str = "PEK") -> Movement:
    return Movement(
        "m1",
        "p1",
        "d1",
        port,
        Direction.ENTRY,
        Lane.EGATE,
        at,
        Decision.CLEAR,
        permitted_until=until,
    )


def codes(found) -> list[str]:
    return [f.code for f in found]


def test_exit_stay_counts_both_days_in_local_time() -> None:
    entered = datetime(2026, 11, 10, 17, 0, tzinfo=UTC)  # 11 Nov 01:00 in Shanghai
    found, days, over = steps.exit_stay(
        entry(entered, date(2026, 12, 1)), NOW.astimezone(SH), False
    )
    assert (found, days, over) == ([], 10, False)


def test_overstay_is_flagged_with_the_days_over() -> None:
    found, days, over = steps.exit_stay(
        entry(NOW - timedelta(days=40), date(2026, 11, 15)), NOW.astimezone(SH), False
    )
    assert codes(found) == ["OVERSTAY"] and over is True and days == 41
    assert "5 day(s) over" in found[0].text


def test_exit_without_entry_refers_unless_degraded() -> None:
    assert codes(steps.exit_stay(None, NOW, False)[0]) == ["EXIT_WITHOUT_ENTRY"]
    assert steps.exit_stay(None, NOW, True) == ([], None, None)


def test_cloned_document_within_the_window_at_another_port() -> None:
    near = entry(NOW - timedelta(minutes=30), None, port="LUOHU")
    assert codes(steps.cloned(near, "PEK", NOW)) == ["CLONED_DOCUMENT_SUSPECTED"]
    assert steps.cloned(near, "LUOHU", NOW) == []
    assert steps.cloned(entry(NOW - timedelta(hours=5), None, "LUOHU"), "PEK", NOW) == []


def test_clock_skew() -> None:
    assert steps.clock_skew(NOW + timedelta(minutes=1), NOW) == []
    assert codes(steps.clock_skew(NOW - timedelta(hours=2), NOW)) == ["CLOCK_SKEW"]
    assert codes(steps.clock_skew(datetime(2026, 11, 20, 10, 0), NOW)) == ["CLOCK_SKEW"]


def test_deny_lists_count_only_in_their_direction() -> None:
    hits = (
        ListHit("a", "1", "deny_entry", "match", 0.99, "x"),
        ListHit("b", "2", "deny_exit", "match", 0.99, "y"),
        ListHit("c", "3", "wanted", "match", 0.99, "z", "Call 110."),
        ListHit("d", "4", "watch", "possible", 0.7, "w"),
    )
    summary = ScreeningSummary(hits, "alg 1")
    on_exit = steps.screening(summary, Direction.EXIT)
    assert codes(on_exit) == ["WATCHLIST_DENY_EXIT", "WATCHLIST_WANTED", "WATCHLIST_POSSIBLE"]
    assert "Call 110." in on_exit[1].text
    assert codes(steps.screening(summary, Direction.ENTRY))[0] == "WATCHLIST_DENY_ENTRY"
    assert codes(steps.screening(None, Direction.ENTRY)) == ["SCREENING_UNAVAILABLE"]


def test_face_results_by_lane() -> None:
    def result(status):
        return FaceCheckResult(status, 0.4, 0.6, "face 1")

    assert codes(steps.face(result(FaceStatus.NO_MATCH), Lane.COUNTER)) == ["FACE_NO_MATCH"]
    assert codes(steps.face(result(FaceStatus.UNUSABLE), Lane.EGATE)) == ["FACE_UNUSABLE"]
    assert codes(steps.face(result(FaceStatus.NO_REFERENCE), Lane.EGATE)) == ["FACE_NO_REFERENCE"]
    assert steps.face(result(FaceStatus.UNAVAILABLE), Lane.COUNTER) == []
    assert codes(steps.face(None, Lane.EGATE)) == ["FACE_NOT_CAPTURED"]
    assert steps.face(None, Lane.COUNTER) == []


def test_entitlement_outcomes_and_trips() -> None:
    def a(outcome):
        return EntitlementAssessment(outcome, "rule", ("ENT_X",), ("Because.",))

    assert codes(steps.entitlement(a(Outcome.ENTITLED))) == ["ENTITLED", "ENT_X"]
    assert codes(steps.entitlement(a(Outcome.NOT_ENTITLED)))[0] == "NOT_ENTITLED"
    assert codes(steps.entitlement(a(Outcome.NEEDS_OFFICER)))[0] == "ENTITLEMENT_NEEDS_OFFICER"
    assert codes(steps.entitlement(None)) == ["ENTITLEMENT_UNAVAILABLE"]
    assert codes(steps.trips(2, 2)) == ["ENDORSEMENT_NO_TRIPS_LEFT"]
    assert steps.trips(2, 1) == [] and steps.trips(None, 50) == []


def test_expired_document() -> None:
    assert codes(steps.document_expiry(date(2026, 1, 1), date(2026, 11, 20))) == [
        "DOCUMENT_EXPIRED"
    ]
    assert steps.document_expiry(date(2026, 11, 20), date(2026, 11, 20)) == []
