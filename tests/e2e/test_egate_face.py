"""An e-gate request with a live face gets a biometric result in its decision: the real
clearance environment (real screening, entitlement tables and face engine) compares the live
image with the holder's enrolled template. Photos come from the shared test data."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from guomen.adapters.face.weights import FaceModelsUnavailable, import_dlib, locate_weights

try:
    locate_weights()
    import_dlib()
except FaceModelsUnavailable as exc:
    pytest.skip(f"face engine not installed: {exc}", allow_module_level=True)

from clearance_helpers import permit_holder
from guomen.biometrics.enrolment import enrol_face
from guomen.biometrics.model import TemplateSource
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from webhelpers import demo_app, issue

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "faces"
EXAMPLES = PHOTOS / "face_recognition" / "examples"
pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"{PHOTOS} is absent")
CLERK = Principal("user", "u-c", "clerk.sz", Role.SERVICE_CLERK, DataScope(ScopeLevel.NATIONAL))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("egate_face")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'gate.sqlite3'}", people=80)
    traveller = permit_holder(container)
    with container.uow() as uow:
        kit = container.face_toolkit(uow.audit)
        photo = (EXAMPLES / "obama.jpg").read_bytes()
        enrol_face(uow, kit, CLERK, traveller.person.id, photo, TemplateSource.APPLICATION_PHOTO)
        uow.commit()
    token = issue(container, Role.EGATE_DEVICE, port="LUOHU")
    yield client, token, traveller
    client.close()
    container.close()


def gate(client, token, traveller, photo: str, key: str):
    body = {
        "mrz_lines": list(traveller.mrz),
        "direction": "exit",
        "lane_id": "E05",
        "face_image": base64.b64encode((EXAMPLES / photo).read_bytes()).decode(),
    }
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    response = client.post("/api/v1/clearance/egate", json=body, headers=headers)
    assert response.status_code == 200, response.text[:400]
    return response.json()


def test_the_holders_face_matches_and_the_decision_says_so(world) -> None:
    client, token, traveller = world
    answer = gate(client, token, traveller, "obama2.jpg", "face-1")
    assert "FACE_MATCH" in answer["reason_codes"]
    assert "FACE_NO_MATCH" not in answer["reason_codes"]
    assert "dlib" in answer["versions"]["face"]


def test_someone_else_at_the_gate_is_referred_to_an_officer(world) -> None:
    client, token, traveller = world
    answer = gate(client, token, traveller, "biden.jpg", "face-2")
    assert "FACE_NO_MATCH" in answer["reason_codes"]
    assert answer["decision"] == "refer"  # a gate never refuses: an officer looks
