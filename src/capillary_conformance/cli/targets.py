"""The nightly targets file: several hosts (regions), with credentials only from the environment."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from capillary_conformance.core.settings import (
    ConfigError,
    as_env_value,
    declared,
    env_name,
    from_env,
    meta,
    require_consent,
)

# The settings model's targets-file keys, and the two that name where a region's credentials are.
KEYS = frozenset(name for name in declared() if meta(name)["targets"])
CREDENTIAL_KEYS = {"username_env": "CAPILLARY_USERNAME", "password_env": "CAPILLARY_PASSWORD"}


@dataclass(frozen=True)
class Target:
    region: str
    env: dict[str, str]
    reads: tuple[str, ...] = ()  # the variables its credentials come from (``username_env``, ``password_env``)

    @property
    def host(self) -> str:
        return self.env.get("CAPILLARY_BASE_URL", "embedded sandbox")


def _target(entry: dict[str, Any], defaults: dict[str, Any], environ: Mapping[str, str], where: str) -> Target:
    merged = {**defaults, **entry}
    region = merged.get("region")
    if not isinstance(region, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", region):
        raise ConfigError(f"{where}: every [[target]] needs a region label of letters, digits, '-', '_' or '.'")
    unknown = sorted(set(merged) - KEYS - set(CREDENTIAL_KEYS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(KEYS | set(CREDENTIAL_KEYS)), n=1)
        meant = (
            f"did you mean {close[0]}?" if close else f"a target takes {', '.join(sorted(KEYS | set(CREDENTIAL_KEYS)))}"
        )
        raise ConfigError(f"{where} ({region}): unknown key {unknown[0]}: {meant}")
    env = {env_name(key): as_env_value(value) for key, value in merged.items() if key in KEYS}
    env[env_name("targets_file")] = str(Path(where).resolve())  # what a replay line of its runs names
    for key, setting in CREDENTIAL_KEYS.items():
        name = merged.get(key)
        if name is None:
            continue
        if not environ.get(name):
            raise ConfigError(f"{where} ({region}): {key} names ${name}, which is not set in the environment")
        env[setting] = environ[name]
    try:  # the same one-line errors as a single run, before any region starts
        require_consent(from_env(env))
    except ConfigError as error:
        raise ConfigError(f"{where} ({region}): {error}") from None
    return Target(region, env, tuple(str(merged[key]) for key in CREDENTIAL_KEYS if key in merged))


def load_targets(path: Path, environ: Mapping[str, str] | None = None) -> list[Target]:
    environ = os.environ if environ is None else environ
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read the targets file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the targets file {path} is not valid TOML: {error}") from None
    entries = data.get("target")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"the targets file {path} names no [[target]]")
    defaults = data.get("defaults", {})
    targets = [_target(entry, defaults, environ, str(path)) for entry in entries]
    regions = [t.region for t in targets]
    if len(set(regions)) != len(regions):
        raise ConfigError(f"the targets file {path} names a region twice: {', '.join(regions)}")
    return targets
