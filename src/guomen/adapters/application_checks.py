"""The intake checks of the applications capability, wired to the running platform:

* deny-exit screening over the live screening index (``container.screening()``);
* the biometric 1:N duplicate-identity check (``guomen.biometrics.enrolment.
  check_duplicate_identity``) over the shared face gallery, with the person's enrolled
  templates as probes. A look-alike under another identity puts the application on hold for an
  officer (a lead, never a rejection); when no person record or no enrolled face exists, or the
  face engine is not available, the history says so and intake goes on.

Build them before the unit of work that runs intake opens (the gallery and the screening index
load through their own connections), then pass the unit of work in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.applications.checks import ListScreening
from guomen.applications.model import Application
from guomen.applications.ports import DuplicateFinding
from guomen.applications.services import IntakeChecks
from guomen.biometrics.enrolment import DuplicateStatus, check_duplicate_identity
from guomen.biometrics.services import FaceToolkit
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.shared.errors import GuomenError

if TYPE_CHECKING:
    from guomen.bootstrap import Container


def _authorize(principal: Principal, action: str, purpose: str) -> None:
    authorize(principal, Action(action), purpose=purpose)


class FaceDuplicates:
    def __init__(self, container: Container, uow: SqlUnitOfWork) -> None:
        self._c = container
        self._uow = uow

    def check(self, application: Application, principal: Principal) -> DuplicateFinding:
        if not application.person_id:
            return DuplicateFinding(False, ("biometric_no_person_record",))
        try:
            from guomen.adapters.face.calibration import (
                shipped_search_threshold,
                shipped_threshold,
            )

            images, engine = self._c.face_parts()
            fmr = self._c.settings.face_target_fmr
            kit = FaceToolkit(
                images,
                engine,
                self._uow.audit,
                self._c.clock,
                _authorize,
                shipped_threshold(fmr),
                shipped_search_threshold(fmr),
            )
            result = check_duplicate_identity(
                self._uow, kit, self._c.face_gallery(), principal, application.person_id
            )
        except (GuomenError, ImportError, OSError) as exc:
            code = getattr(exc, "code", type(exc).__name__)
            return DuplicateFinding(False, (f"biometric_check_unavailable:{code}",))
        if result.status is DuplicateStatus.REVIEW:
            found = ",".join(c.subject_id for c in result.candidates)
            return DuplicateFinding(True, (f"face_duplicate_identity:{found}"[:300],))
        return DuplicateFinding(False, (f"biometric_{result.status.value}",))


def prepare(container: Container) -> None:
    """Load what the checks read through their own connections (call outside a uow)."""
    container.screening()
    container.face_gallery()


def intake_checks(container: Container, uow: SqlUnitOfWork) -> IntakeChecks:
    return IntakeChecks(
        ListScreening(container.screening(), container.clock), FaceDuplicates(container, uow)
    )
