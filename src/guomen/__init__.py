"""Guomen (国门): an open-source smart exit-entry platform."""

__version__ = "0.1.0"
