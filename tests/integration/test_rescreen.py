"""Re-screening when a list version is approved: people who crossed in the last 30 days and
people inside the country are screened against the new entries; someone who left long ago is
not; hits land in the review queue once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from application_helpers import form
from guomen.applications import services as applications
from guomen.clearance.model import Decision, Direction, Lane, Movement
from guomen.cli.main import app as cli
from guomen.demo.load import DemoSize, load_people
from guomen.demo.watchlists import load_watchlists
from guomen.documents.model import DocumentType, TravelDocument
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.people.idcard import make_id_number
from guomen.people.model import Person, Sex
from guomen.screening import review
from guomen.screening import services as lists
from guomen.screening.importers import import_guomen_csv
from guomen.screening.matching import BirthDate, Query
from guomen.screening.model import ListType, Watchlist
from guomen.screening.rescreen import Applicant, approve_and_rescreen, rescreen_version
from guomen.shared.errors import Conflict, NotFound
from support import migrated_container

HEADER = "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
V1 = HEADER + "E1,deny_exit,CHAN Tai Man,陈大文,1970-05-03,M,HKG,,court order\n"
V2 = V1 + "E2,deny_exit,SIMA Yuanzhi,司马远志,1961-03-14,M,CHN,,court order\n"
LIST = Watchlist("CN-EXIT", "不准出境", ListType.DENY_EXIT, "法院", "出境入境管理法", "refuse exit")


def add_person(c, key: str, moves: list[tuple[int, Direction, str]], name="陈大文") -> str:
    """A person called CHEN DAWEN (陈大文) with movements ``days ago``."""
    now = c.clock.now()
    person_id = (key * 32)[:32]
    person = Person(
        person_id, "CHEN", "DAWEN", Sex.MALE, date(1970, 5, 3), "HKG", name, created_at=now
    )
    doc = TravelDocument(
        f"d{person_id[1:]}",
        person_id,
        DocumentType.MAINLAND_TRAVEL_PERMIT_HKM,
        "CHN",
        f"H{ord(key):08d}",
        date(2020, 1, 1),
        date(2030, 1, 1),
        created_at=now,
    )
    with c.uow() as uow:
        uow.people.add_many([person])
        uow.documents.add_many([doc])
        uow.movements.add_many(
            Movement(
                f"m{person_id[1:30]}{n:02d}",
                person_id,
                doc.id,
                port,
                direction,
                Lane.COUNTER,
                now - timedelta(days=days),
                Decision.CLEAR,
            )
            for n, (days, direction, port) in enumerate(moves)
        )
        uow.commit()
    return person_id


@pytest.fixture
def c(tmp_path: Path, database_url: str):
    container = migrated_container(tmp_path, database_url)
    with container.uow() as uow:
        lists.create_watchlist(uow, container.clock, "wang", LIST)
    yield container
    container.close()


def propose(c, body: str) -> str:
    run = import_guomen_csv(io.BytesIO(body.encode()), list_id="CN-EXIT", list_type=LIST.list_type)
    with c.uow() as uow:
        outcome = lists.import_list_version(uow, c.clock, "wang", "CN-EXIT", run)
    assert outcome.version is not None
    return outcome.version.id


def hits(c) -> list:
    with c.uow() as uow:
        return list(
            uow.conn.execute(
                text(
                    "SELECT person_id, entry_id, port_code, source, subject_ref, status "
                    "FROM screening_hits ORDER BY person_id"
                )
            )
        )


def test_approval_rescreens_recent_travellers_and_people_inside(c) -> None:
    recent = add_person(c, "a", [(40, Direction.ENTRY, "LUOHU"), (5, Direction.EXIT, "LUOHU")])
    inside = add_person(c, "b", [(200, Direction.ENTRY, "FUTIAN")])
    gone = add_person(c, "c", [(100, Direction.ENTRY, "PEK"), (90, Direction.EXIT, "PEK")])
    version = propose(c, V1)
    with c.uow() as uow:
        record, report = approve_and_rescreen(uow, c.clock, "li", version)
    assert record.status == "approved"
    assert (report.entries, report.travellers, report.hits) == (1, 2, 2)
    found = hits(c)
    assert [(h.person_id, h.entry_id, h.port_code) for h in found] == [
        (recent, "E1", "LUOHU"),
        (inside, "E1", "FUTIAN"),
    ]
    assert all(h.source == "rescreen" and h.subject_ref == version for h in found)
    assert gone not in {h.person_id for h in found}  # left 90 days ago: not screened

    with c.uow() as uow:  # running it again repeats no open hit
        assert rescreen_version(uow, c.clock, version).hits == 2
    assert len(hits(c)) == 2
    with c.uow() as uow:
        actions = [
            r.action
            for r in uow.conn.execute(text("SELECT action, detail FROM audit_log ORDER BY seq"))
        ]
    assert actions.count("screening.rescreen") == 2


def test_only_added_and_changed_entries_are_rescreened(c) -> None:
    add_person(c, "a", [(3, Direction.ENTRY, "LUOHU")])
    with c.uow() as uow:
        approve_and_rescreen(uow, c.clock, "li", propose(c, V1))
    with c.uow() as uow:
        uow.conn.execute(text("UPDATE screening_hits SET status = 'dismissed'"))
        uow.commit()
    with c.uow() as uow:  # E1 is unchanged in version 2: it is not screened again
        _, report = approve_and_rescreen(uow, c.clock, "li", propose(c, V2))
    assert (report.entries, report.hits) == (1, 0)
    assert len(hits(c)) == 1


class OneApplicant:
    def pending(self, *, batch: int) -> Iterator[list[Applicant]]:
        query = Query(("CHEN DAWEN", "陈大文"), BirthDate(1970, 5, 3), "HKG")
        yield [Applicant("APP-1", None, query)]


def test_pending_applicants_come_through_their_port(c) -> None:
    version = propose(c, V1)
    with c.uow() as uow:
        _, report = approve_and_rescreen(uow, c.clock, "li", version, applicants=OneApplicant())
    assert (report.travellers, report.applicants, report.hits) == (0, 1, 1)
    [hit] = hits(c)
    assert (hit.person_id, hit.subject_ref, hit.port_code) == (None, "APP-1", None)


def test_a_pending_application_is_rescreened_and_a_withdrawn_one_is_not(c) -> None:
    """The applications capability's adapter: an application waiting for intake whose
    applicant matches a new entry gets a hit; one withdrawn before the list changed does not."""
    sima = form(surname="Sima", given_names="Yuanzhi", name_zh="司马远志", applicant_id="a-1")
    sima = replace(sima, id_number=make_id_number("110101", date(1961, 3, 14), 13, True))
    other = replace(sima, applicant_id="a-2", app_type="taiwan_permit")
    with c.uow() as uow:
        pending = applications.submit_application(uow, c.clock, None, sima)
        gone = applications.submit_application(uow, c.clock, None, other)
    with c.uow() as uow:
        applications.withdraw_application(uow, c.clock, None, gone.id, applicant_id="a-2")
    with c.uow() as uow:
        _, report = approve_and_rescreen(uow, c.clock, "li", propose(c, V2))
    assert report.applicants == 1
    assert [(h.subject_ref, h.entry_id) for h in hits(c)] == [(pending.id, "E2")]


def test_only_an_approved_version_is_rescreened(c) -> None:
    version = propose(c, V1)
    with c.uow() as uow:
        with pytest.raises(Conflict, match="not approved"):
            rescreen_version(uow, c.clock, version)
        with pytest.raises(NotFound):
            rescreen_version(uow, c.clock, "no-such-version")
    assert hits(c) == []


def test_rescreen_streams_people_in_batches(c) -> None:
    for key in "abcdefg":
        add_person(c, key, [(2, Direction.ENTRY, "LUOHU")])
    version = propose(c, V1)
    with c.uow() as uow:
        lists.approve_list_version(uow, c.clock, "li", version)
    with c.uow() as uow:
        report = rescreen_version(uow, c.clock, version, batch=3)
    assert (report.travellers, report.hits) == (7, 7)


def test_cli_rescreen(tmp_path: Path, database_url: str) -> None:
    c = migrated_container(tmp_path, database_url)
    env = {"GUOMEN_VAR_DIR": str(tmp_path), "GUOMEN_DATABASE_URL": database_url}
    try:
        with c.uow() as uow:
            lists.create_watchlist(uow, c.clock, "wang", LIST)
        add_person(c, "a", [(1, Direction.ENTRY, "LUOHU")])
        version = propose(c, V1)
        runner = CliRunner()
        approved = runner.invoke(cli, ["watchlist", "approve", version, "--by", "li"], env=env)
        assert approved.exit_code == 0, approved.output
        assert "re-screened 1 travellers" in approved.output and "1 hits" in approved.output
        again = runner.invoke(cli, ["watchlist", "rescreen", "--version", version], env=env)
        assert again.exit_code == 0, again.output
        missing = runner.invoke(cli, ["watchlist", "rescreen", "--version", "nope"], env=env)
        assert missing.exit_code == 2 and "no list version" in missing.output
    finally:
        c.close()


def test_when_it_runs_does_not_matter_to_the_window(c) -> None:
    """A traveller who crossed 29 days ago is in, 31 days ago (and gone since) is out."""
    add_person(c, "a", [(29, Direction.EXIT, "LUOHU")])
    add_person(c, "b", [(31, Direction.EXIT, "LUOHU")])
    version = propose(c, V1)
    with c.uow() as uow:
        _, report = approve_and_rescreen(uow, c.clock, "li", version)
    assert report.travellers == 1


def test_the_demo_lists_plant_hits_for_the_shenzhen_back_office(tmp_path: Path) -> None:
    c = migrated_container(tmp_path, f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        load_people(c.uow, c.clock, DemoSize(people=300, months=1, seed=3))
        with c.uow() as uow:  # a test-sized population gets no demo lists by itself
            assert uow.watchlists.get("DEMO-WATCH") is None
        loaded = load_watchlists(c.uow, c.clock)
        assert loaded is not None and loaded.planted >= 1
        assert loaded.hits >= loaded.planted
        assert load_watchlists(c.uow, c.clock) is None  # once only
        reviewer = Principal(
            "user",
            "u",
            "chen",
            Role.BACK_OFFICE_OFFICER,
            DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ"),
        )
        with c.uow() as uow:
            queue = review.list_hits(uow, reviewer, c.clock.now(), geography=c.geography())
        planted = {h.entry_id for h in queue.hits if "-P" in h.entry_id}
        assert len(planted) >= 1
        assert all(h.source == "rescreen" for h in queue.hits)
    finally:
        c.close()
