"""`guomen keys`: data-encryption key rotation."""

from __future__ import annotations

import typer

from guomen.adapters.crypto import FieldCipher
from guomen.adapters.db.rotation import key_usage, rotate_all
from guomen.cli.common import container, fail, user_errors
from guomen.config import (
    format_key_ring,
    keys_file,
    load_secrets,
    new_key,
    parse_key_ring,
    write_keys_file,
)

app = typer.Typer(help="Encryption keys for personal data.", no_args_is_help=True)


@app.command()
@user_errors
def rotate() -> None:
    """Make a new data key active and re-encrypt every sealed value with it.

    With keys in var/keys.json (development), a new key is generated and put first. With
    GUOMEN_DATA_KEYS set (production), put the new key first there, restart, then run this
    to re-encrypt; old keys can be removed once `guomen keys usage` shows them unused."""
    c = container()
    settings = c.settings
    if not settings.data_keys:
        path = keys_file(settings)
        if not path.exists():
            raise fail(f"{path} not found")
        import json

        stored = json.loads(path.read_text(encoding="utf-8"))
        ring = parse_key_ring(stored["data_keys"])
        next_id = f"k{max(int(k[1:]) for k, _ in ring if k[1:].isdigit()) + 1}"
        stored["data_keys"] = format_key_ring(parse_key_ring(f"{next_id}:{new_key()}") + ring)
        write_keys_file(path, stored)
        typer.echo(f"new active key {next_id} written to {path}")
    secrets = load_secrets(settings)
    cipher = FieldCipher(secrets.data_keys, secrets.index_key)
    changed = rotate_all(c.engine, cipher)
    typer.echo(f"re-encrypted {changed} rows with key {cipher.active_key_id}")


@app.command()
@user_errors
def usage() -> None:
    """How many sealed values each key id still protects."""
    c = container()
    for key_id, count in sorted(key_usage(c.engine, c.cipher).items()):
        typer.echo(f"{key_id}: {count}")
