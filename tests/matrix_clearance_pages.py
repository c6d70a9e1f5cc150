"""Route × role rows of the officer console and secondary-inspection pages (format:
tests/route_roles.py). The console is for officers only: an e-gate token holds
CLEAR_TRAVELLER but is refused here (403)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from guomen.documents.chinese import generate_permit_mrz
from guomen.documents.chinese.permit_layouts import PermitLayout, PermitMrzFields

BORDER_OFFICERS = {"inspector.luohu", "inspector.pek", "backoffice.sz"}
STAY_READERS = BORDER_OFFICERS | {"analyst"}

ROWS = [
    ("GET", "/clearance", BORDER_OFFICERS, 200),
    ("POST", "/clearance/assess", BORDER_OFFICERS, 200),
    ("POST", "/clearance/decide", BORDER_OFFICERS, 200),
    ("GET", "/clearance/secondary", BORDER_OFFICERS, 200),
    # Past the policy, an unknown referral is 404: nothing is read or closed.
    ("GET", "/clearance/secondary/{dummy}", BORDER_OFFICERS, 404),
    ("POST", "/clearance/secondary/{dummy}/outcome", BORDER_OFFICERS, 404),
    ("GET", "/clearance/overstayers", STAY_READERS, 200),
    ("GET", "/clearance/history?person_id={person}&purpose=matrix", STAY_READERS, 200),
]

_CROSSING = {"mrz": "{permit_mrz_page}", "direction": "exit", "lane": "C01", "purpose": "matrix"}
BODIES: dict[str, dict[str, Any]] = {
    "/clearance/assess": {"data": dict(_CROSSING)},
    # A referral is always accepted (clearing against findings would need a reason).
    "/clearance/decide": {"data": {**_CROSSING, "decision": "refer", "refer_reason": "other"}},
    "/clearance/secondary/{dummy}/outcome": {"data": {"outcome": "admitted", "reason": "matrix"}},
}


def values(container: Any) -> dict[str, str]:
    """The MRZ of a mainland resident's Hong Kong/Macao permit."""
    with container.uow() as uow:
        person_id, doc_id = uow.conn.execute(
            text(
                "SELECT person_id, id FROM travel_documents WHERE doc_type = 'hk_macao_permit' "
                "AND status = 'valid' ORDER BY id LIMIT 1"
            )
        ).one()
        person = uow.people.get(person_id)
        doc = next(d for d in uow.documents.for_person(person_id) if d.id == doc_id)
    assert person is not None
    fields = PermitMrzFields(PermitLayout.EEP, "CS", doc.number, person.birth_date, doc.expires_on)
    return {"permit_mrz_page": "\n".join(generate_permit_mrz(fields))}
