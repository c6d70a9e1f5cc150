"""The web shell: FastAPI app factory, pages, JSON API."""
