"""The document registry in a real database: status lookups, loss reports that take effect at
once, OCR-tolerant matching, and all-or-nothing imports of external lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from guomen.demo.load import DemoSize, load_people
from guomen.documents import services as registry
from guomen.documents.registry import EventKind
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.errors import Conflict, NotFound, ValidationFailed
from support import migrated_container

CLERK = Principal("user", "u1", "clerk.bj", Role.SERVICE_CLERK, DataScope(ScopeLevel.OFFICE, "X"))
APPROVER = Principal(
    "user", "u2", "approver.bj", Role.SERVICE_APPROVER, DataScope(ScopeLevel.OFFICE, "X")
)
BACK = Principal(
    "user", "u3", "back", Role.BACK_OFFICE_OFFICER, DataScope(ScopeLevel.GENERAL_STATION, "GS-SZ")
)
HEADER = "issuing_state,document_number,document_type,status,reported_on\n"


@pytest.fixture
def world(tmp_path: Path, database_url: str):
    c = migrated_container(tmp_path, database_url)
    load_people(c.uow, c.clock, DemoSize(people=40, months=1, seed=3))
    with c.uow() as uow:
        pid = uow.conn.execute(
            text(
                "SELECT person_id FROM travel_documents WHERE doc_type = 'passport' "
                "AND issuing_state = 'CHN' ORDER BY id LIMIT 1"
            )
        ).scalar_one()
        doc = next(d for d in uow.documents.for_person(pid) if d.issuing_state == "CHN")
    yield c, doc
    c.close()


def status(c, state: str, number: str) -> registry.RegistryStatus:
    with c.uow() as uow:
        return registry.registry_status(uow, c.clock, CLERK, state, number)


def test_a_loss_report_takes_effect_at_once_and_is_audited(world) -> None:
    c, doc = world
    assert status(c, "CHN", doc.number).status == "valid"
    with c.uow() as uow:
        after = registry.report_loss(
            uow,
            c.clock,
            CLERK,
            registry.ReportLoss("chn", doc.number.lower(), EventKind.LOST, place="北京"),
        )
    assert after.status == "lost" and after.blocking
    assert status(c, "CHN", doc.number).status == "lost"
    with c.uow() as uow:
        events = uow.document_events.for_document(doc.id)
        actions = [r[0] for r in uow.conn.execute(text("SELECT action FROM audit_log"))]
    assert [(e.kind, e.place, e.recorded_by) for e in events] == [
        (EventKind.LOST, "北京", "clerk.bj")
    ]
    assert "document.report_lost" in actions and "document.status" in actions


def test_revoked_documents_cannot_change_status_again(world) -> None:
    c, doc = world
    with c.uow() as uow, pytest.raises(ValidationFailed):
        registry.revoke_document(uow, c.clock, APPROVER, "CHN", doc.number, "", "")
    with c.uow() as uow:
        registry.revoke_document(
            uow, c.clock, APPROVER, "CHN", doc.number, "obtained by fraud", "国家移民管理局"
        )
    with c.uow() as uow, pytest.raises(Conflict):
        registry.report_loss(
            uow, c.clock, CLERK, registry.ReportLoss("CHN", doc.number, EventKind.STOLEN)
        )
    assert status(c, "CHN", doc.number).status == "revoked"


def test_ocr_confusions_find_the_document_but_do_not_decide(world) -> None:
    c, doc = world
    letters = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
    i = next(i for i, ch in enumerate(doc.number) if ch in letters)
    misread = doc.number[:i] + letters[doc.number[i]] + doc.number[i + 1 :]
    result = status(c, "CHN", misread)
    assert result.status == "not_found"
    assert any(r.startswith("registry.ocr_variants") for r in result.reasons)
    assert [h.document.id for h in result.hits if h.document] == [doc.id]


def test_unknown_documents_cannot_be_reported_here(world) -> None:
    c, _ = world
    with c.uow() as uow, pytest.raises(NotFound):
        registry.report_loss(
            uow, c.clock, CLERK, registry.ReportLoss("FRA", "12AB34567", EventKind.LOST)
        )


def test_alert_import_is_all_or_nothing_unless_asked(world) -> None:
    c, doc = world
    csv_text = HEADER + f"CHN,{doc.number},P,stolen,2026-05-01\nXX9,1,P,lost,\n"
    with c.uow() as uow, pytest.raises(ValidationFailed, match="line 3"):
        registry.import_alerts(uow, c.clock, BACK, csv_text, "INTERPOL-SLTD")
    assert status(c, "CHN", doc.number).status == "valid"
    with c.uow() as uow:
        report = registry.import_alerts(
            uow, c.clock, BACK, csv_text, "INTERPOL-SLTD", skip_bad=True
        )
    assert report.added == 1 and [b.line for b in report.skipped] == [3]
    result = status(c, "CHN", doc.number)
    assert result.status == "alert" and "registry.alert.stolen:INTERPOL-SLTD" in result.reasons


def test_clerks_cannot_import_lists(world) -> None:
    from guomen.shared.errors import PermissionDenied

    c, _ = world
    with c.uow() as uow, pytest.raises(PermissionDenied):
        registry.import_alerts(uow, c.clock, CLERK, HEADER + "CHN,E1,P,lost,\n", "x")
