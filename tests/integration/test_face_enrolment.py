"""Face enrolment on SQLite and PostgreSQL with the real engine: templates sealed at rest,
retention expiry, 1:N duplicate identity across people, and refused uploads storing nothing.

Photos come from ../shared/testdata/faces (read in place; skipped when absent)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text
from sqlalchemy.engine import make_url

from guomen.adapters.face.weights import FaceModelsUnavailable, import_dlib, locate_weights

try:
    locate_weights()
    import_dlib()
except FaceModelsUnavailable as exc:
    pytest.skip(f"face engine not installed: {exc}", allow_module_level=True)

from guomen.adapters.face import DlibFaceEngine, PillowFaceImages
from guomen.adapters.face.calibration import shipped_search_threshold, shipped_threshold
from guomen.biometrics.enrolment import (
    DUPLICATE_IDENTITY,
    DuplicateStatus,
    FaceQualityRejected,
    check_duplicate_identity,
    enrol_face,
    expire_templates,
    remove_templates,
)
from guomen.biometrics.model import TemplateSource
from guomen.biometrics.rules import Reason
from guomen.biometrics.services import FaceToolkit
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.identity.policy import Action, authorize
from guomen.people.model import Person, Sex
from guomen.shared.clock import FakeClock
from guomen.shared.errors import NotFound, PermissionDenied, ValidationFailed
from guomen.shared.ids import new_id
from support import migrated_container

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "faces"
EXAMPLES = PHOTOS / "face_recognition" / "examples"
pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"{PHOTOS} is absent")

CLERK = Principal(
    "user", "u-clerk", "clerk.bj", Role.SERVICE_CLERK, DataScope(ScopeLevel.OFFICE, "OF-BJ-01")
)


def _authorize(principal: Principal, action: str, purpose: str) -> None:
    authorize(principal, Action(action), purpose=purpose)


@pytest.fixture(scope="module")
def parts() -> tuple[PillowFaceImages, DlibFaceEngine]:
    return PillowFaceImages(), DlibFaceEngine()


@pytest.fixture
def world(tmp_path: Path, database_url: str, parts):
    c = migrated_container(tmp_path, database_url)
    c.clock = FakeClock()
    c._face = parts
    people = {}
    with c.uow() as uow:
        for name, born in (
            ("OBAMA", date(1961, 8, 4)),
            ("BARRY", date(1970, 1, 2)),
            ("BIDEN", date(1942, 11, 20)),
        ):
            people[name] = Person(
                new_id(), name, "TEST", Sex.MALE, born, "USA", created_at=c.clock.now()
            )
        uow.people.add_many(people.values())
        uow.commit()
    yield c, {k: p.id for k, p in people.items()}
    c.close()


def kit_for(c, uow) -> FaceToolkit:
    images, engine = c.face_parts()
    return FaceToolkit(
        images,
        engine,
        uow.audit,
        c.clock,
        _authorize,
        shipped_threshold(),
        shipped_search_threshold(),
    )


def enrol(c, person_id: str, photo: str, **kw):
    with c.uow() as uow:
        try:
            result = enrol_face(
                uow,
                kit_for(c, uow),
                CLERK,
                person_id,
                (EXAMPLES / photo).read_bytes(),
                kw.pop("source", TemplateSource.APPLICATION_PHOTO),
                **kw,
            )
        except ValidationFailed:
            uow.commit()  # the audit entry stays
            raise
        uow.commit()
    return result


def raw_database(c, database_url: str) -> bytes:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        c.engine.dispose()
        data = b""
        for suffix in ("", "-wal"):
            path = Path(str(url.database) + suffix)
            if path.exists():
                data += path.read_bytes()
        return data
    with c.engine.connect() as conn:
        rows = conn.execute(text("SELECT row_to_json(t)::text FROM face_templates t")).all()
    return "\n".join(r[0] for r in rows).encode()


def test_enrolled_template_is_sealed_and_reads_back(world, database_url: str) -> None:
    c, ids = world
    result = enrol(c, ids["OBAMA"], "obama.jpg")
    assert result.to_dict()["template"]["person_id"] == ids["OBAMA"]
    assert "values" not in str(result.to_dict()) and "template_enc" not in str(result.to_dict())
    with c.uow() as uow:
        (stored,) = uow.face_templates.for_person(ids["OBAMA"])
        sealed = uow.conn.execute(text("SELECT template_enc FROM face_templates")).scalar_one()
    assert stored.template.similarity(result.template) > 0.9999
    assert stored.source is TemplateSource.APPLICATION_PHOTO
    assert stored.retain_until > c.clock.now() + timedelta(days=3600)
    assert sealed.startswith("gm1.")
    body = result.template.to_bytes().split(b"\0", 1)[1]
    raw = raw_database(c, database_url)
    for start in range(0, len(body), 64):  # no 16-number run of the vector, binary or text
        assert body[start : start + 64] not in raw
    assert f"{result.template.values()[0]:.6f}".encode() not in raw


def test_a_template_moved_to_another_person_does_not_open(world) -> None:
    c, ids = world
    enrol(c, ids["OBAMA"], "obama.jpg")
    with c.uow() as uow:
        uow.conn.execute(text("UPDATE face_templates SET person_id = :p"), {"p": ids["BIDEN"]})
        with pytest.raises(ValidationFailed, match="another person"):
            uow.face_templates.for_person(ids["BIDEN"])


def test_retention_expiry_removes_templates(world) -> None:
    c, ids = world
    soon = c.clock.now() + timedelta(days=30)
    enrol(c, ids["OBAMA"], "obama.jpg", retain_until=soon)
    enrol(c, ids["BIDEN"], "biden.jpg")  # default retention: ten years
    c.clock.advance(timedelta(days=29))
    with c.uow() as uow:
        assert expire_templates(uow.face_templates, uow.audit, c.clock, CLERK) == []
        uow.commit()
    c.clock.advance(timedelta(days=2))
    with c.uow() as uow:
        assert expire_templates(uow.face_templates, uow.audit, c.clock, CLERK) == [ids["OBAMA"]]
        uow.commit()
    with c.uow() as uow:
        assert uow.face_templates.for_person(ids["OBAMA"]) == []
        assert len(uow.face_templates.for_person(ids["BIDEN"])) == 1
        assert uow.face_templates.count() == 1
        actions = [e.event.action for e in uow.audit.iterate()]
    assert "biometric.expire" in actions
    with pytest.raises(ValidationFailed, match="future"):
        enrol(c, ids["OBAMA"], "obama.jpg", retain_until=c.clock.now() - timedelta(seconds=1))


def test_removal_needs_a_reason_and_is_audited(world) -> None:
    c, ids = world
    enrol(c, ids["OBAMA"], "obama.jpg")
    with c.uow() as uow:
        with pytest.raises(ValidationFailed):
            remove_templates(uow, _authorize, c.clock, CLERK, ids["OBAMA"], " ")
        assert remove_templates(uow, _authorize, c.clock, CLERK, ids["OBAMA"], "erased") == 1
        uow.commit()
    with c.uow() as uow:
        assert uow.face_templates.count() == 0


def test_one_face_under_two_identities_is_flagged_for_review(world) -> None:
    c, ids = world
    enrol(c, ids["OBAMA"], "obama.jpg")
    enrol(c, ids["BIDEN"], "biden.jpg")
    gallery = c.face_gallery()  # loaded from the table
    assert len(gallery) == 2
    second = enrol(c, ids["BARRY"], "obama2.jpg")  # the same face, another identity
    gallery.add(ids["BARRY"], second.template)
    with c.uow() as uow:
        kit = kit_for(c, uow)
        flagged = check_duplicate_identity(uow, kit, gallery, CLERK, ids["BARRY"])
        by_photo = check_duplicate_identity(
            uow, kit, gallery, CLERK, ids["BIDEN"], (EXAMPLES / "biden.jpg").read_bytes()
        )
        uow.commit()
    assert flagged.status is DuplicateStatus.REVIEW
    assert flagged.reason_codes == (DUPLICATE_IDENTITY,)
    assert [x.subject_id for x in flagged.candidates] == [ids["OBAMA"]]
    assert flagged.candidates[0].score >= flagged.threshold.value
    assert by_photo.status is DuplicateStatus.CLEAR  # its own template is not a duplicate
    assert by_photo.quality is not None and by_photo.quality.acceptable
    with c.uow() as uow:
        searches = [e.event for e in uow.audit.iterate() if e.event.action == "biometric.search"]
    assert [e.purpose for e in searches] == ["duplicate_search", "duplicate_search"]
    assert ids["OBAMA"] in searches[0].detail["candidates"]


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "refusal"),
    [
        (lambda: b"just some text, not a picture", "photo_not_an_image"),
        (lambda: b"%PDF-1.4 a document", "photo_unsupported_format"),
        (lambda: png(Image.new("RGB", (9000, 6000))), "photo_too_large"),
        (lambda: (EXAMPLES / "two_people.jpg").read_bytes(), Reason.SEVERAL_FACES),
        (lambda: png(Image.new("RGB", (600, 800), (128, 128, 128))), Reason.NO_FACE),
    ],
    ids=["not-an-image", "pdf", "huge", "two-faces", "grey-card"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(world, make, refusal) -> None:
    c, ids = world
    with c.uow() as uow:
        with pytest.raises(ValidationFailed) as refused:
            enrol_face(
                uow,
                kit_for(c, uow),
                CLERK,
                ids["OBAMA"],
                make(),
                TemplateSource.KIOSK_ENROLMENT,
            )
        uow.commit()
    if isinstance(refusal, Reason):
        assert isinstance(refused.value, FaceQualityRejected)
        assert refusal in {i.reason for i in refused.value.quality.issues}
        assert "cannot be enrolled" in refused.value.message
    else:
        assert refused.value.code == refusal
    with c.uow() as uow:
        assert uow.face_templates.count() == 0
        last = list(uow.audit.iterate())[-1].event
    assert (last.action, last.object_id) == ("biometric.enrol", ids["OBAMA"])
    assert last.outcome != "enrolled"


def test_unknown_person_and_wrong_role_are_refused(world) -> None:
    c, _ = world
    with pytest.raises(NotFound):
        enrol(c, "no-such-person", "obama.jpg")
    analyst = Principal("user", "u-a", "analyst", Role.ANALYST, DataScope(ScopeLevel.NATIONAL))
    with c.uow() as uow, pytest.raises(PermissionDenied):
        enrol_face(uow, kit_for(c, uow), analyst, "x", b"", TemplateSource.APPLICATION_PHOTO)
    with c.uow() as uow:
        assert uow.face_templates.count() == 0


def test_retain_until_is_kept(world) -> None:
    c, ids = world
    until = datetime(2030, 5, 1, tzinfo=UTC)
    enrol(c, ids["OBAMA"], "obama.jpg", retain_until=until, source=TemplateSource.DOCUMENT_CHIP)
    with c.uow() as uow:
        (stored,) = uow.face_templates.for_person(ids["OBAMA"])
    assert stored.retain_until == until
    assert stored.source is TemplateSource.DOCUMENT_CHIP


@pytest.mark.slow
def test_enrol_and_search_over_http(tmp_path: Path, parts) -> None:
    from webhelpers import any_person_id, demo_app, issue, login

    c, client = demo_app(tmp_path, f"sqlite:///{tmp_path / 'web.sqlite3'}", people=20)
    c._face = parts
    try:
        person = any_person_id(c)
        kiosk = {"Authorization": f"Bearer {issue(c, Role.KIOSK_DEVICE)}"}
        photo = ("a.jpg", (EXAMPLES / "obama.jpg").read_bytes(), "image/jpeg")
        enrolled = client.post(
            "/api/v1/faces/enrol",
            headers=kiosk,
            data={"person_id": person, "source": "kiosk_enrolment"},
            files={"photo": photo},
        )
        assert enrolled.status_code == 200, enrolled.text
        body = enrolled.json()
        assert body["template"]["person_id"] == person
        assert "template_enc" not in enrolled.text and "values" not in enrolled.text
        two = ("b.jpg", (EXAMPLES / "two_people.jpg").read_bytes(), "image/jpeg")
        refused = client.post(
            "/api/v1/faces/enrol",
            headers=kiosk,
            data={"person_id": person},
            files={"photo": two},
        )
        assert refused.status_code == 422
        assert "More than one face" in refused.text

        csrf = login(client, "clerk.bj")
        probe = ("c.jpg", (EXAMPLES / "obama2.jpg").read_bytes(), "image/jpeg")
        found = client.post(
            "/api/v1/faces/search",
            headers={"X-CSRF-Token": csrf},
            data={"top": "3", "purpose": "intake check"},
            files={"probe": probe},
        )
        assert found.status_code == 200, found.text
        result = found.json()
        assert result["flagged"][0]["subject_id"] == person
        assert result["gallery_size"] == 21  # 20 synthetic demo templates and the new one

        page = client.get("/biometrics/enrol")
        assert page.status_code == 200 and "人脸采集登记" in page.text
        shown = client.post(
            "/biometrics/enrol",
            data={"person_id": person, "source": "application_photo", "csrf_token": csrf},
            files={"photo": two},
        )
        assert shown.status_code == 422
        assert "照片中有多张人脸" in shown.text
        with c.uow() as uow:
            sources = [e.source for e in uow.face_templates.for_person(person)]
        # the demo's synthetic template and the one kiosk enrolment; the refusals stored nothing
        assert sorted(sources) == [TemplateSource.KIOSK_ENROLMENT, TemplateSource.SYNTHETIC_DEMO]
    finally:
        client.close()
        c.close()


def test_cli_enroll_search_and_expire(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from guomen.cli.main import app

    env = {
        "GUOMEN_VAR_DIR": str(tmp_path),
        "GUOMEN_ARGON2_MEMORY_KIB": "1024",
        "GUOMEN_ARGON2_TIME_COST": "1",
    }
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    c = migrated_container(tmp_path, f"sqlite:///{tmp_path / 'guomen.sqlite3'}")
    person = Person(
        new_id(), "OBAMA", "TEST", Sex.MALE, date(1961, 8, 4), "USA", created_at=c.clock.now()
    )
    with c.uow() as uow:
        uow.people.add_many([person])
        uow.commit()
    c.close()

    def run(*args: str):
        return runner.invoke(app, ["face", *args], env=env)

    enrolled = run("enroll", "--person", person.id, str(EXAMPLES / "obama.jpg"))
    assert enrolled.exit_code == 0, enrolled.output
    assert json.loads(enrolled.output)["template"]["person_id"] == person.id
    refused = run("enroll", "--person", person.id, str(EXAMPLES / "two_people.jpg"))
    assert refused.exit_code == 2
    assert "More than one face" in refused.output
    found = run("search", str(EXAMPLES / "obama2.jpg"), "--top", "3")
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["flagged"][0]["subject_id"] == person.id
    clear = run("duplicates")
    assert clear.exit_code == 0 and json.loads(clear.output)["pairs"] == []
    expired = run("expire")
    assert json.loads(expired.output) == {"removed": 0, "people": 0}
