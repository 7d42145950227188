"""Settings: packaged defaults, then a TOML file, then COMMUNIQUE_* variables, then overrides."""

from __future__ import annotations

import dataclasses
import re

import pytest

import communique
from communique import ConfigError, Settings, load_settings
from communique.config import packaged_defaults


def test_defaults_file_and_settings_agree_and_every_key_is_documented():
    from importlib import resources

    assert set(packaged_defaults()) == {f.name for f in dataclasses.fields(Settings)}
    text = resources.files("communique").joinpath("defaults.toml").read_text()
    for key in packaged_defaults():
        # Each key is preceded by a comment line saying what it does.
        assert re.search(rf"#[^\n]+\n{key} = ", text), f"{key} has no comment in defaults.toml"
        assert f"`{key}`" in _readme() or key in _readme(), f"{key} missing from README"


def _readme() -> str:
    from pathlib import Path
    return (Path(__file__).parents[1] / "README.md").read_text()


def test_layers_override_in_order(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('db = "from-file.duckdb"\nbatch_size = 8\n')
    env = {"COMMUNIQUE_DB": "from-env.duckdb"}
    settings = load_settings(config, env=env)
    assert (settings.db, settings.batch_size) == ("from-env.duckdb", 8)
    assert load_settings(config, env=env, db="flag.duckdb").db == "flag.duckdb"


def test_environment_values_are_typed():
    settings = load_settings(env={"COMMUNIQUE_BATCH_SIZE": "16", "COMMUNIQUE_PAIRED_EVENTS": "no"})
    assert settings.batch_size == 16 and settings.paired_events is False


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": "many"}, "setting 'batch_size' must be int"),
    ({"colour": "red"}, "unknown setting 'colour'"),
])
def test_bad_settings_are_clear_errors(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, **kwargs)


def test_unreadable_config_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("db = [unclosed")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad, env={})
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(tmp_path / "missing.toml", env={})


def test_public_api_is_exported():
    for name in communique.__all__:
        assert hasattr(communique, name)
    assert {"Communique", "EventStore", "code_text", "Settings"} <= set(communique.__all__)
