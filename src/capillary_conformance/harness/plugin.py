"""The suite's pytest plugin: configuration, the host, and what failures show.

``harness.entry`` registers it only when a run selects the suite, so no other pytest run starts a host.
"""

from __future__ import annotations

import json
import os
import signal
import textwrap
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from _pytest.subtests import SubtestReport
from hypothesis import HealthCheck, Phase, settings

from capillary_conformance import __version__
from capillary_conformance.checks import Expectations
from capillary_conformance.contracts import contract_version
from capillary_conformance.harness import reporting
from capillary_conformance.harness.client import HostClient, HostUnavailable
from capillary_conformance.harness.drift import DriftLog
from capillary_conformance.harness.entry import PREFIX, PROFILES
from capillary_conformance.harness.host import Host
from capillary_conformance.harness.outcomes import (
    COULD_NOT_JUDGE,
    ExitStatus,
    check_failures,
    host_unavailable,
)
from capillary_conformance.harness.redact import Redactor, activate
from capillary_conformance.harness.replay import curl_command
from capillary_conformance.harness.resilience import RetryPolicy, rate_limiter
from capillary_conformance.harness.settings import (
    ConfigError,
    Settings,
    from_env,
    is_ascii_number,
    require_write_permission,
)
from capillary_conformance.sandbox import running_sandbox
from capillary_conformance.suite import SUITE_DIR, SUITE_PACKAGE

RUN_KEY = pytest.StashKey["ConformanceRun"]()
OUTCOME = "capillary-outcome"
DRIFT_BEFORE = pytest.StashKey[dict]()

for name, examples in PROFILES.items():
    settings.register_profile(
        name,
        max_examples=examples,
        deadline=None,
        database=None,
        print_blob=True,
        derandomize=name == "selftest",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        # The self-test only asks whether a fault is caught; shrinking a stateful failure can take minutes.
        phases=[Phase.explicit, Phase.generate] + ([] if name == "selftest" else [Phase.shrink]),
    )


class ConformanceRun:
    """Everything one run shares: settings, the host (starting the sandbox if needed), results."""

    def __init__(self, config: pytest.Config) -> None:
        env = dict(os.environ)
        env.update(
            {name: value for name, value in vars(config.option).items() if name.startswith("CAPILLARY_") and value}
        )
        self.env = env
        self.settings: Settings = from_env(env)
        self.profile = env.get("CAPILLARY_PROFILE", "gate")
        if self.profile not in PROFILES:
            raise ConfigError(f"CAPILLARY_PROFILE={self.profile!r} is not one of {', '.join(PROFILES)}")
        self.fault = env.get("CAPILLARY_SANDBOX_FAULT")
        examples = env.get("CAPILLARY_MAX_EXAMPLES")
        if examples is not None and not (is_ascii_number(examples) and int(examples) > 0):
            raise ConfigError(f"CAPILLARY_MAX_EXAMPLES={examples!r} must be a positive integer")
        self.max_examples = int(examples) if examples else None
        self.results_path = Path(env["CAPILLARY_RESULTS_JSON"]) if env.get("CAPILLARY_RESULTS_JSON") else None
        self.redactor = Redactor.for_credentials(self.settings.credentials)
        activate(self.redactor)
        self.results: list[dict[str, Any]] = []
        self.drift = DriftLog()  # the whole run's, gathered from every test's report
        self._stack = ExitStack()
        self.host: Host | None = None
        require_write_permission(self.settings)

    @property
    def base_url(self) -> str:
        return self.settings.base_url or "embedded sandbox"

    def start(self) -> Host:
        s = self.settings
        base_url = s.base_url or self._stack.enter_context(running_sandbox(s, self.fault))
        client = HostClient(
            base_url,
            s.credentials,
            s.target_group_id,
            s.target_id,
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            policy=RetryPolicy(max_total_wait=s.max_retry_wait),
            limiter=rate_limiter(s.rate_limit),
        )
        self._stack.callback(client.close)
        self.host = Host(s, client, Expectations(s.upsert_key, s.utc_offset))
        return self.host

    def probe(self, host: Host) -> None:
        """One harmless request (an empty batch) to tell an unreachable host or wrong password from a violation."""
        exchange = host.client.upsert([])
        s = host.settings
        if exchange.status in (401, 403):
            raise ConfigError(
                f"{host.client.host} refused the configured credentials for user {s.credentials.username!r} "
                f"(HTTP {exchange.status}): check CAPILLARY_USERNAME and CAPILLARY_PASSWORD"
            )
        # A wrong base URL: the method is unknown there, or a web page answers. (A plain-text 400 is the API
        # breaking its error envelope: the negative check's to report, so it passes here.)
        html = "html" in exchange.content_type.lower()
        if exchange.status in (405, 501) or (exchange.status < 300 and not exchange.is_json()) or html:
            kind = exchange.content_type.split(";")[0] or "no content type"
            raise ConfigError(
                f"{host.client.host} does not answer like the API (HTTP {exchange.status}, {kind}, to POST "
                f"{host.client.path()}): check CAPILLARY_BASE_URL"
            )
        if exchange.status == 404:
            raise ConfigError(
                f"{host.client.host} knows no target {s.target_id} in group {s.target_group_id} (HTTP 404): check "
                "CAPILLARY_TARGET_GROUP_ID, CAPILLARY_TARGET_ID and that CAPILLARY_BASE_URL is the API's root"
            )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Where results are gathered (the xdist controller, or the only process): tally the verdicts.
        The run registers itself as a plugin for this hook."""
        outcome = dict(report.user_properties).get(OUTCOME)
        if outcome is None:
            return
        self.results.append(
            {"nodeid": report.nodeid, "outcome": report.outcome, "check": outcome["check"], "reason": outcome["reason"]}
        )
        self.drift.merge(outcome["drift"])

    def environment(self) -> dict[str, str]:
        drift = ", ".join(path for path, _ in self.drift.items())
        return {
            "Host": self.base_url + (f" (fault {self.fault})" if self.fault else ""),
            "Region": self.settings.region,
            "Suite version": __version__,
            "Contract version": contract_version(),
            "Profile": self.profile,
            "Upsert key": ",".join(self.settings.upsert_key),
            "Expected UTC offset": self.env.get("CAPILLARY_UTC_OFFSET") or "any",
            "Deprecated": "yes - the docs say the API is being phased out (use Create a Loyalty Promotion)",
            "Contract drift": drift or "none seen",
        }

    def stop(self) -> None:
        self._stack.close()


def _stop_cleanly_on_sigterm() -> None:
    """A CI time-out sends SIGTERM: stop as Ctrl-C does, so JUnit and results of what ran are written."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def _restore_hypothesis_printer() -> None:
    """Schemathesis swaps Hypothesis' printer for one that prints nothing (a speed-up for huge schemas),
    which leaves "Failing test case: test(body=)" in every report; our schema is small, so undo it."""
    from hypothesis import core
    from hypothesis.vendor import pretty

    core.RepresentationPrinter = pretty.RepresentationPrinter  # type: ignore[misc]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "check(name): the named contract check this test exercises")
    _restore_hypothesis_printer()
    try:
        run = ConformanceRun(config)
    except ConfigError as error:
        pytest.exit(f"configuration error: {error}", returncode=ExitStatus.BAD_CONFIGURATION)
    config.stash[RUN_KEY] = run
    config.pluginmanager.register(run, "capillary-conformance-run")
    settings.load_profile(run.profile)
    if run.max_examples is not None:
        settings.register_profile("budget", settings(settings(), max_examples=run.max_examples))
        settings.load_profile("budget")
    _stop_cleanly_on_sigterm()
    if config.option.help or config.option.collectonly:
        return
    # Started and probed here, before collection, so a host that cannot be judged costs one line.
    host = run.start()
    try:
        run.probe(host)
    except HostUnavailable as error:
        run.stop()
        pytest.exit(f"{error} (host unreachable)", returncode=ExitStatus.COULD_NOT_JUDGE)
    except ConfigError as error:
        run.stop()
        pytest.exit(f"could not judge: {error}", returncode=ExitStatus.COULD_NOT_JUDGE)


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None:
        run.stop()


def pytest_report_header(config: pytest.Config) -> list[str]:
    run = config.stash[RUN_KEY]
    s = run.settings
    seed = config.getoption("hypothesis_seed", None)
    return [
        f"capillary-conformance {__version__}, contract {contract_version()}, profile {run.profile}"
        + (f", hypothesis seed {seed}" if seed is not None else ""),
        f"host: {run.base_url}{f' (fault {run.fault})' if run.fault else ''}, region {s.region}, "
        f"target {s.target_group_id}/{s.target_id}, upsert key {','.join(s.upsert_key)}",
    ]


@pytest.fixture(scope="session")
def host(pytestconfig: pytest.Config) -> Host:
    run = pytestconfig.stash[RUN_KEY]
    assert run.host is not None, "the host starts in pytest_configure"
    return run.host


@pytest.fixture(scope="session")
def expect(host: Host) -> Expectations:
    return host.expect


@pytest.fixture(autouse=True)
def _fresh_journal(host: Host, request: pytest.FixtureRequest) -> None:
    host.journal.clear()
    request.node.stash[DRIFT_BEFORE] = host.drift.snapshot()


# Broad, cheap checks first, so a broken host is found in the fewest requests: every positive promise on
# each answer, then the pairs of requests, then the rest; long sequences and Schemathesis last.
CHECK_ORDER = ("positive", "auth", "idempotency", "negative", "envelope", "schema", "enums", "timestamps", "echo",
               "stateful", "schemathesis")  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        check = _check_of(item)
        return CHECK_ORDER.index(check) if check in CHECK_ORDER else len(CHECK_ORDER)

    items.sort(key=rank)  # stable: within a check, the file's order


def _check_of(item: pytest.Item) -> str:
    marker = item.get_closest_marker("check")
    return marker.args[0] if marker else "suite"


def _exchange_text(run: ConformanceRun, host: Host) -> str:
    blocks = []
    for exchange in host.journal.exchanges[-6:]:
        headers = run.redactor.headers(exchange.request_headers)
        blocks.append(
            f"> {exchange.method} {exchange.url}\n"
            + "".join(f"> {k}: {v}\n" for k, v in headers.items())
            + f"> {run.redactor.text(exchange.request_text())[:2000]}\n"
            f"< HTTP {exchange.status}\n"
            + "".join(f"< {k}: {v}\n" for k, v in run.redactor.headers(exchange.response_headers).items())
            + f"< {run.redactor.text(exchange.response_text())[:2000]}\n"
            f"replay: {curl_command(exchange, run.redactor, run.settings.credentials)}"
        )
    return "\n\n".join(blocks)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    run = item.config.stash[RUN_KEY]
    if report.when != "call" and not report.failed:
        return report
    if isinstance(report, SubtestReport):
        return report  # Schemathesis' per-phase subtest: the test's own report carries the verdict
    check, reason = _check_of(item), ""
    if report.failed and call.excinfo is not None:
        failures = check_failures(call.excinfo.value)
        unavailable = host_unavailable(call.excinfo.value)
        if failures:
            check, reason = failures[0].check, failures[0].reason
        elif unavailable is not None:
            check, reason = COULD_NOT_JUDGE, str(unavailable)
            # An error of the run, not a contract failure: pytest and JUnit count a failure outside the
            # call phase as an error, so the report is filed there.
            report.when = "setup"
        else:
            lines = [line.strip(" -") for line in str(call.excinfo.value).splitlines() if line.strip()]
            reason = run.redactor.text("; ".join(lines[:3]))
    reproduce = (
        f"capillary-conformance run --reports-dir reports/replay {_replay_args(run, item.config)}'{test_id(item)}'"
    )
    exchanges = run.host.journal.exchanges[-6:] if run.host is not None else []
    if report.failed:
        if exchanges:
            report.sections.append(
                ("Exchanges of the failing example (secrets redacted)", _exchange_text(run, run.host))
            )
        report.sections.append(("Reproduce", reproduce))
    reporting.label_case(_check_of(item), run.settings.region, run.base_url, item.name)
    reporting.describe_outcome(check, reason, reproduce)
    reporting.attach_exchanges(exchanges, run.redactor, run.settings.credentials)
    drift = run.host.drift.since(item.stash.get(DRIFT_BEFORE, {})) if run.host is not None else {}
    if drift:
        reporting.attach_drift(sorted(drift.items()))
    if report.failed and report.longrepr is not None:
        # Whatever a traceback or a printed example holds, no secret leaves in it (the structured
        # longrepr is kept when there is nothing to hide: JUnit reads its one-line message from it).
        text = str(report.longrepr)
        if run.redactor.text(text) != text:
            report.longrepr = run.redactor.text(text)
    item.user_properties.append(("check", check))  # JUnit writes the item's properties with the teardown report
    # The verdict travels on the report itself, so that a pytest-xdist controller gets it from its workers.
    outcome = {"check": check, "reason": run.redactor.text(reason), "drift": drift}
    report.user_properties = [*item.user_properties, (OUTCOME, outcome)]
    return report


def test_id(item: pytest.Item) -> str:
    """The test as installed (``capillary_conformance.suite.test_x::test_y``): what ``run`` and
    ``pytest --pyargs`` both take, wherever the package lives and whatever the rootdir was."""
    module = ".".join(item.path.resolve().relative_to(SUITE_DIR).with_suffix("").parts)
    return f"{SUITE_PACKAGE}.{module}::{item.nodeid.split('::', 1)[1]}"


def _replay_args(run: ConformanceRun, config: pytest.Config) -> str:
    """The options that make a rerun draw the same examples against the same host."""
    seed = config.getoption("hypothesis_seed", None)
    args = [f"--hypothesis-seed={seed}"] if seed is not None else []
    args += [f"{PREFIX}profile={run.profile}"]
    if run.max_examples is not None:
        args.append(f"{PREFIX}max-examples={run.max_examples}")
    if run.fault:
        args.append(f"{PREFIX}sandbox-fault={run.fault}")
    return " ".join(args) + " "


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = session.config.stash.get(RUN_KEY, None)
    if run is None:
        return
    failed = [r for r in run.results if r["outcome"] == "failed"]
    if session.exitstatus == ExitStatus.VIOLATION and failed and all(r["check"] == COULD_NOT_JUDGE for r in failed):
        session.exitstatus = ExitStatus.COULD_NOT_JUDGE
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller writes the run's files
    allure_dir = getattr(session.config.option, "allure_report_dir", None)
    if allure_dir:
        reporting.write_run_summary(Path(allure_dir), run.environment())
    if run.results_path is not None:
        run.results_path.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "host": run.base_url,
            "region": run.settings.region,
            "fault": run.fault,
            "exitstatus": int(session.exitstatus),
            "drift": dict(run.drift.items()),
            "results": run.results,
        }
        run.results_path.write_text(json.dumps(summary, indent=2))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is None or run.host is None:
        return
    write = terminalreporter.write_line
    terminalreporter.section("capillary conformance")
    failed = sorted({r["check"] for r in run.results if r["outcome"] == "failed"} - {COULD_NOT_JUDGE})
    unjudged = sum(r["check"] == COULD_NOT_JUDGE for r in run.results)
    verdict = f"violations in {', '.join(failed)}" if failed else "conforms" if not unjudged else "no violation seen"
    write(f"host {run.base_url} (region {run.settings.region}): {verdict}")
    if unjudged:
        cause = run.host.client.down or "see the errors"
        write(f"could not judge {unjudged} test(s): the host stopped answering usably ({cause})")
    if run.host.client.retried:
        write(f"{run.host.client.retried} request(s) were retried, {run.host.client.waited:.1f}s spent retrying them")
    if run.drift:
        write("contract drift (undocumented fields, allowed but worth a look):")
        for path, count in run.drift.items():
            write(f"  {path}  seen {count}x")
    write(
        textwrap.fill(
            "note: the operation is deprecated; the newer docs say it is being phased out "
            "in favour of the Create a Loyalty Promotion API.",
            100,
        )
    )
