"""`guomen face`: compare two face photos on the server (audited as the operator).

`verify` prints one JSON object: match, decision, score, threshold, target_fmr, calibration,
model and quality per image with reasons. Templates are never printed. Runs offline: the model
weights ship in a PyPI package; the comparison is recorded in the audit trail (run
`guomen db upgrade` once first).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from guomen.biometrics.model import Purpose
from guomen.cli.common import container, fail, user_errors
from guomen.identity.model import DataScope, Principal, Role, ScopeLevel
from guomen.shared.errors import GuomenError

if TYPE_CHECKING:
    from guomen.adapters.face import DlibFaceEngine

app = typer.Typer(help="Face verification (1:1).", no_args_is_help=True)

OPERATOR = Principal(
    "user", "cli", "cli:operator", Role.INSPECTION_OFFICER, DataScope(ScopeLevel.NATIONAL)
)


@app.callback()
def face() -> None:
    """Face verification (1:1); enrolment and 1:N search come with enrolment storage."""


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
