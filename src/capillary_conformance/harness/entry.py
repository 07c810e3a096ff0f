"""The pytest entry point (``pytest11``): options, and the suite's plugin only when the suite is selected.

Installed into an SDK's environment, this module is loaded by every pytest run there. It must stay out
of the way: it imports nothing heavy, adds only ``--capillary-*`` options (``--base-url``, ``--timeout``
and ``--profile`` belong to other plugins), starts no host and sends no request unless the run's
arguments name the suite (a path inside it, or ``--pyargs capillary_conformance.suite...``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from capillary_conformance.suite import SUITE_DIR, SUITE_PACKAGE

PROFILES = {"gate": 50, "nightly": 500, "selftest": 6}
PREFIX = "--capillary-"
OPTIONS = {
    "base-url": ("CAPILLARY_BASE_URL", "host to test (default: the embedded sandbox)"),
    "target-group-id": ("CAPILLARY_TARGET_GROUP_ID", "sandbox target group the suite may write to"),
    "target-id": ("CAPILLARY_TARGET_ID", "sandbox target the suite may write to"),
    "utc-offset": ("CAPILLARY_UTC_OFFSET", "offset the host must answer timestamps in, e.g. +05:30"),
    "upsert-key": ("CAPILLARY_UPSERT_KEY", "fields that with the path ids identify a communication"),
    "region": ("CAPILLARY_REGION", "label shown in reports"),
    "timeout": ("CAPILLARY_TIMEOUT", "read timeout per request, seconds (default 10)"),
    "connect-timeout": ("CAPILLARY_CONNECT_TIMEOUT", "connect timeout per request, seconds (default 5)"),
    "rate-limit": ("CAPILLARY_RATE_LIMIT", "requests per second to the host, across the whole run"),
    "max-retry-wait": ("CAPILLARY_MAX_RETRY_WAIT", "total seconds one request may wait out 429/503 (default 60)"),
    "profile": ("CAPILLARY_PROFILE", f"example budget: {', '.join(PROFILES)} (default gate)"),
    "max-examples": ("CAPILLARY_MAX_EXAMPLES", "examples per test, overriding the profile's (benchmarks)"),
    "sandbox-fault": ("CAPILLARY_SANDBOX_FAULT", "serve a faulty variant of the embedded sandbox (self-tests)"),
    "results-json": ("CAPILLARY_RESULTS_JSON", "write a machine-readable summary of the run here"),
}
PLUGIN = "capillary_conformance.harness.plugin"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("capillary", "Capillary conformance (each option has a CAPILLARY_* twin)")
    for name, (env, help_text) in OPTIONS.items():
        group.addoption(PREFIX + name, dest=env, default=None, help=f"{help_text} [{env}]")
    group.addoption(
        PREFIX + "allow-write",
        dest="CAPILLARY_ALLOW_WRITE",
        action="store_const",
        const="1",
        default=None,
        help="the configured target is a test fixture the suite may write to [CAPILLARY_ALLOW_WRITE=1]",
    )


def _inside_suite(path: Path) -> bool:
    return path == SUITE_DIR or SUITE_DIR in path.parents


def suite_selected(config: pytest.Config) -> bool:
    """Whether the run's arguments name the suite or part of it. A parent folder does not count: an SDK
    repository whose virtual environment holds this package never runs the suite by accident."""
    pyargs = bool(getattr(config.option, "pyargs", False))
    for arg in config.args:
        target = str(arg).split("::", 1)[0]
        if pyargs and (target == SUITE_PACKAGE or target.startswith(SUITE_PACKAGE + ".")):
            return True
        if _inside_suite((config.invocation_params.dir / target).resolve()):
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if suite_selected(config):
        config.pluginmanager.import_plugin(PLUGIN)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A run that did not select the suite never collects it (say ``pytest .`` in this repository)."""
    if not config.pluginmanager.has_plugin(PLUGIN) and _inside_suite(collection_path.resolve()):
        return True
    return None
