"""Reference data: ports, inspection stations, document-service offices, countries."""
