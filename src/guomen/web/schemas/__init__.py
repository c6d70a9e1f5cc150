"""API schemas (XCreate / XPublic): never domain classes on the wire."""
