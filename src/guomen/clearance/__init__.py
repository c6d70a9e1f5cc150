"""Clearance: the inspection pipeline, its decisions and the movement records."""
