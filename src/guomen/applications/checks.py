"""The checks intake runs, behind the ports in :mod:`guomen.applications.ports`:

* :class:`ListScreening` — deny-exit list screening through ``guomen.screening.screen.
  screen_person`` (the index from ``container.screening()``). A ``deny_exit`` hit, match or
  possible, puts the application on hold for a person to decide; never a rejection.
* :class:`NoDuplicateCheck` — the biometric 1:N duplicate-identity check until biometrics
  provides ``check_duplicate_identity``; it records that no check was made.
"""

from __future__ import annotations

from guomen.applications.model import Application
from guomen.applications.ports import DuplicateFinding, ScreeningFinding
from guomen.audit.ports import AuditLog
from guomen.identity.model import Principal
from guomen.screening.index import IndexHolder
from guomen.screening.matching import BirthDate, Decision, Query
from guomen.screening.screen import screen_person
from guomen.shared.clock import Clock

DENY_EXIT = "deny_exit"
PURPOSE = "exit-entry document application intake"


def screening_query(application: Application) -> Query:
    p = application.applicant
    names = tuple(n for n in (p.full_name.replace(",", ""), p.name_zh) if n.strip())
    birth = BirthDate(p.birth_date.year, p.birth_date.month, p.birth_date.day)
    return Query(names=names, birth_date=birth, nationality=p.nationality, sex=p.sex)


class ListScreening:
    def __init__(self, holder: IndexHolder, clock: Clock) -> None:
        self._holder = holder
        self._clock = clock

    def screen(
        self, application: Application, principal: Principal, audit: AuditLog
    ) -> ScreeningFinding:
        # The system screens on the clerk's behalf: clerks do not read watchlists themselves.
        outcome = screen_person(
            self._holder, self._clock, audit, None, screening_query(application), purpose=PURPOSE
        )
        hits = [
            h
            for h in outcome.hits
            if h.list_type == DENY_EXIT and h.decision in (Decision.MATCH, Decision.POSSIBLE)
        ]
        reasons = tuple(f"deny_exit_{h.decision.value}:{h.entry_id}" for h in hits)
        return ScreeningFinding(bool(hits), reasons or ("screened_no_deny_exit_hit",))


class NoDuplicateCheck:
    def check(self, application: Application, principal: Principal) -> DuplicateFinding:
        return DuplicateFinding(False, ("biometric_duplicate_check_not_configured",))
