"""Enrolment, retention and the 1:N duplicate-identity check through fake ports."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import numpy as np
import pytest
from face_fakes import FAKE_MODEL, FakeFaceEngine, FakeFaceImages, face, fake_threshold, scene

from fakes import FakeAuditLog
from guomen.biometrics.enrolment import (
    DUPLICATE_IDENTITY,
    DuplicateStatus,
    FaceQualityRejected,
    check_duplicate_identity,
    enrol_face,
    expire_templates,
    load_gallery,
    remove_templates,
    scan_duplicate_identities,
)
from guomen.biometrics.index import ExactTemplateIndex
from guomen.biometrics.model import EnrolledTemplate, Template, TemplateSource
from guomen.biometrics.protect import bind_to_subject, unbind_from_subject
from guomen.biometrics.rules import MESSAGES, Reason
from guomen.biometrics.services import FaceToolkit
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.clock import FakeClock
from guomen.shared.errors import NotFound, PermissionDenied, ValidationFailed
from guomen.web.i18n import gettext_for

CLERK = Principal(
    "user", "u1", "clerk.bj", Role.SERVICE_CLERK, DataScope(ScopeLevel.OFFICE, "OF-BJ-01")
)


class FakeStore:
    def __init__(self) -> None:
        self.rows: dict[str, EnrolledTemplate] = {}

    def add(self, enrolled: EnrolledTemplate) -> None:
        self.rows[enrolled.id] = enrolled

    def add_many(self, enrolled: Sequence[EnrolledTemplate]) -> None:
        for e in enrolled:
            self.add(e)

    def for_person(self, person_id: str) -> list[EnrolledTemplate]:
        return [e for e in self.rows.values() if e.person_id == person_id]

    def iter_active(self, now: datetime, batch: int = 5000) -> Iterator[EnrolledTemplate]:
        return iter([e for e in self.rows.values() if e.retain_until > now])

    def count(self) -> int:
        return len(self.rows)

    def remove(self, template_id: str) -> bool:
        return self.rows.pop(template_id, None) is not None

    def remove_person(self, person_id: str) -> int:
        gone = [k for k, e in self.rows.items() if e.person_id == person_id]
        for k in gone:
            del self.rows[k]
        return len(gone)

    def remove_expired(self, now: datetime) -> list[str]:
        gone = [e for e in self.rows.values() if e.retain_until <= now]
        for e in gone:
            del self.rows[e.id]
        return [e.person_id for e in gone]


class FakeUnit:
    def __init__(self, people: set[str]) -> None:
        self.face_templates = FakeStore()
        self.people = {p: object() for p in people}
        self.audit = FakeAuditLog()


class Authoriser:
    def __init__(self, allowed: set[str] | None = None) -> None:
        self.allowed = allowed
        self.calls: list[tuple[str, str]] = []

    def __call__(self, principal: Principal, action: str, purpose: str) -> None:
        self.calls.append((action, purpose))
        if self.allowed is not None and action not in self.allowed:
            raise PermissionDenied(f"may not {action}")


@pytest.fixture
def uow() -> FakeUnit:
    return FakeUnit({"p-li", "p-li-alias", "p-wang"})


@pytest.fixture
def kit(uow: FakeUnit) -> FaceToolkit:
    images = FakeFaceImages()
    return FaceToolkit(
        images, FakeFaceEngine(images), uow.audit, FakeClock(), Authoriser(), fake_threshold()
    )


def enrol(uow: FakeUnit, kit: FaceToolkit, person: str, photo: bytes, **kw):
    source = kw.pop("source", TemplateSource.APPLICATION_PHOTO)
    return enrol_face(uow, kit, CLERK, person, photo, source, **kw)  # type: ignore[arg-type]


def test_a_good_photo_is_enrolled_sealable_and_audited(uow: FakeUnit, kit: FaceToolkit) -> None:
    result = enrol(uow, kit, "p-li", scene(face("li")))
    [stored] = uow.face_templates.for_person("p-li")
    assert stored.source is TemplateSource.APPLICATION_PHOTO
    assert stored.model_key == FAKE_MODEL.key
    assert stored.retain_until - stored.enrolled_at == timedelta(days=3653)
    assert stored.enrolled_by == "user:clerk.bj"
    shown = json.dumps(result.to_dict())
    assert f"{stored.template.values()[0]:.5f}" not in shown
    assert result.to_dict()["template"]["algorithm"] == "fake-face"
    [entry] = uow.audit.entries
    assert (entry.event.action, entry.event.outcome) == ("biometric.enrol", "enrolled")
    assert entry.event.purpose == "enrolment"
    assert entry.event.detail["template_id"] == stored.id
    assert kit.authorize.calls == [("biometric.enrol", "enrolment")]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("photo", "reason"),
    [
        (scene(), Reason.NO_FACE),
        (scene(face("li"), face("wang", x=100)), Reason.SEVERAL_FACES),
        (scene(face("li"), sharpness=2.0), Reason.BLURRED),
        (scene(face("li", yaw=0.5)), Reason.HEAD_TURNED),
    ],
)
def test_the_quality_gate_comes_first_and_stores_nothing(
    uow: FakeUnit, kit: FaceToolkit, photo: bytes, reason: Reason
) -> None:
    with pytest.raises(FaceQualityRejected) as refused:
        enrol(uow, kit, "p-li", photo)
    assert reason in {i.reason for i in refused.value.quality.issues}
    assert refused.value.status == 422
    assert uow.face_templates.count() == 0
    assert uow.audit.entries[-1].event.outcome == "face_quality_rejected"


def test_unreadable_uploads_unknown_people_and_bad_sources_are_refused(
    uow: FakeUnit, kit: FaceToolkit
) -> None:
    with pytest.raises(ValidationFailed):
        enrol(uow, kit, "p-li", b"not json, not an image")
    with pytest.raises(NotFound):
        enrol(uow, kit, "nobody", scene(face("li")))
    with pytest.raises(ValidationFailed, match="synthetic_demo"):
        enrol(uow, kit, "p-li", scene(face("li")), source=TemplateSource.SYNTHETIC_DEMO)
    past = kit.clock.now() - timedelta(days=1)
    with pytest.raises(ValidationFailed, match="future"):
        enrol(uow, kit, "p-li", scene(face("li")), retain_until=past)
    assert uow.face_templates.count() == 0
    assert len(uow.audit.entries) == 4  # every refusal is audited


def test_a_role_without_enrol_face_is_refused_before_any_work(uow: FakeUnit) -> None:
    images = FakeFaceImages()
    engine = FakeFaceEngine(images)
    kit = FaceToolkit(images, engine, uow.audit, FakeClock(), Authoriser(set()), fake_threshold())
    with pytest.raises(PermissionDenied):
        enrol(uow, kit, "p-li", scene(face("li")))
    assert engine.encoded == 0 and uow.face_templates.count() == 0


def test_retention_ends_and_removal_are_audited(uow: FakeUnit, kit: FaceToolkit) -> None:
    clock = kit.clock
    assert isinstance(clock, FakeClock)
    enrol(uow, kit, "p-li", scene(face("li")), retain_until=clock.now() + timedelta(days=5))
    enrol(uow, kit, "p-wang", scene(face("wang")))
    clock.advance(timedelta(days=5))
    assert expire_templates(uow.face_templates, uow.audit, clock, CLERK) == ["p-li"]
    assert [e.person_id for e in uow.face_templates.rows.values()] == ["p-wang"]
    with pytest.raises(ValidationFailed):
        remove_templates(uow, Authoriser(), clock, CLERK, "p-wang", "")
    assert remove_templates(uow, Authoriser(), clock, CLERK, "p-wang", "withdrawn") == 1
    actions = [e.event.action for e in uow.audit.entries]
    assert actions[-2:] == ["biometric.expire", "biometric.remove"]


def gallery_of(uow: FakeUnit, kit: FaceToolkit) -> ExactTemplateIndex:
    index = ExactTemplateIndex(FAKE_MODEL.key, FAKE_MODEL.dimension)
    load_gallery(uow.face_templates, index, kit.clock.now())
    return index


def test_one_face_under_two_identities_is_for_review_never_a_rejection(
    uow: FakeUnit, kit: FaceToolkit
) -> None:
    enrol(uow, kit, "p-li", scene(face("li")))
    enrol(uow, kit, "p-wang", scene(face("wang")))
    enrol(uow, kit, "p-li-alias", scene(face("li"), variant=3))  # same face, another identity
    index = gallery_of(uow, kit)
    assert len(index) == 3
    check = check_duplicate_identity(uow, kit, index, CLERK, "p-li-alias")
    assert check.status is DuplicateStatus.REVIEW and check.flagged
    assert check.reason_codes == (DUPLICATE_IDENTITY,)
    assert [c.subject_id for c in check.candidates] == ["p-li"]
    assert check.to_dict()["candidates"][0]["person_id"] == "p-li"
    clear = check_duplicate_identity(uow, kit, index, CLERK, "p-wang")
    assert clear.status is DuplicateStatus.CLEAR and clear.reason_codes == ()
    by_photo = check_duplicate_identity(
        uow, kit, index, CLERK, "p-new", scene(face("li"), variant=7)
    )
    assert [c.subject_id for c in by_photo.candidates][:2] == ["p-li", "p-li-alias"] or [
        c.subject_id for c in by_photo.candidates
    ][:2] == ["p-li-alias", "p-li"]
    no_face = check_duplicate_identity(uow, kit, index, CLERK, "p-new", scene())
    assert no_face.status is DuplicateStatus.NO_FACE
    nothing = check_duplicate_identity(uow, kit, index, CLERK, "p-unknown")
    assert nothing.status is DuplicateStatus.NO_REFERENCE
    searches = [e.event for e in uow.audit.entries if e.event.action == "biometric.search"]
    assert {e.purpose for e in searches} == {"duplicate_search"}
    assert [e.outcome for e in searches] == ["review", "clear", "review", "no_face", "no_reference"]


def test_the_whole_gallery_scan_lists_each_pair_of_people_once(
    uow: FakeUnit, kit: FaceToolkit
) -> None:
    enrol(uow, kit, "p-li", scene(face("li")))
    enrol(uow, kit, "p-li", scene(face("li"), variant=1))  # two templates of one person
    enrol(uow, kit, "p-li-alias", scene(face("li"), variant=2))
    enrol(uow, kit, "p-wang", scene(face("wang")))
    index = gallery_of(uow, kit)
    scan = scan_duplicate_identities(
        index, fake_threshold(), uow.audit, kit.clock, Authoriser(), CLERK
    )
    assert [(p.person_a, p.person_b) for p in scan.pairs] == [("p-li", "p-li-alias")]
    assert scan.to_dict()["reason_code"] == DUPLICATE_IDENTITY
    assert uow.audit.entries[-1].event.outcome == "flagged"


def test_index_removal_and_pairs() -> None:
    rng = np.random.default_rng(3)
    index = ExactTemplateIndex("m@1", 8, capacity=2)
    vectors = rng.standard_normal((5, 8))
    for i, v in enumerate(vectors):
        index.add(f"s{i}", Template("m@1", v.tolist()))
    index.add("twin", Template("m@1", (vectors[0] + 0.001).tolist()))
    assert [(a, b) for a, b, _ in index.pairs_at_or_above(0.99)] == [("s0", "twin")]
    assert index.remove("s0") == 1 and index.remove("s0") == 0
    assert len(index) == 5
    assert index.pairs_at_or_above(0.99) == []
    hit = index.search(Template("m@1", vectors[3].tolist()), 1)[0]
    assert hit.subject_id == "s3" and hit.score == pytest.approx(1.0, abs=1e-5)


def test_a_sealed_template_names_its_person() -> None:
    template = Template("m@1", [1.0, 2.0, 3.0])
    raw = bind_to_subject("p1", template)
    assert unbind_from_subject("p1", raw).similarity(template) == pytest.approx(1.0)
    with pytest.raises(ValidationFailed, match="another person"):
        unbind_from_subject("p2", raw)


def test_template_sources_have_chinese_labels() -> None:
    zh = gettext_for("zh-CN")
    assert all(zh(s.value) != s.value for s in TemplateSource)
    for reason in Reason:
        assert zh(MESSAGES[reason]) != MESSAGES[reason]
