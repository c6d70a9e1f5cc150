"""Route × role rows of the applicant portal and the kiosk (format: tests/route_roles.py).

Applicant pages answer only to an applicant session (their own cookie): every staff member
and every token gets the portal's sign-in page with 401, like an anonymous caller, so their
row is (EVERYONE, 401). The gateway callback answers only to a valid signature: unsigned, it
is 401 for everyone. The sign-in steps and the demo outbox are public (listed for PUBLIC in
the lead's matrix: /portal, /portal/code, /portal/verify, /portal/outbox)."""

from __future__ import annotations

from typing import Any

from route_roles import EVERYONE

APPLICANT_ONLY = 401
KIOSK = {"kiosk"}
RECEIPT_CHECKERS = {"clerk.bj", "approver.bj"}

ROWS = [
    ("POST", "/portal/logout", EVERYONE, APPLICANT_ONLY),
    ("GET", "/portal/apply", EVERYONE, APPLICANT_ONLY),
    ("POST", "/portal/apply", EVERYONE, APPLICANT_ONLY),
    ("GET", "/portal/applications/{dummy}", EVERYONE, APPLICANT_ONLY),
    ("POST", "/portal/applications/{dummy}/book", EVERYONE, APPLICANT_ONLY),
    ("POST", "/portal/applications/{dummy}/pay", EVERYONE, APPLICANT_ONLY),
    ("GET", "/portal/applications/{dummy}/receipt.pdf", EVERYONE, APPLICANT_ONLY),
    ("GET", "/portal/gateway/{dummy}", EVERYONE, APPLICANT_ONLY),
    ("POST", "/portal/gateway/{dummy}/pay", EVERYONE, APPLICANT_ONLY),
    ("GET", "/portal/report-loss", EVERYONE, APPLICANT_ONLY),
    ("POST", "/portal/report-loss", EVERYONE, APPLICANT_ONLY),
    ("POST", "/api/v1/payments/callback", EVERYONE, 401),  # unsigned: refused for everyone
    (
        "GET",
        "/receipts/verify?ref={receipt_ref}&pay={receipt_pay}&sig={receipt_sig}",
        RECEIPT_CHECKERS,
        200,
    ),
    ("GET", "/kiosk", KIOSK, 200),
    ("POST", "/kiosk/pair", EVERYONE, 401),  # a wrong token pairs nobody
    ("GET", "/kiosk/large", KIOSK, 303),
    ("POST", "/kiosk/idcard", KIOSK, 422),  # past the policy: a wrong identity number
    ("POST", "/kiosk/face", KIOSK, 422),  # past the policy: no valid kiosk session
    ("POST", "/kiosk/submit", KIOSK, 422),
    ("POST", "/kiosk/pay", KIOSK, 422),
    ("GET", "/kiosk/receipt/{dummy}?state=forged", KIOSK, 422),
]

BODIES: dict[str, dict[str, Any]] = {
    "/portal/apply": {"data": {"app_type": "passport_first"}},
    "/api/v1/payments/callback": {
        "json": {"fields": {"payment_id": "x", "amount_fen": "1"}, "signature": "0" * 64}
    },
    "/kiosk/pair": {"data": {"token": "not-a-token"}},
    "/kiosk/idcard": {"data": {"name_zh": "陈大文", "id_number": "11010119850304001X"}},
    "/kiosk/face": {"data": {"state": "forged.0"}},
    "/kiosk/submit": {"data": {"state": "forged.0", "app_type": "passport_first"}},
    "/kiosk/pay": {"data": {"state": "forged.0"}},
}


def values(container: Any) -> dict[str, str]:
    from guomen.portal.receipts import receipt_signature

    key = container.portal_parts().receipt_key
    return {
        "receipt_ref": "P1-20261122-MATRIX",
        "receipt_pay": "FAKE-MATRIX",
        "receipt_sig": receipt_signature(key, "P1-20261122-MATRIX", "FAKE-MATRIX"),
    }
