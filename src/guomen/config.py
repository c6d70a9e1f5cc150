"""The one Settings object. The only module that reads os.environ (through pydantic-settings).

Secrets (session secret, data-encryption key ring, blind-index key) come from the environment
in production. In development they are generated once into ``var/`` with mode 0600.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(Exception):
    """Configuration that cannot be used; the message says what to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GUOMEN_", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    var_dir: Path = Path("var")
    database_url: str = ""
    secret_key: str = ""
    data_keys: str = Field(
        default="",
        description="Data-encryption key ring: 'id:base64key,id:base64key'; the first is active.",
    )
    index_key: str = Field(default="", description="Base64 key for HMAC blind indexes.")
    timezone: str = "Asia/Shanghai"
    language: Literal["zh-CN", "en"] = "zh-CN"
    host: str = "127.0.0.1"
    port: int = 8000
    cookie_secure: bool = True
    session_minutes: int = 480
    max_request_bytes: int = 1_048_576
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    face_target_fmr: float = Field(default=0.001, gt=0, lt=0.5)
    entitlement_dir: Path | None = None  # a folder with the entitlement tables' YAML files
    # Clearance degraded mode: the port's local write-ahead journal (default var/) and how
    # often a degraded port tries the central database again.
    clearance_journal: Path | None = None
    clearance_retry_seconds: float = Field(default=5.0, ge=0)
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    # Applicant portal: demo pages (outbox, fake payment gateway), notifications, payments.
    demo: bool = False
    smtp_host: str = ""  # empty: e-mail goes only to the outbox (demo, tests)
    smtp_port: int = 587
    smtp_from: str = "noreply@guomen.invalid"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    payment_key: str = Field(
        default="", description="Base64 32-byte HMAC key of payment callbacks; else derived."
    )
    public_base_url: str = ""  # printed in receipt QR codes; else the request's own base URL

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'guomen.sqlite3').as_posix()}"


@dataclass(frozen=True)
class Secrets:
    secret_key: bytes
    data_keys: tuple[tuple[str, bytes], ...]
    index_key: bytes

    @property
    def active_key_id(self) -> str:
        return self.data_keys[0][0]


def _b64(value: str, what: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError as exc:
        raise SettingsError(f"{what} is not valid base64") from exc
    if len(raw) != 32:
        raise SettingsError(f"{what} must decode to 32 bytes, got {len(raw)}")
    return raw


def parse_key_ring(text: str) -> tuple[tuple[str, bytes], ...]:
    ring: list[tuple[str, bytes]] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        key_id, sep, value = item.partition(":")
        if not sep or not key_id:
            raise SettingsError("GUOMEN_DATA_KEYS entries must look like 'id:base64key'")
        ring.append((key_id, _b64(value, f"data key {key_id!r}")))
    if not ring:
        raise SettingsError("GUOMEN_DATA_KEYS is empty")
    if len({k for k, _ in ring}) != len(ring):
        raise SettingsError("GUOMEN_DATA_KEYS has duplicate key ids")
    return tuple(ring)


def format_key_ring(ring: tuple[tuple[str, bytes], ...]) -> str:
    return ",".join(f"{kid}:{base64.urlsafe_b64encode(key).decode()}" for kid, key in ring)


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def keys_file(settings: Settings) -> Path:
    return settings.var_dir / "keys.json"


def _read_keys_file(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SettingsError(f"{path} is not a JSON object")
    return {str(k): str(v) for k, v in data.items()}


def write_keys_file(path: Path, data: dict[str, str]) -> None:
    """Write secrets atomically with mode 0600 (never readable by other users)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_secrets(settings: Settings) -> Secrets:
    """Secrets from the environment, else (outside production) from var/keys.json, made once."""
    values = {
        "secret_key": settings.secret_key,
        "data_keys": settings.data_keys,
        "index_key": settings.index_key,
    }
    if not all(values.values()):
        if settings.environment == "production":
            missing = [f"GUOMEN_{k.upper()}" for k, v in values.items() if not v]
            raise SettingsError("production mode needs " + ", ".join(missing))
        path = keys_file(settings)
        stored = _read_keys_file(path) if path.exists() else {}
        generated = {
            "secret_key": stored.get("secret_key") or new_key(),
            "data_keys": stored.get("data_keys") or f"k1:{new_key()}",
            "index_key": stored.get("index_key") or new_key(),
        }
        if generated != stored:
            write_keys_file(path, generated)
        values = {k: v or generated[k] for k, v in values.items()}
    return Secrets(
        secret_key=_b64(values["secret_key"], "GUOMEN_SECRET_KEY"),
        data_keys=parse_key_ring(values["data_keys"]),
        index_key=_b64(values["index_key"], "GUOMEN_INDEX_KEY"),
    )
