"""1:1 verification and 1:N search through fake ports: results, audit, no templates out."""

from __future__ import annotations

import json

import numpy as np
import pytest
from face_fakes import (
    FAKE_MODEL,
    FakeFaceEngine,
    FakeFaceImages,
    embedding,
    face,
    fake_threshold,
    scene,
)

from fakes import FakeAuditLog
from guomen.biometrics.index import ExactTemplateIndex
from guomen.biometrics.model import Decision, Purpose, Template
from guomen.biometrics.services import (
    FaceToolkit,
    SearchFaces,
    VerifyFaces,
    search_faces,
    verify_faces,
)
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.clock import FakeClock
from guomen.shared.errors import PermissionDenied, ServiceUnavailable, ValidationFailed

GATE = Principal(
    "token", "t1", "LUOHU gate 3", Role.EGATE_DEVICE, DataScope(ScopeLevel.NATIONAL), "LUOHU"
)


class Authoriser:
    def __init__(self, allowed: set[str] | None = None) -> None:
        self.allowed = allowed
        self.calls: list[tuple[str, str]] = []

    def __call__(self, principal: Principal, action: str, purpose: str) -> None:
        self.calls.append((action, purpose))
        if self.allowed is not None and action not in self.allowed:
            raise PermissionDenied(f"role {principal.role} may not {action}")


@pytest.fixture
def audit() -> FakeAuditLog:
    return FakeAuditLog()


@pytest.fixture
def kit(audit: FakeAuditLog) -> FaceToolkit:
    images = FakeFaceImages()
    return FaceToolkit(
        images, FakeFaceEngine(images), audit, FakeClock(), Authoriser(), fake_threshold()
    )


def verify(kit: FaceToolkit, probe: bytes, reference: bytes):
    return verify_faces(
        VerifyFaces(probe, reference, Purpose.EGATE_CLEARANCE, "E12345678"), kit, GATE
    )


def test_the_same_person_matches_and_the_comparison_is_audited_with_its_purpose(
    kit: FaceToolkit, audit: FakeAuditLog
) -> None:
    result = verify(kit, scene(face("li")), scene(face("li"), variant=1))
    assert result.match
    assert result.decision is Decision.MATCH
    assert result.score is not None and result.score >= result.threshold.value
    shown = result.to_dict()
    assert shown["match"] is True
    assert shown["threshold"] == 0.8
    assert shown["target_fmr"] == 0.001
    assert shown["model"] == {"name": "fake-face", "version": "1", "dimension": 32}
    assert shown["quality"]["probe"]["acceptable"] is True
    [entry] = audit.entries
    assert entry.event.action == "biometric.verify"
    assert entry.event.purpose == "egate_clearance"
    assert entry.event.object_id == "E12345678"
    assert entry.event.outcome == "match"
    assert entry.event.detail["model"] == FAKE_MODEL.key


def test_no_template_leaves_in_the_result_or_the_audit(
    kit: FaceToolkit, audit: FakeAuditLog
) -> None:
    result = verify(kit, scene(face("li")), scene(face("li"), variant=1))
    rendered = json.dumps(result.to_dict()) + repr(result) + repr(audit.entries)
    values = Template(FAKE_MODEL.key, embedding("li")).values()
    assert f"{values[0]:.4f}"[:6] not in rendered
    assert "Template(" not in repr(result)


def test_different_people_do_not_match(kit: FaceToolkit) -> None:
    result = verify(kit, scene(face("li")), scene(face("wang")))
    assert not result.match
    assert result.decision is Decision.NO_MATCH


def test_no_face_gives_no_score_and_a_reason(kit: FaceToolkit, audit: FakeAuditLog) -> None:
    result = verify(kit, scene(), scene(face("li")))
    assert result.score is None
    assert result.decision is Decision.NOT_COMPARABLE
    assert result.to_dict()["quality"]["probe"]["reasons"][0]["code"] == "no_face"
    assert audit.entries[0].event.outcome == "not_comparable"


def test_a_thumbnail_without_a_face_says_it_is_too_small(kit: FaceToolkit) -> None:
    result = verify(kit, scene(w=60, h=45), scene(face("li")))
    codes = [r["code"] for r in result.to_dict()["quality"]["probe"]["reasons"]]
    assert codes == ["no_face", "image_too_small"]


def test_a_poor_capture_asks_for_a_retake_even_if_the_score_is_high(kit: FaceToolkit) -> None:
    result = verify(kit, scene(face("li"), sharpness=3.0), scene(face("li"), variant=1))
    assert result.score is not None and result.score >= 0.8
    assert result.decision is Decision.RECAPTURE
    assert not result.match
    codes = [r["code"] for r in result.to_dict()["quality"]["probe"]["reasons"]]
    assert codes == ["blurred"]


def test_unusable_input_is_refused_and_still_audited(kit: FaceToolkit, audit: FakeAuditLog) -> None:
    with pytest.raises(ValidationFailed):
        verify(kit, b"%PDF-1.7 not a picture", scene(face("li")))
    assert audit.entries[0].event.outcome == "photo_not_an_image"


def test_a_principal_without_the_right_is_refused_before_any_work(audit: FakeAuditLog) -> None:
    images = FakeFaceImages()
    engine = FakeFaceEngine(images)
    kit = FaceToolkit(images, engine, audit, FakeClock(), Authoriser(set()), fake_threshold())
    with pytest.raises(PermissionDenied):
        verify(kit, scene(face("li")), scene(face("li")))
    assert engine.encoded == 0
    assert audit.entries == []


def test_a_threshold_for_another_model_is_refused(audit: FakeAuditLog) -> None:
    images = FakeFaceImages()
    other = fake_threshold()
    other = type(other)(0.8, 0.001, "other@2", 100, "x")
    kit = FaceToolkit(images, FakeFaceEngine(images), audit, FakeClock(), Authoriser(), other)
    with pytest.raises(ServiceUnavailable):
        verify(kit, scene(face("li")), scene(face("li")))


def gallery(people: int) -> ExactTemplateIndex:
    index = ExactTemplateIndex(FAKE_MODEL.key, FAKE_MODEL.dimension, block_rows=64)
    for n in range(people):
        index.add(f"P{n:05d}", Template(FAKE_MODEL.key, embedding(f"person-{n}")))
    return index


def test_search_flags_one_face_behind_two_identities(kit: FaceToolkit, audit: FakeAuditLog) -> None:
    index = gallery(500)
    index.add("P-ZHANG-1", Template(FAKE_MODEL.key, embedding("zhang", 1)))
    index.add("P-ZHANG-2", Template(FAKE_MODEL.key, embedding("zhang", 2)))
    command = SearchFaces(scene(face("zhang"), variant=3), Purpose.DUPLICATE_SEARCH, "P-ZHANG-2")
    outcome = search_faces(command, kit, index, GATE)
    assert [c.subject_id for c in outcome.flagged] == ["P-ZHANG-1"]
    assert outcome.candidates[0].subject_id == "P-ZHANG-1"
    assert all(c.subject_id != "P-ZHANG-2" for c in outcome.candidates)
    assert len(outcome.candidates) == 10
    assert outcome.to_dict()["gallery_size"] == 502
    assert audit.entries[-1].event.action == "biometric.search"
    assert audit.entries[-1].event.outcome == "flagged"
    assert audit.entries[-1].event.purpose == "duplicate_search"


def test_search_of_a_new_face_flags_nobody(kit: FaceToolkit, audit: FakeAuditLog) -> None:
    outcome = search_faces(
        SearchFaces(scene(face("newcomer")), Purpose.DUPLICATE_SEARCH, "A1", k=3),
        kit,
        gallery(200),
        GATE,
    )
    assert outcome.flagged == ()
    assert len(outcome.candidates) == 3
    assert audit.entries[-1].event.outcome == "clear"


def test_search_without_a_face_returns_reasons(kit: FaceToolkit) -> None:
    outcome = search_faces(SearchFaces(scene(), Purpose.DUPLICATE_SEARCH), kit, gallery(5), GATE)
    assert outcome.candidates == ()
    assert outcome.quality.to_dict()["reasons"][0]["code"] == "no_face"


def test_search_bounds_k(kit: FaceToolkit) -> None:
    with pytest.raises(ValidationFailed):
        search_faces(
            SearchFaces(scene(face("a")), Purpose.DUPLICATE_SEARCH, k=0), kit, gallery(1), GATE
        )


def test_fake_embeddings_are_deterministic() -> None:
    a = np.array(embedding("x"))
    assert np.array_equal(a, np.array(embedding("x")))
