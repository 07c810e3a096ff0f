"""Settings shared by the suite and the sandbox, read from the environment.

Every setting is an environment variable so that the same values configure a nightly job, a CI
gate and a sandbox started by hand; bad values fail here, in one line, before any request is sent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any
from urllib.parse import urlsplit

from capillary_conformance.contracts.formats import parse_offset

DEFAULT_USERNAME = "conformance"
DEFAULT_PASSWORD = "conformance-sandbox"
DEFAULT_TARGET_GROUP_ID = 2750
DEFAULT_TARGET_ID = 2996
DEFAULT_UPSERT_KEY = ("communicationType", "channelId")
KEY_FIELDS = frozenset({"communicationType", "channelId", "offsetDays", "sender", "active"})


_NUMBERS = {
    "read_timeout": "CAPILLARY_TIMEOUT",
    "connect_timeout": "CAPILLARY_CONNECT_TIMEOUT",
    "rate_limit": "CAPILLARY_RATE_LIMIT",
    "max_retry_wait": "CAPILLARY_MAX_RETRY_WAIT",
}


class ConfigError(ValueError):
    """A setting is wrong; the message says which and how to fix it, in one line."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=[REDACTED])"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis' printer walks dataclass fields itself, ignoring repr=False.
        printer.text(repr(self))


@dataclass(frozen=True)
class Settings:
    base_url: str | None
    credentials: Credentials
    target_group_id: int
    target_id: int
    utc_offset: timezone | None
    upsert_key: tuple[str, ...]
    allow_write: bool
    region: str
    explicit: frozenset[str] = frozenset()
    read_timeout: float = 10.0
    connect_timeout: float = 5.0
    rate_limit: float | None = None
    max_retry_wait: float = 60.0

    @property
    def uses_embedded_sandbox(self) -> bool:
        return self.base_url is None


def _env(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def parse_base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(
            f"CAPILLARY_BASE_URL={value!r} is not an http(s) URL; use e.g. https://eu.api.capillarytech.com"
        )
    return value.rstrip("/")


def is_ascii_number(value: str) -> bool:
    """Digits 0-9 only: ``str.isdigit`` also takes "²", which ``int`` then refuses."""
    return re.fullmatch(r"[0-9]+", value) is not None


def parse_positive_id(name: str, value: str) -> int:
    if not is_ascii_number(value) or int(value) < 1:
        raise ConfigError(f"{name}={value!r} must be a positive integer (the id of a sandbox target you may write to)")
    return int(value)


def parse_upsert_key(value: str) -> tuple[str, ...]:
    fields = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in fields if f not in KEY_FIELDS]
    if not fields or unknown or "communicationType" not in fields:
        raise ConfigError(
            f"CAPILLARY_UPSERT_KEY={value!r} must be a comma-separated list of request fields that includes "
            f"communicationType, from: {', '.join(sorted(KEY_FIELDS))}"
        )
    return fields


def parse_utc_offset(value: str) -> timezone:
    try:
        return parse_offset(value)
    except ValueError as error:
        raise ConfigError(f"CAPILLARY_UTC_OFFSET: {error}") from None


def parse_positive_number(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0 or number != number or number == float("inf"):
        raise ConfigError(f"{name}={value!r} must be a positive number (seconds, or requests per second)")
    return number


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    explicit = frozenset(name for name in env if name.startswith("CAPILLARY_") and _env(env, name))
    base_url = _env(env, "CAPILLARY_BASE_URL")
    username, password = _env(env, "CAPILLARY_USERNAME"), _env(env, "CAPILLARY_PASSWORD")
    if (username is None) != (password is None):
        missing = "CAPILLARY_PASSWORD" if password is None else "CAPILLARY_USERNAME"
        raise ConfigError(f"credentials are half given: set {missing} too (Basic auth needs both)")
    group, target = _env(env, "CAPILLARY_TARGET_GROUP_ID"), _env(env, "CAPILLARY_TARGET_ID")
    offset = _env(env, "CAPILLARY_UTC_OFFSET")
    key = _env(env, "CAPILLARY_UPSERT_KEY")
    return Settings(
        base_url=parse_base_url(base_url) if base_url else None,
        credentials=Credentials(username or DEFAULT_USERNAME, password or DEFAULT_PASSWORD),
        target_group_id=parse_positive_id("CAPILLARY_TARGET_GROUP_ID", group) if group else DEFAULT_TARGET_GROUP_ID,
        target_id=parse_positive_id("CAPILLARY_TARGET_ID", target) if target else DEFAULT_TARGET_ID,
        utc_offset=parse_utc_offset(offset) if offset else None,
        upsert_key=parse_upsert_key(key) if key else DEFAULT_UPSERT_KEY,
        allow_write=_env(env, "CAPILLARY_ALLOW_WRITE") in {"1", "true", "yes"},
        region=_env(env, "CAPILLARY_REGION") or "local",
        explicit=explicit,
        **{
            field: parse_positive_number(name, value)
            for field, name in _NUMBERS.items()
            if (value := _env(env, name)) is not None
        },
    )


def without_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment minus every CAPILLARY_* setting: for a child run configured only by what it is given."""
    environ = os.environ if environ is None else environ
    return {name: value for name, value in environ.items() if not name.startswith("CAPILLARY_")}


def require_write_permission(settings: Settings) -> None:
    """The suite upserts: against anything but the embedded sandbox, only into a target it was given."""
    if settings.uses_embedded_sandbox:
        return
    missing = [n for n in ("CAPILLARY_TARGET_GROUP_ID", "CAPILLARY_TARGET_ID") if n not in settings.explicit]
    if missing or not settings.allow_write:
        need = [*missing, *([] if settings.allow_write else ["CAPILLARY_ALLOW_WRITE=1"])]
        raise ConfigError(
            f"refusing to write to {settings.base_url}: the suite upserts into a target, so set {', '.join(need)} "
            "(or --capillary-target-group-id/--capillary-target-id/--capillary-allow-write) for a sandbox target "
            "that is a test fixture"
        )
