"""The settings model: every setting declared once, as a field of ``Settings``.

A field's name gives its environment variable (``CAPILLARY_`` + NAME) and its pytest option
(``--capillary-name``); its ``setting(...)`` metadata says whether it has an option, a targets-file key,
is a secret, or travels in a replay line. The plugin's options, environment parsing, targets-file
validation, the report's environment panel and the replay command all read these declarations, so a new
setting is one field here (and a line in the README). Bad values fail here, in one line, before any
request is sent.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, ValidationError, model_validator

from capillary_conformance import __version__
from capillary_conformance.core.rates import Rate, parse_duration, parse_rate
from capillary_conformance.core.timezones import format_offset, parse_offset

ENV_PREFIX = "CAPILLARY_"
OPTION_PREFIX = "--capillary-"
DEFAULT_UPSERT_KEY = ("communicationType", "channelId")
KEY_FIELDS = frozenset({"communicationType", "channelId", "offsetDays", "sender", "active"})
REMOTE_WORKERS = 4  # enough in flight for a region 50-300 ms away; the rate limit bounds what they send
PROFILES = {"gate": 50, "nightly": 500, "selftest": 6}  # Hypothesis examples per test, at most
# Requests a run of the profile may send (None: no budget): at 100 a minute, 3 minutes and 30.
PROFILE_REQUESTS = {"gate": 300, "nightly": 3000, "selftest": None}
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
    region_own: bool = False,
    group: str = "host",
) -> Any:
    """Declare a setting: option = has a ``--capillary-*`` twin; targets = a key of the nightly targets file;
    secret = never shown, never an option (a command line is visible to other users); replay = a rerun
    must pass it on to draw the same examples from the same host; region_own = it says which host and whose
    data (or sets up the embedded sandbox): a nightly's region takes it from its targets file only, never
    from the environment."""
    extra = {"option": option and not secret, "targets": targets, "secret": secret, "replay": replay}
    extra["region_own"] = region_own
    extra["group"] = group  # where ``run --help`` lists it (GROUPS)
    return Field(default, description=help, json_schema_extra=extra)


# -- parsing: each setting arrives as text (environment, option) or a TOML value (targets file); a field's
# type says how it is read, and its one-line error what it must be --


def _positive_int(value: Any, what: str) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not is_ascii_number(text) or int(text) < 1:
        raise ValueError(f"{value!r} must be a positive integer ({what})")
    return int(text)


def _count(what: str) -> Callable[[Any], int]:
    """A positive integer; ``what`` says what it counts in the error."""
    return lambda value: _positive_int(value, what)


def _positive_number(unit: str) -> Callable[[Any], float]:
    """A positive, finite number; ``unit`` says of what in the error."""

    def read(value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = 0.0
        if not number > 0 or number == float("inf"):
            raise ValueError(f"{value!r} must be a positive number ({unit})")
        return number

    return read


def _seconds_or_zero(value: Any) -> float:
    return 0.0 if str(value).strip() in ("", "0", "0.0") else _positive_number("seconds")(value)


def _flag(value: Any) -> bool:
    return value is True or str(value).strip().lower() in TRUE


def _file_holding(what: str) -> Callable[[Any], Path]:
    """A file that exists; ``what`` says what it must hold in the error."""

    def read(value: Any) -> Path:
        path = Path(str(value)).expanduser()
        if not path.is_file():
            raise ValueError(f"{str(value)!r} is not a file ({what})")
        return path

    return read


def _base_url(value: Any) -> str:
    parts = urlsplit(str(value))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL; use e.g. https://eu.api.capillarytech.com")
    return str(value).rstrip("/")


def _channel_ids(value: Any) -> tuple[int, ...]:
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        ids = tuple(_positive_int(part, "a channelId") for part in parts if str(part).strip())
    except ValueError:
        raise ValueError(f"{value!r} must be a comma-separated list of channelIds, e.g. 1,2,3") from None
    if not ids:
        raise ValueError(f"{value!r} names no channelId")
    return tuple(sorted(set(ids)))


def _folder(value: Any) -> Path:
    path = Path(str(value)).expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise ValueError(f"{str(value)!r} is a file, not a folder to keep the history of runs in")
    return path


def _offset(value: Any) -> timezone:
    return value if isinstance(value, timezone) else parse_offset(str(value))


def _zone(value: Any) -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    try:
        return ZoneInfo(str(value).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone; use e.g. Asia/Kolkata or Europe/London") from None


def _upsert_key(value: Any) -> tuple[str, ...]:
    parts = value.split(",") if isinstance(value, str) else list(value)
    fields = tuple(str(part).strip() for part in parts if str(part).strip())
    if not fields or set(fields) - KEY_FIELDS or "communicationType" not in fields:
        raise ValueError(
            f"{value!r} must be a comma-separated list of request fields that includes communicationType, "
            f"from: {', '.join(sorted(KEY_FIELDS))}"
        )
    return fields


def _read(parse: Callable[[Any], Any]) -> BeforeValidator:
    """How a field reads its text (or TOML value): declared on the field, with the message it gives."""
    return BeforeValidator(parse)


Flag = Annotated[bool, _read(_flag)]
Seconds = Annotated[float, _read(_positive_number("seconds"))]
TargetId = Annotated[int, _read(_count("the id of a sandbox target you may write to"))]
RateSetting = Annotated[Rate | None, _read(parse_rate)]


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    base_url: Annotated[str | None, _read(_base_url)] = setting(
        None, "host to test, e.g. https://eu.api.capillarytech.com (default: the embedded sandbox)", region_own=True
    )
    username: str = setting("conformance", "Basic auth user", option=False, targets=False, region_own=True)
    password: SecretStr = setting(
        SecretStr("conformance-sandbox"), "Basic auth password", targets=False, secret=True, region_own=True
    )
    target_group_id: TargetId = setting(2750, "sandbox target group the suite may write to", region_own=True)
    target_id: TargetId = setting(2996, "sandbox target the suite may write to", region_own=True)
    allow_write: Flag = setting(
        False, "the configured target is a test fixture the suite may write to", region_own=True, group="write"
    )
    utc_offset: Annotated[timezone | None, _read(_offset)] = setting(
        None, "offset the host must answer timestamps in, e.g. +05:30"
    )
    time_zone: Annotated[ZoneInfo | None, _read(_zone)] = setting(
        None,
        "the host server's IANA zone, e.g. Asia/Kolkata: each timestamp it writes carries that zone's offset at its "
        "instant, daylight saving included (unset: all share one offset, one whole-hour change allowed)",
    )
    clock_skew: Seconds = setting(
        900.0, "seconds a written lastUpdatedOn may differ from the real time of its request (clock skew)"
    )
    upsert_key: Annotated[tuple[str, ...], _read(_upsert_key)] = setting(
        DEFAULT_UPSERT_KEY, "fields that with the path ids identify a communication"
    )
    region: str = setting("local", "label shown in reports", region_own=True)
    channel_ids: Annotated[tuple[int, ...] | None, _read(_channel_ids)] = setting(
        None, "the channelIds this environment knows, e.g. 1,2,3: positive tests send only these", region_own=True
    )
    request_overlay: Annotated[Path | None, _read(_file_holding("a JSON Schema for one request item"))] = setting(
        None,
        "a JSON Schema file for one request item, combined with the contract's by allOf: it narrows what "
        "positive tests send (e.g. an offsetDays range, non-empty strings)",
        region_own=True,
    )
    skip_cleanup: Flag = setting(
        False,
        "leave the keys a run wrote as they are (by default a run against a real host deactivates them)",
        group="write",
    )
    profile: Literal["gate", "nightly", "selftest"] = setting(
        "gate", f"example budget: {', '.join(PROFILES)} (default gate)", replay=True, group="speed"
    )
    max_examples: Annotated[int | None, _read(_count("examples per test"))] = setting(
        None, "examples per test, overriding the profile's", replay=True, group="speed"
    )
    timeout: Seconds = setting(10.0, "read timeout per request, seconds", group="speed")
    connect_timeout: Seconds = setting(5.0, "connect timeout per request, seconds", group="speed")
    user_agent: str = setting(f"capillary-conformance/{__version__}", "User-Agent sent to the host (gateways log it)")
    rate_limit: RateSetting = setting(
        None,
        "requests to the host across the whole run, e.g. 100/min (also /s, /h; a bare number is per second); a "
        "run that meets 429 anyway lowers it for the rest of the run",
        group="speed",
    )
    max_requests: Annotated[int | None, _read(_count("requests a run may send"))] = setting(
        None,
        "requests a run may send, probes and clean-up included; planned before the first: the coverage pass, "
        "then each check's share of random depth (default: 300 for the gate, 3000 for the nightly)",
        group="speed",
    )
    max_duration: Annotated[float | None, _read(parse_duration)] = setting(
        None,
        "how long a run may take, e.g. 3m: with rate_limit, a number of requests (the smaller budget wins)",
        group="speed",
    )
    partial_verdict: Flag = setting(
        False,
        "a run its request budget or time cut short (coverage points left out, tests not judged) exits 0 with "
        "'partly' in its verdict, instead of 6, not fully judged",
        group="speed",
    )
    workers: Annotated[int | None, _read(_count("test processes sending at once"))] = setting(
        None,
        "test processes sending at once (pytest-xdist), within rate_limit: hides a remote host's latency "
        f"(default: {REMOTE_WORKERS} for a host that takes 20 ms or more to answer, else 1)",
        group="speed",
    )
    max_retry_wait: Seconds = setting(60.0, "total seconds one request may wait out 429/503 Retry-After", group="speed")
    sandbox_environment: Flag = setting(
        False,
        "the embedded sandbox behaves like a region: it knows channels 1-3 only and holds earlier rows",
        targets=False,
        region_own=True,
        group="self-test",
    )
    sandbox_latency: Annotated[float, _read(_seconds_or_zero)] = setting(
        0.0,
        "seconds the embedded sandbox takes to answer, as a remote region does (e.g. 0.1)",
        targets=False,
        region_own=True,
        group="self-test",
    )
    sandbox_rate_limit: RateSetting = setting(
        None,
        "requests the embedded sandbox allows, e.g. 100/min (a bare number: per second); beyond it, 429 with "
        "Retry-After",
        targets=False,
        region_own=True,
        group="self-test",
    )
    sandbox_fault: str | None = setting(
        None,
        "serve a variant of the embedded sandbox: a fault (self-tests), or a legal one that makes an embedded "
        "region differ from another (extra-fields, zulu-timestamps)",
        replay=True,
        region_own=True,
        group="self-test",
    )
    sandbox_cookie: str | None = setting(
        None,
        "the session cookie the embedded sandbox sets (secret tests)",
        targets=False,
        secret=True,
        region_own=True,
        group="self-test",
    )
    results_json: Path | None = setting(
        None, "write a machine-readable summary of the run here", targets=False, region_own=True, group="reports"
    )
    targets_file: Path | None = setting(
        None,
        "the nightly targets file this run's region comes from: its replay lines name it and the region",
        option=False,
        targets=False,
        region_own=True,
        group="nightly",
    )
    history_dir: Annotated[Path | None, _read(_folder)] = setting(
        None,
        "a folder kept between runs: each failure is placed as new or recurring (since when), fixes are listed, "
        "and the HTML report shows trends",
        group="reports",
    )
    history_limit: Annotated[int, _read(_count("runs per region to remember"))] = setting(
        30, "runs per region the history remembers", group="reports"
    )
    region_probes: Flag = setting(
        False,
        "send the fixed probe requests whose answers a nightly compares across regions",
        targets=False,
        region_own=True,
        group="nightly",
    )
    docs_page: str | None = setting(
        None,
        "a capture of the API's docs page (a file, or a URL fetched once): the nightly says in one line whether "
        "the docs and the contract agree (`contract check-docs` lists the differences); never a violation",
        option=False,
        targets=False,
        group="nightly",
    )
    regions_at_once: Annotated[int | None, _read(_count("regions a nightly runs at once"))] = setting(
        None,
        "regions a nightly runs at once (default: the machine's cores)",
        option=False,
        targets=False,
        group="nightly",
    )
    known_findings: Annotated[Path | None, _read(_file_holding("a TOML file of [[known]] findings"))] = setting(
        None,
        "a TOML file of accepted deviations ([[known]] with reason and until): a finding it matches does not fail "
        "the run until that date",
        group="reports",
    )

    @model_validator(mode="after")
    def _whole_credentials(self) -> Settings:
        given = {"username", "password"} & self.model_fields_set
        if len(given) == 1:
            missing = env_name(({"username", "password"} - given).pop())
            raise ValueError(f"credentials are half given: set {missing} too (Basic auth needs both)")
        return self

    @model_validator(mode="after")
    def _duration_needs_a_rate(self) -> Settings:
        if self.max_duration is not None and self.rate_limit is None:
            raise ValueError(
                "CAPILLARY_MAX_DURATION becomes a number of requests at a rate: set CAPILLARY_RATE_LIMIT too "
                "(e.g. 100/min), or give CAPILLARY_MAX_REQUESTS instead"
            )
        return self

    # -- derived --

    @property
    def request_budget(self) -> int | None:
        """The requests a run may send: the smaller of ``max_requests`` and what ``max_duration`` allows at
        ``rate_limit``; neither given, the profile's (unless examples per test were given: then none)."""
        given = [self.max_requests] if self.max_requests is not None else []
        if self.max_duration is not None and self.rate_limit is not None:
            given.append(max(1, self.rate_limit.requests_in(self.max_duration)))
        if given:
            return min(given)
        return None if self.max_examples is not None else PROFILE_REQUESTS[self.profile]

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


# How like a setting's name an unknown CAPILLARY_* variable must be to be taken for a misspelling of it (difflib's
# ratio of the names after the prefix): RATE_LIMITS for RATE_LIMIT is 0.95, BASEURL for BASE_URL 0.93, while a
# targets file's EU_USERNAME for USERNAME is 0.84 (and the names a targets file points to are never judged).
NEAR_MISS = 0.85


def closest_setting(name: str, cutoff: float = NEAR_MISS) -> str | None:
    """The setting's variable ``name`` is nearest to, when it is that near (``CAPILLARY_RATE_LIMIT`` for
    ``CAPILLARY_RATE_LIMITS``)."""
    names = {env_name(setting).removeprefix(ENV_PREFIX): env_name(setting) for setting in declared()}
    close = difflib.get_close_matches(name.removeprefix(ENV_PREFIX), list(names), n=1, cutoff=cutoff)
    return names[close[0]] if close else None


def undeclared(env: Mapping[str, str], pointed_to: Iterable[str] = ()) -> list[str]:
    """The environment's CAPILLARY_* variables that are no setting and that no targets file points to."""
    known = {env_name(name) for name in declared()} | set(pointed_to)
    return sorted(name for name in env if name.startswith(ENV_PREFIX) and name not in known)


def refuse_near_misses(env: Mapping[str, str], pointed_to: Iterable[str] = ()) -> None:
    """A variable one or two letters off a setting is a setting misspelt, which would be ignored (a rate not kept,
    a host not tested): one line naming the setting meant, before any request."""
    for name in undeclared(env, pointed_to):
        meant = closest_setting(name)
        if meant is not None:
            raise ConfigError(f"{name} is no setting of the suite: did you mean {meant}? (unset it, or set {meant})")


def from_env(env: Mapping[str, str] | None = None, pointed_to: Iterable[str] = ()) -> Settings:
    """Settings from ``CAPILLARY_*`` variables (unset and empty ones take the default); a near miss of a setting
    is refused (``pointed_to``: the variables a targets file names, never judged)."""
    env = os.environ if env is None else env
    refuse_near_misses(env, pointed_to)
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


# ``run --help`` lists the settings in these groups, in this order (the self-test's last, apart).
GROUPS = {
    "host": "the host: what to test and what it must answer",
    "write": "what the run may write",
    "speed": "speed and budget",
    "reports": "reports and history",
    "nightly": "a nightly's (the nightly sets them)",
    "self-test": "the suite's self-test: the embedded sandbox's variants (not for a real host)",
}


def region_owned() -> list[str]:
    """The variables a nightly's region never takes from the environment (its targets file gives them)."""
    return [env_name(name) for name in declared() if meta(name)["region_own"]]


def inherited(environ: Mapping[str, str]) -> dict[str, str]:
    """The CAPILLARY_* settings of ``environ`` a nightly's region takes, below its targets file's keys and its
    ``[defaults]`` (the history folder, the rate, the profile: not which host, whose data or whose credentials;
    nor the variables the targets file reads credentials from, which are no setting)."""
    passed = {env_name(name) for name in declared()} - set(region_owned())
    return {name: value for name, value in environ.items() if name in passed}


def without_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment minus every CAPILLARY_* setting: for a child run configured only by what it is given."""
    environ = os.environ if environ is None else environ
    return {name: value for name, value in environ.items() if not name.startswith(ENV_PREFIX)}


def require_consent(settings: Settings) -> None:
    """What a run needs before it sends anything to a host that is not its own sandbox: leave to write into the
    target it names, and credentials the user gave."""
    require_write_permission(settings)
    require_credentials(settings)


def require_credentials(settings: Settings) -> None:
    """The embedded sandbox's own credentials are for it alone: any other host gets only credentials given."""
    if settings.uses_embedded_sandbox or {"username", "password"} <= settings.model_fields_set:
        return
    raise ConfigError(
        f"no credentials for {settings.base_url}: set CAPILLARY_USERNAME and CAPILLARY_PASSWORD (Basic auth); "
        "the run sends no other credentials than those you give"
    )


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
