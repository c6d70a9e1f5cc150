"""The entitlement step of the clearance pipeline on the versioned entitlement tables."""

from __future__ import annotations

from collections.abc import Callable

from guomen.clearance.ports import Unavailable
from guomen.entitlement.model import EntitlementAssessment, EntitlementQuery
from guomen.entitlement.rules import assess
from guomen.entitlement.tables import EntitlementTables, load_tables


class TablesEntitlementCheck:
    """Answers with ``entitlement.rules.assess`` on the tables ``load`` gives (in the app:
    ``container.entitlement_tables``, which caches and reloads edited files). Tables that
    cannot be loaded make the step unavailable (ENTITLEMENT_UNAVAILABLE: refer)."""

    def __init__(self, load: Callable[[], EntitlementTables] = load_tables) -> None:
        self._load = load

    def tables(self) -> EntitlementTables:
        try:
            return self._load()
        except Exception as exc:  # a bad data folder must not stop a port
            raise Unavailable(f"entitlement tables: {exc}") from exc

    def assess(self, query: EntitlementQuery) -> EntitlementAssessment:
        return assess(self.tables(), query)
