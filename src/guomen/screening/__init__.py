"""Screening: watchlists (边控/布控), cross-script name matching and hit review."""
