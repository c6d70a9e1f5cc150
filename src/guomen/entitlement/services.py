"""Use cases of the entitlement tables (reference data, not personal data: authorised only)."""

from __future__ import annotations

from collections.abc import Callable

from guomen.entitlement.tables import EntitlementTables
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize


def read_tables(tables: Callable[[], EntitlementTables], principal: Principal) -> EntitlementTables:
    """The tables in use, for anyone who may read reference data."""
    authorize(principal, Action.READ_REFERENCE)
    return tables()
