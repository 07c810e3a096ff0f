"""The settings model: every setting declared once, as a field of ``Settings``.

A field's name gives its environment variable (``CAPILLARY_`` + NAME) and its pytest option
(``--capillary-name``); its ``setting(...)`` metadata says whether it has an option, a targets-file key,
is a secret, or travels in a replay line. The plugin's options, environment parsing, targets-file
validation, the report's environment panel and the replay command all read these declarations, so a new
setting is one field here (and a line in the README). Bad values fail here, in one line, before any
request is sent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from capillary_conformance import __version__
from capillary_conformance.core.timezones import format_offset, parse_offset

ENV_PREFIX = "CAPILLARY_"
OPTION_PREFIX = "--capillary-"
DEFAULT_UPSERT_KEY = ("communicationType", "channelId")
KEY_FIELDS = frozenset({"communicationType", "channelId", "offsetDays", "sender", "active"})
REMOTE_WORKERS = 4  # enough in flight for a region 50-300 ms away; the rate limit bounds what they send
PROFILES = {"gate": 50, "nightly": 500, "selftest": 6}  # Hypothesis examples per test
TRUE = frozenset({"1", "true", "yes"})


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


def setting(
    default: Any,
    help: str,
    *,
    option: bool = True,
    targets: bool = True,
    secret: bool = False,
    replay: bool = False,
) -> Any:
    """Declare a setting: option = has a ``--capillary-*`` twin; targets = a key of the nightly targets file;
    secret = never shown, never an option (a command line is visible to other users); replay = a rerun
    must pass it on to draw the same examples from the same host."""
    extra = {"option": option and not secret, "targets": targets, "secret": secret, "replay": replay}
    return Field(default, description=help, json_schema_extra=extra)


# What each file setting must hold, as its one-line error says.
FILES_HOLD = {
    "request_overlay": "a JSON Schema for one request item",
    "known_findings": "a TOML file of [[known]] findings",
}


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    base_url: str | None = setting(
        None, "host to test, e.g. https://eu.api.capillarytech.com (default: the embedded sandbox)"
    )
    username: str = setting("conformance", "Basic auth user", option=False, targets=False)
    password: SecretStr = setting(SecretStr("conformance-sandbox"), "Basic auth password", targets=False, secret=True)
    target_group_id: int = setting(2750, "sandbox target group the suite may write to")
    target_id: int = setting(2996, "sandbox target the suite may write to")
    allow_write: bool = setting(False, "the configured target is a test fixture the suite may write to")
    utc_offset: timezone | None = setting(None, "offset the host must answer timestamps in, e.g. +05:30")
    time_zone: ZoneInfo | None = setting(
        None,
        "the host server's IANA zone, e.g. Asia/Kolkata: each timestamp it writes carries that zone's offset at its "
        "instant, daylight saving included (unset: all share one offset, one whole-hour change allowed)",
    )
    clock_skew: float = setting(
        900.0, "seconds a written lastUpdatedOn may differ from the real time of its request (clock skew)"
    )
    upsert_key: tuple[str, ...] = setting(DEFAULT_UPSERT_KEY, "fields that with the path ids identify a communication")
    region: str = setting("local", "label shown in reports")
    channel_ids: tuple[int, ...] | None = setting(
        None, "the channelIds this environment knows, e.g. 1,2,3: positive tests send only these"
    )
    request_overlay: Path | None = setting(
        None,
        "a JSON Schema file for one request item, combined with the contract's by allOf: it narrows what "
        "positive tests send (e.g. an offsetDays range, non-empty strings)",
    )
    skip_cleanup: bool = setting(
        False, "leave the keys a run wrote as they are (by default a run against a real host deactivates them)"
    )
    profile: Literal["gate", "nightly", "selftest"] = setting(
        "gate", f"example budget: {', '.join(PROFILES)} (default gate)", replay=True
    )
    max_examples: int | None = setting(None, "examples per test, overriding the profile's", replay=True)
    timeout: float = setting(10.0, "read timeout per request, seconds")
    connect_timeout: float = setting(5.0, "connect timeout per request, seconds")
    user_agent: str = setting(f"capillary-conformance/{__version__}", "User-Agent sent to the host (gateways log it)")
    rate_limit: float | None = setting(None, "requests per second to the host, across the whole run")
    max_requests: int | None = setting(
        None, "requests a run may send at most; tests left when they are spent are skipped, and the summary says so"
    )
    workers: int | None = setting(
        None,
        "test processes sending at once (pytest-xdist), within rate_limit: hides a remote host's latency "
        f"(default: {REMOTE_WORKERS} for a host that takes 20 ms or more to answer, else 1)",
    )
    max_retry_wait: float = setting(60.0, "total seconds one request may wait out 429/503 Retry-After")
    sandbox_environment: bool = setting(
        False,
        "the embedded sandbox behaves like a region: it knows channels 1-3 only and holds earlier rows",
        targets=False,
    )
    sandbox_latency: float = setting(
        0.0, "seconds the embedded sandbox takes to answer, as a remote region does (e.g. 0.1)", targets=False
    )
    sandbox_rate_limit: float | None = setting(
        None, "requests per second the embedded sandbox allows; beyond it, 429 with Retry-After", targets=False
    )
    sandbox_fault: str | None = setting(
        None,
        "serve a variant of the embedded sandbox: a fault (self-tests), or a legal one that makes an embedded "
        "region differ from another (extra-fields, zulu-timestamps)",
        replay=True,
    )
    sandbox_cookie: str | None = setting(
        None, "the session cookie the embedded sandbox sets (secret tests)", targets=False, secret=True
    )
    results_json: Path | None = setting(None, "write a machine-readable summary of the run here", targets=False)
    history_dir: Path | None = setting(
        None,
        "a folder kept between runs: each failure is placed as new or recurring (since when), fixes are listed, "
        "and the HTML report shows trends",
    )
    history_limit: int = setting(30, "runs per region the history remembers")
    region_probes: bool = setting(
        False, "send the fixed probe requests whose answers a nightly compares across regions", targets=False
    )
    regions_at_once: int | None = setting(
        None, "regions a nightly runs at once (default: the machine's cores)", option=False, targets=False
    )
    known_findings: Path | None = setting(
        None,
        "a TOML file of accepted deviations ([[known]] with reason and until): a finding it matches does not fail "
        "the run until that date",
    )

    # -- parsing: each setting arrives as text (environment, option) or a TOML value (targets file) --

    @field_validator("base_url", mode="before")
    @classmethod
    def _base_url(cls, value: Any) -> str:
        parts = urlsplit(str(value))
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL; use e.g. https://eu.api.capillarytech.com")
        return str(value).rstrip("/")

    @field_validator("target_group_id", "target_id", mode="before")
    @classmethod
    def _target_ids(cls, value: Any) -> int:
        return _positive_int(value, "the id of a sandbox target you may write to")

    @field_validator("max_examples", "max_requests", "workers", "regions_at_once", mode="before")
    @classmethod
    def _max_examples(cls, value: Any) -> int:
        return _positive_int(value, "examples per test")

    @field_validator("channel_ids", mode="before")
    @classmethod
    def _channel_ids(cls, value: Any) -> tuple[int, ...]:
        parts = value.split(",") if isinstance(value, str) else list(value)
        try:
            ids = tuple(_positive_int(part, "a channelId") for part in parts if str(part).strip())
        except ValueError:
            raise ValueError(f"{value!r} must be a comma-separated list of channelIds, e.g. 1,2,3") from None
        if not ids:
            raise ValueError(f"{value!r} names no channelId")
        return tuple(sorted(set(ids)))

    @field_validator("request_overlay", "known_findings", mode="before")
    @classmethod
    def _file(cls, value: Any, info: ValidationInfo) -> Path:
        path = Path(str(value)).expanduser()
        if not path.is_file():
            raise ValueError(f"{str(value)!r} is not a file ({FILES_HOLD[info.field_name]})")
        return path

    @field_validator("history_dir", mode="before")
    @classmethod
    def _history_dir(cls, value: Any) -> Path:
        path = Path(str(value)).expanduser().absolute()
        if path.exists() and not path.is_dir():
            raise ValueError(f"{str(value)!r} is a file, not a folder to keep the history of runs in")
        return path

    @field_validator("history_limit", mode="before")
    @classmethod
    def _history_limit(cls, value: Any) -> int:
        return _positive_int(value, "runs to remember")

    @field_validator("allow_write", "skip_cleanup", "sandbox_environment", "region_probes", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        return value is True or str(value).strip().lower() in TRUE

    @field_validator("utc_offset", mode="before")
    @classmethod
    def _offset(cls, value: Any) -> timezone:
        return value if isinstance(value, timezone) else parse_offset(str(value))

    @field_validator("time_zone", mode="before")
    @classmethod
    def _zone(cls, value: Any) -> ZoneInfo:
        if isinstance(value, ZoneInfo):
            return value
        try:
            return ZoneInfo(str(value).strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone; use e.g. Asia/Kolkata or Europe/London") from None

    @field_validator("upsert_key", mode="before")
    @classmethod
    def _upsert_key(cls, value: Any) -> tuple[str, ...]:
        parts = value.split(",") if isinstance(value, str) else list(value)
        fields = tuple(str(part).strip() for part in parts if str(part).strip())
        if not fields or set(fields) - KEY_FIELDS or "communicationType" not in fields:
            raise ValueError(
                f"{value!r} must be a comma-separated list of request fields that includes communicationType, "
                f"from: {', '.join(sorted(KEY_FIELDS))}"
            )
        return fields

    @field_validator("sandbox_latency", mode="before")
    @classmethod
    def _seconds_or_none(cls, value: Any) -> float:
        return 0.0 if str(value).strip() in ("", "0", "0.0") else cls._positive_number(value)

    @field_validator(
        "timeout", "connect_timeout", "rate_limit", "max_retry_wait", "sandbox_rate_limit", "clock_skew", mode="before"
    )
    @classmethod
    def _positive_number(cls, value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = 0.0
        if not number > 0 or number == float("inf"):
            raise ValueError(f"{value!r} must be a positive number (seconds, or requests per second)")
        return number

    @model_validator(mode="after")
    def _whole_credentials(self) -> Settings:
        given = {"username", "password"} & self.model_fields_set
        if len(given) == 1:
            missing = env_name(({"username", "password"} - given).pop())
            raise ValueError(f"credentials are half given: set {missing} too (Basic auth needs both)")
        return self

    # -- derived --

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.username, self.password.get_secret_value())

    @property
    def uses_embedded_sandbox(self) -> bool:
        return self.base_url is None

    @property
    def environment_declared(self) -> bool:
        """Whether positive generation is narrowed to what one environment accepts."""
        return self.channel_ids is not None or self.request_overlay is not None

    @property
    def cleans_up(self) -> bool:
        """A run deactivates what it wrote on a real host, and on the sandbox when it plays one."""
        return not self.skip_cleanup and (not self.uses_embedded_sandbox or self.sandbox_environment)

    def given(self, name: str) -> bool:
        """Whether the setting was given (environment, option, targets file), not left at its default."""
        return name in self.model_fields_set

    def shown(self) -> dict[str, str]:
        """Every setting a report may show, by environment variable: secrets left out."""
        return {env_name(name): display(getattr(self, name)) for name in declared() if not meta(name)["secret"]}

    def replay_options(self) -> list[str]:
        """The options that make a rerun draw the same examples from the same host."""
        return [
            f"{option_name(name)}={display(getattr(self, name))}"
            for name in declared()
            if meta(name)["replay"] and (self.given(name) or name == "profile")
        ]


def declared() -> Iterator[str]:
    return iter(Settings.model_fields)


def meta(name: str) -> dict[str, Any]:
    extra = Settings.model_fields[name].json_schema_extra
    assert isinstance(extra, dict)
    return extra


def help_of(name: str) -> str:
    """The declared help, with the default where there is one to show."""
    default, text = Settings.model_fields[name].default, _help(name)
    if default is None or default is False or meta(name)["secret"] or "default" in text:
        return text
    return f"{text} (default {display(default)})"


def _help(name: str) -> str:
    return Settings.model_fields[name].description or ""


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper()


def option_name(name: str) -> str:
    return OPTION_PREFIX + name.replace("_", "-")


def display(value: Any) -> str:
    if isinstance(value, timezone):
        return format_offset(value)
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    if isinstance(value, SecretStr):
        return "[REDACTED]"
    return "" if value is None else str(value)


def as_env_value(value: Any) -> str:
    """A targets-file (TOML) value as its environment variable would hold it."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def is_ascii_number(value: str) -> bool:
    """Digits 0-9 only: ``str.isdigit`` also takes "²", which ``int`` then refuses."""
    return re.fullmatch(r"[0-9]+", value) is not None


def _positive_int(value: Any, what: str) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not is_ascii_number(text) or int(text) < 1:
        raise ValueError(f"{value!r} must be a positive integer ({what})")
    return int(text)


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``CAPILLARY_*`` variables (unset and empty ones take the default)."""
    env = os.environ if env is None else env
    values = {name: env[env_name(name)].strip() for name in declared() if env.get(env_name(name), "").strip()}
    return validated(values)


def validated(values: Mapping[str, Any]) -> Settings:
    """One ConfigError line for the first bad value, naming its environment variable."""
    try:
        return Settings.model_validate(dict(values))
    except ValidationError as errors:
        error = errors.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else ""
        cause = error.get("ctx", {}).get("error")
        message = str(cause) if cause is not None else error["msg"]
        if name in Settings.model_fields:
            shown = "[REDACTED]" if meta(name)["secret"] else repr(values.get(name))
            raise ConfigError(f"{env_name(name)}={shown}: {message}") from None
        raise ConfigError(message) from None


def without_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment minus every CAPILLARY_* setting: for a child run configured only by what it is given."""
    environ = os.environ if environ is None else environ
    return {name: value for name, value in environ.items() if not name.startswith(ENV_PREFIX)}


def require_write_permission(settings: Settings) -> None:
    """The suite upserts: against anything but the embedded sandbox, only into a target it was given."""
    if settings.uses_embedded_sandbox:
        return
    missing = [env_name(n) for n in ("target_group_id", "target_id") if not settings.given(n)]
    if missing or not settings.allow_write:
        need = [*missing, *([] if settings.allow_write else ["CAPILLARY_ALLOW_WRITE=1"])]
        raise ConfigError(
            f"refusing to write to {settings.base_url}: the suite upserts into a target, so set {', '.join(need)} "
            f"(or {option_name('target_group_id')}/{option_name('target_id')}/{option_name('allow_write')}) "
            "for a sandbox target that is a test fixture"
        )
