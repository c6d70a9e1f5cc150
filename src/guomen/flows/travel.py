"""Travel times between ports for reinforcement: an estimate, not a timetable.

The reference data has no coordinates, so this module keeps its own table of approximate port
locations (WGS 84, about ±2 km, read off public maps). Time = great-circle distance × `ROAD_FACTOR`
(roads are not straight) ÷ `SPEED_KMH`, plus `HANDOVER_MINUTES` to leave one post and take over at
the other. Ports missing from the table are not offered as lenders.
"""

from __future__ import annotations

import math

ROAD_FACTOR = 1.3
SPEED_KMH = 50.0
HANDOVER_MINUTES = 20.0
EARTH_KM = 6371.0

COORDINATES: dict[str, tuple[float, float]] = {
    "PEK": (40.080, 116.584), "PKX": (39.509, 116.411), "TSN": (39.124, 117.346),
    "TIANJIN": (38.980, 117.810), "PVG": (31.144, 121.808), "SHA": (31.198, 121.336),
    "HGH": (30.229, 120.434), "WUSONGKOU": (31.390, 121.510), "NINGBO": (29.940, 121.880),
    "CAN": (23.392, 113.299), "SZX": (22.639, 113.811), "NANSHA": (22.760, 113.630),
    "SHEKOU": (22.480, 113.910), "LUOHU": (22.532, 114.113), "HUANGGANG": (22.522, 114.075),
    "FUTIAN": (22.515, 114.066), "SZBAY": (22.497, 113.946), "WENJINDU": (22.540, 114.122),
    "SHATOUJIAO": (22.546, 114.227), "LIANTANG": (22.563, 114.160),
    "GONGBEI": (22.216, 113.549), "HENGQIN": (22.139, 113.546), "HZMB": (22.200, 113.585),
    "QINGMAO": (22.213, 113.545), "WESTKOWLOON": (22.304, 114.166),
    "XMN": (24.544, 118.128), "FOC": (25.935, 119.663), "XMCRUISE": (24.470, 118.070),
    "WUTONG": (24.500, 118.190), "HAK": (19.935, 110.459), "SYX": (18.303, 109.412),
    "TAO": (36.362, 120.088), "QINGDAO": (36.080, 120.310), "HRB": (45.623, 126.250),
    "HEIHE": (50.240, 127.530), "DANDONG": (40.120, 124.390), "HUNCHUN": (42.550, 130.500),
    "SUIFENHE": (44.400, 131.180), "MANZHOULI": (49.590, 117.440), "ERENHOT": (43.660, 111.970),
    "ERENHOT-RAIL": (43.650, 111.980), "KMG": (25.102, 102.929), "RUILI": (24.000, 97.860),
    "MOHAN": (21.180, 101.690), "MOHAN-RAIL": (21.190, 101.690), "HEKOU": (22.510, 103.960),
    "DONGXING": (21.550, 107.970), "YOUYIGUAN": (22.010, 106.730),
    "PINGXIANG-RAIL": (22.100, 106.760), "URC": (43.907, 87.474), "HORGOS": (44.210, 80.420),
    "ALASHANKOU": (45.170, 82.570), "KHUNJERAB": (37.770, 75.230), "GYIRONG": (28.300, 85.350),
    "ZHANGMU": (27.990, 85.980), "TFU": (30.313, 104.441), "CKG": (29.719, 106.642),
    "XIY": (34.447, 108.752),
}  # fmt: skip


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def travel_minutes(origin: str, destination: str) -> float | None:
    """Estimated door-to-post minutes, or None when a port's location is not known."""
    if origin == destination:
        return 0.0
    a, b = COORDINATES.get(origin), COORDINATES.get(destination)
    if a is None or b is None:
        return None
    return HANDOVER_MINUTES + distance_km(a, b) * ROAD_FACTOR / SPEED_KMH * 60
