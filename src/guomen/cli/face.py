"""`guomen face`: faces on the server, as the operator (every command audited).

* `verify IMG_A IMG_B` prints one JSON object: match, decision, score, threshold, target_fmr,
  calibration, model and quality per image with reasons. Runs offline: the model weights ship
  in a PyPI package.
* `enroll --person ID IMG [--source ...] [--retain-until DATE]` stores the sealed template of
  the one face in IMG as a reference for person ID (quality gate first; nothing stored if it
  fails).
* `search IMG [--top 5]` finds the most similar enrolled people (1:N).
* `duplicates [--threshold T]` lists every pair of different people whose enrolled faces
  match: one face behind two identities, for review.
* `expire` deletes templates whose retention has ended (run daily).

Templates are never printed. Run `guomen db upgrade` once first (the audit trail and the
enrolment table live in the database).
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from guomen.biometrics.model import Purpose, TemplateSource
from guomen.cli.common import container, fail, user_errors
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.errors import GuomenError

if TYPE_CHECKING:
    from guomen.adapters.face import DlibFaceEngine
    from guomen.biometrics.ports import AuditSink
    from guomen.biometrics.services import FaceToolkit
    from guomen.bootstrap import Container

MAX_BYTES = 15_000_000

app = typer.Typer(
    help="Faces: verify (1:1), enrol, search (1:N), duplicates.", no_args_is_help=True
)

OPERATOR = Principal(
    "user", "cli", "cli:operator", Role.INSPECTION_OFFICER, DataScope(ScopeLevel.NATIONAL)
)


@app.callback()
def face() -> None:
    """Faces: verification (1:1), enrolment, 1:N search and the duplicate-identity scan."""


def _operator_may(principal: Principal, action: str, purpose: str) -> None:
    """The operator's command line on the server is trusted like `guomen registry`; the
    comparison is still audited with its purpose."""


@functools.cache
def _engine() -> DlibFaceEngine:
    """Loaded once per process (about a second: weights and their checksum)."""
    from guomen.adapters.face import DlibFaceEngine

    return DlibFaceEngine()


def _read(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise fail(f"{path} is not a file")
    if path.stat().st_size > max_bytes:
        raise fail(f"{path} is larger than {max_bytes:,} bytes")
    return path.read_bytes()


@app.command()
@user_errors
def verify(
    image_a: Path = typer.Argument(..., help="The live capture (or first photo)."),
    image_b: Path = typer.Argument(..., help="The reference: document portrait or photo on file."),
    purpose: Purpose = typer.Option(Purpose.OPERATOR_CHECK, help="Why; recorded in the audit."),
    target_fmr: float = typer.Option(0.001, min=1e-9, max=0.5, help="Target false-match rate."),
    subject: str = typer.Option("", help="What is verified (document or application id)."),
) -> None:
    """Compare the faces in IMAGE_A and IMAGE_B; print JSON with score, threshold and match."""
    from guomen.adapters.face import PillowFaceImages
    from guomen.adapters.face.calibration import shipped_threshold
    from guomen.biometrics.services import FaceToolkit, VerifyFaces, verify_faces

    images = PillowFaceImages()
    probe, reference = _read(image_a, images.max_bytes), _read(image_b, images.max_bytes)
    engine = _engine()
    c = container()
    with c.uow() as uow:
        kit = FaceToolkit(
            images, engine, uow.audit, c.clock, _operator_may, shipped_threshold(target_fmr)
        )
        command = VerifyFaces(probe, reference, purpose, subject_ref=subject)
        try:
            result = verify_faces(command, kit, OPERATOR)
        except GuomenError:
            uow.commit()  # the audit entry of a refused input stays
            raise
        uow.commit()
    typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))


def _toolkit(c: Container, audit: AuditSink, target_fmr: float) -> FaceToolkit:
    from guomen.adapters.face import PillowFaceImages
    from guomen.adapters.face.calibration import shipped_search_threshold, shipped_threshold
    from guomen.biometrics.services import FaceToolkit

    return FaceToolkit(
        PillowFaceImages(),
        _engine(),
        audit,
        c.clock,
        _operator_may,
        shipped_threshold(target_fmr),
        shipped_search_threshold(target_fmr),
    )


def _echo(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


@app.command()
@user_errors
def enroll(
    image: Path = typer.Argument(..., help="A photo with exactly one face."),
    person: str = typer.Option(..., "--person", help="The person id the face belongs to."),
    source: TemplateSource = typer.Option(
        TemplateSource.APPLICATION_PHOTO, help="Where the photo comes from."
    ),
    retain_until: datetime | None = typer.Option(
        None,
        formats=["%Y-%m-%d"],
        help="End of the retention of the document or application (default: ten years).",
    ),
) -> None:
    """Store the sealed template of the face in IMAGE for person ID; print JSON (no template)."""
    from guomen.biometrics.enrolment import enrol_face

    c = container()
    data = _read(image, MAX_BYTES)
    until = None if retain_until is None else datetime.combine(retain_until.date(), time(), UTC)
    with c.uow() as uow:
        kit = _toolkit(c, uow.audit, c.settings.face_target_fmr)
        try:
            result = enrol_face(uow, kit, OPERATOR, person, data, source, retain_until=until)
        except GuomenError:
            uow.commit()  # the audit entry of the refusal stays; nothing else was written
            raise
        uow.commit()
    _echo(result.to_dict())


@app.command()
@user_errors
def search(
    image: Path = typer.Argument(..., help="The face to look for."),
    top: int = typer.Option(5, "--top", min=1, max=100, help="How many candidates."),
    purpose: Purpose = typer.Option(Purpose.OPERATOR_CHECK, help="Why; recorded in the audit."),
) -> None:
    """1:N: the enrolled people most similar to the face in IMAGE, best first (JSON)."""
    from guomen.biometrics.services import SearchFaces, search_faces

    c = container()
    data = _read(image, MAX_BYTES)
    gallery = c.face_gallery()
    with c.uow() as uow:
        kit = _toolkit(c, uow.audit, c.settings.face_target_fmr)
        try:
            result = search_faces(SearchFaces(data, purpose, k=top), kit, gallery, OPERATOR)
        except GuomenError:
            uow.commit()
            raise
        uow.commit()
    _echo(result.to_dict())


@app.command()
@user_errors
def duplicates(
    threshold: float | None = typer.Option(
        None, min=-1.0, max=1.0, help="Cosine similarity to flag (default: the 1:N threshold)."
    ),
    target_fmr: float = typer.Option(0.001, min=1e-9, max=0.5, help="Target false-match rate."),
) -> None:
    """Every pair of different people whose enrolled faces match (JSON); exit code 1 if any."""
    from guomen.adapters.face.calibration import shipped_search_threshold
    from guomen.biometrics.enrolment import scan_duplicate_identities
    from guomen.biometrics.rules import Threshold

    c = container()
    chosen = shipped_search_threshold(target_fmr)
    if threshold is not None:
        chosen = Threshold(threshold, target_fmr, chosen.model_key, 0, "set on the command line")
    gallery = c.face_gallery()
    with c.uow() as uow:
        scan = scan_duplicate_identities(
            gallery, chosen, uow.audit, c.clock, _operator_may, OPERATOR
        )
        uow.commit()
    _echo(scan.to_dict())
    if scan.pairs:
        raise typer.Exit(code=1)


@app.command()
@user_errors
def expire() -> None:
    """Delete every face template whose retention has ended; print how many."""
    from guomen.biometrics.enrolment import expire_templates

    c = container()
    with c.uow() as uow:
        people = expire_templates(uow.face_templates, uow.audit, c.clock, OPERATOR)
        uow.commit()
    _echo({"removed": len(people), "people": len(set(people))})
