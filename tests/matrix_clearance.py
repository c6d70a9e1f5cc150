"""Route × role rows of the clearance capability (format: tests/route_roles.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

DECIDERS_AT_LUOHU = {"inspector.luohu", "backoffice.sz"}
STAY_READERS = {"inspector.luohu", "inspector.pek", "backoffice.sz", "analyst"}
SECONDARY = {"inspector.luohu", "inspector.pek", "backoffice.sz"}

ROWS = [
    ("POST", "/api/v1/clearance/egate", {"egate"}, 200),
    ("POST", "/api/v1/clearance/decide", DECIDERS_AT_LUOHU, 200),
    ("GET", "/api/v1/clearance/movements?person_id={person}", STAY_READERS, 200),
    ("GET", "/api/v1/clearance/overstayers", STAY_READERS, 200),
    ("GET", "/api/v1/clearance/referrals", SECONDARY, 200),
    # Past the policy, an unknown referral is 404: nothing is closed.
    ("POST", "/api/v1/clearance/referrals/{dummy}/outcome", SECONDARY, 404),
    ("GET", "/api/v1/clearance/status", SECONDARY | {"egate"}, 200),
]

BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/clearance/egate": {
        "json": {"document_id": "{permit_document}", "direction": "exit", "lane_id": "E01"},
        "headers": {"Idempotency-Key": "matrix-egate-1"},
    },
    "/api/v1/clearance/decide": {
        "json": {
            "document_id": "{permit_document}",
            "direction": "exit",
            "lane_id": "C01",
            "port_code": "LUOHU",
        }
    },
    "/api/v1/clearance/referrals/{dummy}/outcome": {
        "json": {"outcome": "admitted", "reason": "matrix"}
    },
}


def values(container: Any) -> dict[str, str]:
    """A mainland resident's Hong Kong/Macao permit (leaving at LUOHU)."""
    with container.uow() as uow:
        doc = uow.conn.execute(
            text(
                "SELECT id FROM travel_documents WHERE doc_type = 'hk_macao_permit' "
                "AND status = 'valid' ORDER BY id LIMIT 1"
            )
        ).scalar_one()
    return {"permit_document": str(doc)}
