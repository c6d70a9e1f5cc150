"""Done-when of issue 6: 1:N flags the planted duplicate identity in the demo data.

The demo enrols synthetic templates (no photos) for its people and plants one face behind two
different identities; `guomen face duplicates` must report exactly that pair, and the
per-person duplicate check must flag each of the two against the other."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from guomen.adapters.face.calibration import SHIPPED_MODEL, shipped_search_threshold
from guomen.biometrics.enrolment import DUPLICATE_IDENTITY, DuplicateStatus
from guomen.cli.main import app
from guomen.demo.faces import DEMO_FACE_LIMIT, planted_duplicate
from guomen.demo.load import DemoSize, load_people
from support import migrated_container


def test_demo_load_plants_one_duplicate_that_the_scan_finds(tmp_path: Path) -> None:
    env = {
        "GUOMEN_VAR_DIR": str(tmp_path),
        "GUOMEN_ARGON2_MEMORY_KIB": "1024",
        "GUOMEN_ARGON2_TIME_COST": "1",
    }
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    loaded = runner.invoke(app, ["demo", "load", "--people", "400", "--months", "1"], env=env)
    assert loaded.exit_code == 0, loaded.output

    scan = runner.invoke(app, ["face", "duplicates"], env=env)
    assert scan.exit_code == 1, scan.output  # 1: pairs found, for review
    report = json.loads(scan.output)
    assert report["gallery_size"] == 400
    assert len(report["pairs"]) == 1
    pair = report["pairs"][0]
    assert pair["score"] >= report["threshold"]

    from guomen.bootstrap import build_container
    from guomen.config import Settings

    c = build_container(Settings(var_dir=tmp_path))
    try:
        with c.uow() as uow:
            planted = planted_duplicate(uow)
            assert planted is not None
            a, b = (uow.people.get(pid) for pid in planted)
            docs_a = {d.number for d in uow.documents.for_person(a.id)}
            docs_b = {d.number for d in uow.documents.for_person(b.id)}
        assert {pair["person_a"], pair["person_b"]} == {a.id, b.id}
        assert a.full_name != b.full_name
        assert a.birth_date != b.birth_date
        assert docs_a and docs_b and not docs_a & docs_b
    finally:
        c.close()


def test_per_person_check_flags_the_other_identity(tmp_path: Path, database_url: str) -> None:
    from guomen.adapters.face.calibration import shipped_threshold
    from guomen.biometrics.enrolment import check_duplicate_identity
    from guomen.biometrics.services import FaceToolkit
    from guomen.identity.model import DataScope, Principal, Role, ScopeLevel

    c = migrated_container(tmp_path, database_url)
    try:
        load_people(c.uow, c.clock, DemoSize(people=300, months=1, seed=9))
        gallery = c.face_gallery()
        assert len(gallery) == min(300, DEMO_FACE_LIMIT)
        with c.uow() as uow:
            planted = planted_duplicate(uow)
            enrolled = sorted(
                r[0] for r in uow.conn.exec_driver_sql("SELECT person_id FROM face_templates")
            )
        assert planted is not None
        first, second = planted

        class _NoImages:  # the check runs on enrolled templates: no photo, no engine call
            pass

        class _Engine:
            model = SHIPPED_MODEL

        clerk = Principal(
            "user", "u1", "clerk.bj", Role.SERVICE_CLERK, DataScope(ScopeLevel.OFFICE, "OF-BJ-01")
        )
        with c.uow() as uow:
            kit = FaceToolkit(
                _NoImages(),  # type: ignore[arg-type]
                _Engine(),  # type: ignore[arg-type]
                uow.audit,
                c.clock,
                lambda p, a, why: None,
                shipped_threshold(),
                shipped_search_threshold(),
            )
            flagged = check_duplicate_identity(uow, kit, gallery, clerk, first)
            others = [pid for pid in enrolled if pid not in planted]
            clear = check_duplicate_identity(uow, kit, gallery, clerk, others[0])
            uow.commit()
        assert flagged.status is DuplicateStatus.REVIEW
        assert flagged.reason_codes == (DUPLICATE_IDENTITY,)
        assert [cand.subject_id for cand in flagged.candidates] == [second]
        assert flagged.candidates[0].score > 0.9
        assert clear.status is DuplicateStatus.CLEAR and clear.candidates == ()
    finally:
        c.close()
