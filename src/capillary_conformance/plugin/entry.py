"""The pytest entry point (``pytest11``): options, and the suite's plugin only when the suite is selected.

Installed into an SDK's environment, this module is loaded by every pytest run there. It must stay out
of the way: it imports only the settings model (pydantic, about 0.15 s), adds only ``--capillary-*``
options (``--base-url``, ``--timeout`` and ``--profile`` belong to other plugins), starts no host and
sends no request unless the run's arguments name the suite (a path inside it, or ``--pyargs
capillary_conformance.suite...``). The options are the settings model's, each with its ``CAPILLARY_*``
twin as ``dest``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from capillary_conformance.core.settings import (
    ENV_PREFIX,
    REMOTE_WORKERS,
    ConfigError,
    Settings,
    declared,
    env_name,
    from_env,
    help_of,
    meta,
    option_name,
    require_consent,
)
from capillary_conformance.suite import SUITE_DIR, SUITE_PACKAGE

if TYPE_CHECKING:
    import httpx

PLUGIN = "capillary_conformance.plugin.hooks"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("capillary", "Capillary conformance (each option has a CAPILLARY_* twin)")
    for name in declared():
        if not meta(name)["option"]:
            continue
        env, help_text = env_name(name), f"{help_of(name)} [{env_name(name)}]"
        if Settings.model_fields[name].annotation is bool:
            group.addoption(option_name(name), dest=env, action="store_const", const="1", default=None, help=help_text)
        else:
            group.addoption(option_name(name), dest=env, default=None, help=help_text)


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


def settings_of(config: pytest.Config) -> Settings:
    """The environment, overridden by the options given (each option's dest is its CAPILLARY_* variable)."""
    env = dict(os.environ)
    env.update({name: value for name, value in vars(config.option).items() if name.startswith(ENV_PREFIX) and value})
    return from_env(env)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Against a host that takes time to answer, spread the suite over pytest-xdist processes (they share
    the rate budget), unless the command line says how (``-n``, ``-p no:xdist``)."""
    if not suite_selected(config) or hasattr(config, "workerinput") or "PYTEST_XDIST_WORKER" in os.environ:
        return
    if not config.pluginmanager.has_plugin("xdist") or config.getoption("numprocesses", None) is not None:
        return
    if config.option.collectonly or config.option.help:
        return
    try:
        settings = settings_of(config)
        require_consent(settings)  # no request, not even the timing one, to a host we may not write to
    except ConfigError:
        return  # said in one line when the plugin configures
    workers = settings.workers or _workers_for(settings)
    if workers > 1:
        config.option.numprocesses = workers


NEAR = 0.02  # seconds: a host that answers faster gains nothing from more processes, which cost start-up


def _workers_for(settings: Settings, transport: httpx.BaseTransport | None = None) -> int:
    """``workers`` left unset: one process for a host on this machine or next to it, REMOTE_WORKERS for one
    that takes NEAR or longer to answer the probe's harmless request (an empty batch)."""
    if settings.uses_embedded_sandbox:
        return 1
    # Imported only when the suite runs: they import httpx.
    from capillary_conformance.client.http import HostClient, HostUnavailable
    from capillary_conformance.client.resilience import RetryPolicy

    once = RetryPolicy(max_total_wait=0.0, max_transport_attempts=1)
    client = HostClient.from_settings(settings, policy=once, transport=transport)
    started = time.perf_counter()  # the answer's time by our clock: a transport need not measure it
    try:
        client.upsert([])
        answered = time.perf_counter() - started
    except (Exception, HostUnavailable):  # unreachable, refused: the plugin's own probe says so in one line
        return 1
    finally:
        client.close()
    return REMOTE_WORKERS if answered >= NEAR else 1


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if suite_selected(config):
        config.pluginmanager.import_plugin(PLUGIN)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A run that did not select the suite never collects it (say ``pytest .`` in this repository)."""
    if not config.pluginmanager.has_plugin(PLUGIN) and _inside_suite(collection_path.resolve()):
        return True
    return None
