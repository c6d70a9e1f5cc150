"""Importers for external flow data: HK ImmD daily passenger traffic, US CBP airport waits."""

from guomen.flows.importers.cbp_awt import parse_cbp_awt, read_cbp_awt
from guomen.flows.importers.hk_immd import KNOWN_CONTROL_POINTS, parse_hk_immd, read_hk_immd

__all__ = [
    "KNOWN_CONTROL_POINTS",
    "parse_cbp_awt",
    "parse_hk_immd",
    "read_cbp_awt",
    "read_hk_immd",
]
