"""The accounts of the route × role matrix (tests/e2e/test_route_role_matrix.py).

Capabilities add their own rows in ``tests/matrix_<capability>.py`` modules, each with:

- ``ROWS``: ``(method, path template, who succeeds, success status)`` tuples;
- ``BODIES`` (optional): path template → request keyword arguments (``json``, ``data``, ``files``,
  ``content``, ``headers``); string values in ``data`` and ``json`` may use ``{placeholders}``;
- ``values(container) -> dict[str, str]`` (optional): placeholder values, computed once.

Path templates may use the placeholders of the base matrix (``{person}``, ``{state}``,
``{number}``, ``{dummy}``) and those a module's ``values`` returns.
"""

from __future__ import annotations

HUMANS = [
    "inspector.luohu",
    "inspector.pek",
    "backoffice.sz",
    "commander.sz",
    "clerk.bj",
    "approver.bj",
    "analyst",
    "admin",
    "auditor",
]
TOKENS = ["egate", "kiosk", "service"]
EVERYONE = set(HUMANS) | set(TOKENS)
