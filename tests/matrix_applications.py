"""Route × role rows for the staff side of document applications (see route_roles.py).

Staff of the Beijing hall (clerk.bj: PROCESS_APPLICATION; approver.bj: also APPROVE and
STATS) work the queues; the analyst reads statistics; the hall screen is for everyone signed
in (numbers only, no names); the kiosk takes numbers and submits applications.
"""

from __future__ import annotations

from typing import Any

from route_roles import EVERYONE

STAFF = {"clerk.bj", "approver.bj"}
STATS = {"approver.bj", "analyst"}
TAKERS = STAFF | {"kiosk"}

ROWS = [
    ("GET", "/applications", STAFF, 200),
    ("GET", "/applications?stage=deadlines", STAFF, 200),
    ("GET", "/applications/stats", STATS, 200),
    ("GET", "/applications/{app_submitted}", STAFF, 200),
    # a step the state machine refuses: past the policy, answered 409 and nothing changes
    ("POST", "/applications/{app_submitted}/advance", STAFF, 409),
    ("GET", "/hall/OF-BJ-01", EVERYONE, 200),
    ("POST", "/hall/OF-BJ-01/tickets", TAKERS, 303),
    ("POST", "/hall/OF-BJ-01/call", STAFF, 303),
    ("GET", "/api/v1/applications", STAFF, 200),
    ("GET", "/api/v1/applications/deadlines", STAFF, 200),
    ("GET", "/api/v1/applications/stats", STATS, 200),
    ("POST", "/api/v1/applications", TAKERS, 422),  # an invalid form: past the policy
    ("GET", "/api/v1/applications/{app_submitted}", STAFF, 200),
    ("POST", "/api/v1/applications/{app_submitted}/advance", STAFF, 409),
    ("GET", "/api/v1/applications/hall/OF-BJ-01", EVERYONE, 200),
    ("POST", "/api/v1/applications/hall/OF-BJ-01/tickets", TAKERS, 201),
    ("POST", "/api/v1/applications/hall/OF-BJ-01/call", STAFF, 200),
]

BODIES: dict[str, dict[str, Any]] = {
    "/applications/{app_submitted}/advance": {"data": {"transition": "collect"}},
    "/hall/OF-BJ-01/tickets": {"data": {"green": ""}},
    "/hall/OF-BJ-01/call": {"data": {"window": "1"}},
    "/api/v1/applications": {
        "json": {
            "applicant_id": "matrix",
            "app_type": "passport_first",
            "office_code": "OF-BJ-01",
            "surname": "ZHANG",
            "id_number": "110101199003150010",  # wrong check character
            "address": "北京",
        }
    },
    "/api/v1/applications/{app_submitted}/advance": {"json": {"transition": "collect"}},
    "/api/v1/applications/hall/OF-BJ-01/tickets": {"json": {"green": False}},
    "/api/v1/applications/hall/OF-BJ-01/call": {"json": {"window": "2"}},
}


def values(container: Any) -> dict[str, str]:
    """A submitted demo application of the Beijing hall (loaded with the demo people)."""
    from guomen.applications.model import Status

    with container.uow() as uow:
        found = uow.apps.applications.search(office_code="OF-BJ-01", statuses=[Status.SUBMITTED])
    return {"app_submitted": found[0].id}
