"""Shared helpers for clearance tests (services, API, console): demo travellers with MRZ lines,
fakes for the pipeline's ports, and an environment on a test container."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from guomen.adapters.clearance_journal import Journal
from guomen.adapters.clearance_runtime import ClearanceRuntime
from guomen.audit.model import AuditEvent
from guomen.bootstrap import Container
from guomen.clearance.face_port import FaceCheckResult, FaceStatus
from guomen.clearance.pipeline import Ports
from guomen.clearance.ports import ListHit, ScreeningSubject, ScreeningSummary, Unavailable
from guomen.documents.chinese import generate_permit_mrz
from guomen.documents.chinese.permit_layouts import PermitLayout, PermitMrzFields
from guomen.documents.model import DocumentType, TravelDocument
from guomen.documents.mrz import MrzFields, generate_mrz
from guomen.entitlement.model import EntitlementAssessment, EntitlementQuery, Outcome
from guomen.people.model import Person

SHANGHAI = ZoneInfo("Asia/Shanghai")
FOREIGN = ("KOR", "JPN", "USA", "RUS", "D", "GBR", "AUS", "FRA", "VNM", "IND", "PHL", "IDN")


@dataclass(frozen=True)
class Traveller:
    person: Person
    document: TravelDocument
    mrz: tuple[str, ...]


def passport_mrz(person: Person, doc: TravelDocument) -> tuple[str, ...]:
    fields = MrzFields(
        "P",
        doc.issuing_state,
        person.surname,
        person.given_names,
        doc.number,
        person.nationality,
        person.birth_date,
        person.sex.value,
        doc.expires_on,
    )
    return generate_mrz(fields, "TD3").lines


def permit_mrz(person: Person, doc: TravelDocument) -> tuple[str, ...]:
    return generate_permit_mrz(
        PermitMrzFields(PermitLayout.EEP, "CS", doc.number, person.birth_date, doc.expires_on)
    )


def foreign_traveller(container: Container, skip: int = 0) -> Traveller:
    """A foreign passport holder from the demo data (e.g. to enter at PEK)."""
    nats = ",".join(f"'{n}'" for n in FOREIGN)
    found = _find_all(container, f"p.nationality IN ({nats})", DocumentType.PASSPORT)
    return found[skip]


def _find_all(container: Container, where: str, doc_type: DocumentType) -> list[Traveller]:
    out: list[Traveller] = []
    with container.uow() as uow:
        rows = uow.conn.execute(
            text(
                "SELECT d.id, d.person_id FROM travel_documents d JOIN persons p "
                f"ON p.id = d.person_id WHERE {where} AND d.doc_type = :t "
                "AND d.status = 'valid' ORDER BY d.id"
            ),
            {"t": doc_type.value},
        ).all()
        for doc_id, person_id in rows:
            person = uow.people.get(person_id)
            doc = next(d for d in uow.documents.for_person(person_id) if d.id == doc_id)
            if person is None or doc.expires_on <= date.today():
                continue
            try:
                mrz = (
                    permit_mrz(person, doc)
                    if doc_type is DocumentType.HK_MACAO_PERMIT
                    else passport_mrz(person, doc)
                )
            except ValueError:
                continue
            out.append(Traveller(person, doc, mrz))
    return out


def permit_holders(container: Container) -> list[Traveller]:
    """Every mainland resident with a valid Hong Kong/Macao permit (read once)."""
    return _find_all(container, "p.nationality = 'CHN'", DocumentType.HK_MACAO_PERMIT)


def permit_holder(container: Container, skip: int = 0) -> Traveller:
    """A mainland resident with a Hong Kong/Macao permit (e.g. to leave at LUOHU)."""
    return _find_all(container, "p.nationality = 'CHN'", DocumentType.HK_MACAO_PERMIT)[skip]


@dataclass
class FakeScreening:
    hits: list[ListHit] = field(default_factory=list)
    available: bool = True
    calls: int = 0

    def screen(self, subject: ScreeningSubject, purpose: str) -> ScreeningSummary:
        self.calls += 1
        if not self.available:
            raise Unavailable("no snapshot")
        event = AuditEvent("system:screening", "system", "screening.screen", "person")
        return ScreeningSummary(
            tuple(self.hits), "fake-screening 1", audit=((event, datetime.now(SHANGHAI)),)
        )


@dataclass
class FakeEntitlement:
    outcome: Outcome = Outcome.ENTITLED
    stay_days: int = 30
    consumes_trip: bool = False
    available: bool = True
    queries: list[EntitlementQuery] = field(default_factory=list)

    def assess(self, query: EntitlementQuery) -> EntitlementAssessment:
        self.queries.append(query)
        if not self.available:
            raise Unavailable("no tables")
        from datetime import timedelta

        until = query.on + timedelta(days=self.stay_days - 1)
        return EntitlementAssessment(
            self.outcome,
            "fake.rule",
            ("ENT_FAKE",),
            ("A fake rule for tests.",),
            permitted_until=until if query.crossing.value == "entry" else None,
            consumes_trip=self.consumes_trip,
            tables_version="fake-tables 1",
        )


@dataclass
class FakeFace:
    status: FaceStatus = FaceStatus.MATCH

    def verify(self, person_id: str, live_image: bytes) -> FaceCheckResult:
        return FaceCheckResult(self.status, 0.9, 0.5, "fake-face 1")


def fake_ports(
    screening: FakeScreening | None = None,
    entitlement: FakeEntitlement | None = None,
    face: FakeFace | None = None,
    *,
    no_face: bool = False,
) -> Ports:
    """Fakes for every port; the face check matches unless told otherwise."""
    face_check = None if no_face else (face or FakeFace())
    return Ports(
        screening or FakeScreening(), entitlement or FakeEntitlement(), face_check, SHANGHAI
    )


def make_runtime(
    container: Container, tmp: Path, ports: Ports | None = None, retry_seconds: float = 0.0
) -> ClearanceRuntime:
    """A clearance environment on ``container`` with fake ports (or the given ones)."""
    return ClearanceRuntime(
        container.uow,
        container.cipher,
        container.clock,
        container.geography,
        ports or fake_ports(),
        Journal(tmp / "journal.sqlite3", container.cipher),
        retry_seconds,
    )


def install_runtime(container: Container, runtime: ClearanceRuntime) -> None:
    """Make ``container.clearance()`` answer ``runtime`` (API tests with fake ports)."""
    container._clearance = runtime


def movement_count(container: Container) -> int:
    with container.uow() as uow:
        return int(uow.conn.execute(text("SELECT count(*) FROM movements")).scalar_one())


def audit_count(container: Container, prefix: str = "") -> int:
    """Audit entries (whose action starts with ``prefix``, e.g. ``clearance.``)."""
    with container.uow() as uow:
        return int(
            uow.conn.execute(
                text("SELECT count(*) FROM audit_log WHERE action LIKE :p"), {"p": prefix + "%"}
            ).scalar_one()
        )
