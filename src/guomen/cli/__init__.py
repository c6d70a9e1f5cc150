"""The `guomen` command line (Typer)."""
