"""Route × role rows of the biometrics capability (format: tests/route_roles.py)."""

from __future__ import annotations

ENROLLERS = {"clerk.bj", "approver.bj", "kiosk"}
SEARCHERS = {"backoffice.sz", "clerk.bj", "approver.bj"}
NOT_AN_IMAGE = ("p.png", b"not an image", "image/png")

# Past the policy, a body that is not an image is refused (422): nothing is stored or searched.
ROWS = [
    ("GET", "/biometrics/enrol", ENROLLERS, 200),
    ("POST", "/biometrics/enrol", ENROLLERS, 422),
    ("POST", "/api/v1/faces/enrol", ENROLLERS, 422),
    ("POST", "/api/v1/faces/search", SEARCHERS, 422),
]

BODIES = {
    "/biometrics/enrol": {
        "files": {"photo": NOT_AN_IMAGE},
        "data": {"person_id": "{person}", "source": "application_photo"},
    },
    "/api/v1/faces/enrol": {
        "files": {"photo": NOT_AN_IMAGE},
        "data": {"person_id": "{person}", "source": "kiosk_enrolment"},
    },
    "/api/v1/faces/search": {"files": {"probe": NOT_AN_IMAGE}, "data": {"purpose": "matrix"}},
}
