"""Route × role rows of the command centre (flows). LUOHU is in the Shenzhen general station's
scope; duty commanders plan rosters, analysts and the service account read flows."""

from __future__ import annotations

FLOW_READERS = {"commander.sz", "analyst", "service"}
REGION = "粤港澳大湾区"

ROWS = [
    ("GET", "/flows", FLOW_READERS, 200),
    ("GET", "/flows?port=LUOHU", FLOW_READERS, 200),
    ("GET", "/api/v1/flows/ports/LUOHU/today", FLOW_READERS, 200),
    ("GET", "/api/v1/flows/ports/LUOHU/week", FLOW_READERS, 200),
    ("POST", "/api/v1/flows/ports/LUOHU/roster", {"commander.sz"}, 201),
    ("GET", f"/api/v1/flows/regions/{REGION}/reinforcement", FLOW_READERS, 200),
]

BODIES = {
    "/api/v1/flows/ports/LUOHU/roster": {"json": {"weeks": 1, "officers": 6, "time_limit_s": 1}},
}
