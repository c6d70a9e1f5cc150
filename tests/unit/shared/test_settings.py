from __future__ import annotations

import stat
from pathlib import Path

import pytest

from guomen.config import Settings, SettingsError, load_secrets, new_key


def test_development_keys_are_generated_once_with_mode_0600(tmp_path: Path) -> None:
    settings = Settings(environment="development", var_dir=tmp_path)
    first = load_secrets(settings)
    path = tmp_path / "keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secrets(settings) == first


def test_production_refuses_to_start_without_keys(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="GUOMEN_SECRET_KEY"):
        load_secrets(Settings(environment="production", var_dir=tmp_path))
    assert not (tmp_path / "keys.json").exists()


def test_production_takes_keys_from_the_environment(tmp_path: Path) -> None:
    settings = Settings(
        environment="production",
        var_dir=tmp_path,
        secret_key=new_key(),
        data_keys=f"k7:{new_key()},k6:{new_key()}",
        index_key=new_key(),
    )
    assert load_secrets(settings).active_key_id == "k7"


@pytest.mark.parametrize(
    "ring", ["k1", "k1:notbase64!!", "k1:" + "QUJD", f"a:{new_key()},a:{new_key()}"]
)
def test_bad_key_rings_are_refused_with_a_clear_message(tmp_path: Path, ring: str) -> None:
    settings = Settings(
        environment="production",
        var_dir=tmp_path,
        secret_key=new_key(),
        data_keys=ring,
        index_key=new_key(),
    )
    with pytest.raises(SettingsError):
        load_secrets(settings)


def test_sqlite_under_var_is_the_default(tmp_path: Path) -> None:
    url = Settings(var_dir=tmp_path).resolved_database_url()
    assert url == f"sqlite:///{tmp_path}/guomen.sqlite3"
