"""The nightly targets file: several hosts (regions), with credentials only from the environment."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from capillary_conformance.harness.settings import ConfigError, from_env, require_write_permission

FIELDS = {
    "base_url": "CAPILLARY_BASE_URL",
    "target_group_id": "CAPILLARY_TARGET_GROUP_ID",
    "target_id": "CAPILLARY_TARGET_ID",
    "utc_offset": "CAPILLARY_UTC_OFFSET",
    "upsert_key": "CAPILLARY_UPSERT_KEY",
    "rate_limit": "CAPILLARY_RATE_LIMIT",
    "profile": "CAPILLARY_PROFILE",
}


@dataclass(frozen=True)
class Target:
    region: str
    env: dict[str, str]

    @property
    def host(self) -> str:
        return self.env.get("CAPILLARY_BASE_URL", "embedded sandbox")


def _target(entry: dict[str, Any], defaults: dict[str, Any], environ: Mapping[str, str], where: str) -> Target:
    merged = {**defaults, **entry}
    region = merged.get("region")
    if not isinstance(region, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", region):
        raise ConfigError(f"{where}: every [[target]] needs a region label of letters, digits, '-', '_' or '.'")
    unknown = set(merged) - {*FIELDS, "region", "allow_write", "username_env", "password_env"}
    if unknown:
        raise ConfigError(f"{where} ({region}): unknown keys {', '.join(sorted(unknown))}")
    env = {"CAPILLARY_REGION": region}
    env.update({FIELDS[key]: str(value) for key, value in merged.items() if key in FIELDS})
    if merged.get("allow_write") is True:
        env["CAPILLARY_ALLOW_WRITE"] = "1"
    for key, setting in (("username_env", "CAPILLARY_USERNAME"), ("password_env", "CAPILLARY_PASSWORD")):
        name = merged.get(key)
        if name is None:
            continue
        if not environ.get(name):
            raise ConfigError(f"{where} ({region}): {key} names ${name}, which is not set in the environment")
        env[setting] = environ[name]
    require_write_permission(from_env(env))  # the same one-line errors as a single run, before any region starts
    return Target(region, env)


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
