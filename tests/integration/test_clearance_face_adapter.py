"""The clearance pipeline's face step with the real engine and real photos: enrol one photo of
a person, then a live image of the same person matches, another person does not, garbage is
unusable, an unknown holder has no reference, a missing model is unavailable; each audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from guomen.adapters.face.weights import FaceModelsUnavailable, import_dlib, locate_weights

try:
    locate_weights()
    import_dlib()
except FaceModelsUnavailable as exc:
    pytest.skip(f"face engine not installed: {exc}", allow_module_level=True)

from guomen.adapters.face import DlibFaceEngine, PillowFaceImages
from guomen.adapters.face.calibration import SHIPPED_MODEL, shipped_threshold
from guomen.biometrics.enrolment import enrol_face
from guomen.biometrics.model import TemplateSource
from guomen.biometrics.services import FaceToolkit
from guomen.clearance.face_port import FaceCheck, FaceStatus
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.people.model import Person, Sex
from guomen.shared.ids import new_id
from support import migrated_container

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "faces"
EXAMPLES = PHOTOS / "face_recognition" / "examples"
pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"{PHOTOS} is absent")
KIOSK = Principal(
    "token", "t-k", "kiosk 1", Role.KIOSK_DEVICE, DataScope(ScopeLevel.NATIONAL), "LUOHU"
)


@pytest.fixture(scope="module")
def parts() -> tuple[PillowFaceImages, DlibFaceEngine]:
    return PillowFaceImages(), DlibFaceEngine()


@pytest.fixture
def world(tmp_path: Path, database_url: str, parts):
    c = migrated_container(tmp_path, database_url)
    c._face = parts
    holder = Person(
        new_id(), "OBAMA", "TEST", Sex.MALE, date(1961, 8, 4), "USA", created_at=c.clock.now()
    )
    with c.uow() as uow:
        uow.people.add_many([holder])
        kit = FaceToolkit(
            parts[0], parts[1], uow.audit, c.clock, lambda p, a, w: None, shipped_threshold()
        )
        photo = (EXAMPLES / "obama.jpg").read_bytes()
        enrol_face(uow, kit, KIOSK, holder.id, photo, TemplateSource.APPLICATION_PHOTO)
        uow.commit()
    yield c, holder.id
    c.close()


def live(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def test_same_person_matches_and_another_does_not(world) -> None:
    c, holder = world
    check: FaceCheck = c.face_check()
    same = check.verify(holder, live("obama2.jpg"))
    assert same.status is FaceStatus.MATCH
    assert same.score is not None and same.threshold is not None
    assert 1.0 >= same.score >= same.threshold == shipped_threshold().value
    assert same.algorithm == SHIPPED_MODEL.key
    other = check.verify(holder, live("biden.jpg"))
    assert other.status is FaceStatus.NO_MATCH
    assert other.score is not None and 0.0 <= other.score < other.threshold
    assert other.reason_codes == ("FACE_NO_MATCH",)
    with c.uow() as uow:
        events = [e.event for e in uow.audit.iterate() if e.event.actor.startswith("system:")]
    assert [(e.action, e.outcome, e.purpose) for e in events] == [
        ("biometric.verify", "match", "egate_clearance"),
        ("biometric.verify", "no_match", "egate_clearance"),
    ]
    assert all(e.object_id == holder for e in events)


@pytest.mark.parametrize(
    ("image", "code"),
    [
        (b"\x00\x01garbage bytes", "FACE_QUALITY_NOT_AN_IMAGE"),
        (b"", "FACE_QUALITY_NOT_AN_IMAGE"),
        (None, "FACE_QUALITY_SEVERAL_FACES"),
    ],
    ids=["garbage", "empty", "two-faces"],
)
def test_unusable_live_images_never_raise(world, image: bytes | None, code: str) -> None:
    c, holder = world
    result = c.face_check().verify(holder, live("two_people.jpg") if image is None else image)
    assert result.status is FaceStatus.UNUSABLE
    assert code in result.reason_codes
    assert result.score is None


def test_a_holder_without_enrolment_has_no_reference(world) -> None:
    c, _ = world
    result = c.face_check().verify("never-enrolled", live("obama2.jpg"))
    assert result.status is FaceStatus.NO_REFERENCE
    assert result.reason_codes == ("FACE_NO_REFERENCE",)
    assert result.score is None


def test_missing_model_files_are_unavailable(world) -> None:
    c, holder = world

    def missing():
        raise FaceModelsUnavailable("the face model weights are missing")

    c._face = None
    c.face_parts = missing  # type: ignore[method-assign]
    result = c.face_check().verify(holder, live("obama2.jpg"))
    assert result.status is FaceStatus.UNAVAILABLE
    assert result.reason_codes == ("FACE_ENGINE_UNAVAILABLE",)
