"""One run: its settings, the host (starting the embedded sandbox if none is configured), and its record, filled
as each case's report arrives (from every process)."""

from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from capillary_conformance.checks import Expectations
from capillary_conformance.checks.statuses import REFUSED, UNDECLARED_METHOD
from capillary_conformance.client.http import SENT, THROTTLED_429, HostClient
from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.record import RECORD_VERSION, Case, RunRecord
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import ConfigError, Settings, require_consent
from capillary_conformance.core.tally import Tally
from capillary_conformance.plugin.budget.plan import Plan, Spending
from capillary_conformance.plugin.target.cleanup import deactivate
from capillary_conformance.plugin.target.footprint import Footprint, written_in
from capillary_conformance.plugin.target.host import Host
from capillary_conformance.plugin.verdict import known
from capillary_conformance.plugin.verdict.history import History
from capillary_conformance.sandbox import running_sandbox
from capillary_conformance.sandbox.faults import fault_named, is_fault, variant_label

OUTCOME = "capillary-outcome"  # the user property a test's verdict travels in (to an xdist controller too)
SHARED_DIR = "capillary-shared-dir"  # the workerinput key naming the folder the run's processes share
# What a case's report carries into its record (beside its outcome and requests).
CASE_FIELDS = (
    *("check", "reason", "coverage", "flaky", "pointer", "rule", "replay", "request_id", "placement", "known"),
    *("rerun", "exchanges", "asked"),
)


class ConformanceRun:
    """Everything one run shares: settings, the host, the redactor, results."""

    def __init__(self, settings: Settings, shared_dir: Path | None = None, workers: int = 1) -> None:
        self.settings = settings
        self.workers = workers
        self.redactor = Redactor.for_credentials(settings.credentials)
        # What the run found: each case as its report arrives (in the process that gathers them: the xdist
        # controller, or the only one); the rest when it ends. Every output is written from it.
        self.record = RunRecord(
            version=RECORD_VERSION, host=self.base_url, region=settings.region, fault=settings.sandbox_fault
        )
        self.drift = Tally()  # the whole run's, gathered from every test's report
        self.notes = Tally()  # likewise: HTTP notes and the host's warnings (worth a look, no promise broken)
        self.announced = Tally()  # likewise: the host's Deprecation and Sunset headers
        self.footprint = Footprint(settings.upsert_key, "")  # likewise: every key the run wrote
        self.traffic = Tally()  # likewise: requests the tests sent, 429s met
        self._traffic_here = Tally()  # the tests' requests sent by this process (all, without xdist)
        self.failed_first: set[str] = set()  # tests whose first pass failed (their deep pass is skipped)
        self.stopped_at_maxfail = False  # pytest-xdist's -x: the run stopped at a violation, not interrupted
        self.run_id = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.known = known.load(settings.known_findings) if settings.known_findings else []
        # Each failed case held against the known findings as it is reported, before JUnit and Allure write it.
        self.known_cases = known.KnownCases(self.known, settings.region)
        # The region's earlier runs, read once at the start (every process of the run reads the same).
        self.history = (
            History(settings.history_dir, settings.region, settings.history_limit) if settings.history_dir else None
        )
        self._stack = ExitStack()
        self.host: Host | None = None
        if shared_dir is None:  # the controller (or the only process) owns the folder; workers are handed it
            shared_dir = Path(tempfile.mkdtemp(prefix="capillary-run-"))
            self._stack.callback(shutil.rmtree, shared_dir, ignore_errors=True)
        self.shared_dir = shared_dir  # the rate budget and a 429's pause, shared by every process of the run
        self.plan = Plan.of(settings)
        self.spending: Spending | None = None  # once the tests are collected (it shares the deep pass out)
        require_consent(settings)
        if settings.sandbox_fault is not None and not is_fault(settings.sandbox_fault):
            raise ConfigError(
                f"CAPILLARY_SANDBOX_FAULT={settings.sandbox_fault!r} is not a fault of the catalogue "
                "(`capillary-conformance sandbox --help` lists them)"
            )
        try:
            fault_named(settings.sandbox_fault)
        except ValueError as error:
            raise ConfigError(f"CAPILLARY_SANDBOX_FAULT={settings.sandbox_fault!r}: {error}") from None

    @property
    def base_url(self) -> str:
        return self.settings.base_url or "embedded sandbox"

    @property
    def host_label(self) -> str:
        fault = self.settings.sandbox_fault
        return self.base_url + (f" ({variant_label(fault)})" if fault else "")

    def start(self) -> Host:
        s = self.settings
        base_url = s.base_url or self._stack.enter_context(running_sandbox(s, s.sandbox_fault))
        client = HostClient.from_settings(
            s, base_url, shared_dir=self.shared_dir, redactor=self.redactor, budget=self.plan.for_tests
        )
        self._stack.callback(client.close)
        expect = Expectations.from_settings(s)
        self.host = Host(s, client, expect, shared_dir=self.shared_dir)
        return self.host

    def check_reachable(self, host: Host) -> None:
        """One harmless request (an empty batch) to tell an unreachable host or wrong password from a violation."""
        exchange = host.client.upsert([])
        s = host.settings
        if exchange.status in REFUSED:
            raise ConfigError(
                f"{host.client.host} refused the configured credentials for user {s.credentials.username!r} "
                f"(HTTP {exchange.status}): check CAPILLARY_USERNAME and CAPILLARY_PASSWORD"
            )
        # A wrong base URL: the method is unknown there, or a web page answers. An answer shaped like the
        # API's envelope is the API, whatever its media type: the checks judge it (a JSON envelope sent as
        # text/html breaks the envelope check, exit 1). So does a plain-text 400: the negative check's.
        if not _api_shaped(exchange) and (
            exchange.status in UNDECLARED_METHOD
            or (exchange.status < 300 and not exchange.is_json())
            or exchange.media_type in ("text/html", "application/xhtml+xml")
        ):
            raise ConfigError(
                f"{host.client.host} does not answer like the API (HTTP {exchange.status}, "
                f"{exchange.media_type or 'no content type'}, to POST {host.client.path()}): check CAPILLARY_BASE_URL"
            )
        if exchange.status == 404:
            raise ConfigError(
                f"{host.client.host} knows no target {s.target_id} in group {s.target_group_id} (HTTP 404): check "
                "CAPILLARY_TARGET_GROUP_ID, CAPILLARY_TARGET_ID and that CAPILLARY_BASE_URL is the API's root"
            )

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """A test about the declared channels is not collected when none are declared (CAPILLARY_CHANNEL_IDS)."""
        if self.settings.channel_ids is not None:
            return
        # Not a question this host was asked to answer (no environment declared): not collected, not counted.
        items[:] = [item for item in items if not item.get_closest_marker("needs_channels")]

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """Each pytest-xdist worker is handed the folder where the run's rate budget and pauses live."""
        node.workerinput[SHARED_DIR] = str(self.shared_dir)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        """pytest-xdist ends a run that reached ``-x``/``--maxfail`` by raising its own Interrupted, a
        KeyboardInterrupt: pytest alone calls that "stopping after N failures" and exits 1, not 2. A real
        Ctrl-C or SIGTERM stays an interruption."""
        self.stopped_at_maxfail = type(excinfo.value).__name__ == "Interrupted" and str(excinfo.value).startswith(
            "stopping after"
        )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Where cases are gathered (the xdist controller, or the only process): each verdict into the record.
        The run registers itself as a plugin for this hook."""
        said = dict(report.user_properties).get(OUTCOME)
        if said is None:
            return
        outcome = json.loads(said)  # JSON text (case_report says why)
        self.record.results.append(
            Case(
                nodeid=report.nodeid,
                outcome=report.outcome,
                requests=outcome["traffic"].get(SENT, 0) - outcome.get("rerun", 0),
                **{name: outcome[name] for name in CASE_FIELDS if name in outcome},
            )
        )
        self.drift.merge(outcome["drift"])
        self.notes.merge(outcome["notes"])
        self.announced.merge(outcome.get("announced", {}))
        self.footprint.merge(outcome["written"])
        self.traffic.merge(outcome["traffic"])
        if self.record.requests.first_violation_at is None and "detected_at" in outcome:
            self.record.requests.first_violation_at = outcome["detected_at"]

    def count_traffic_here(self, traffic: dict[str, int]) -> None:
        self._traffic_here.merge(traffic)

    def count_requests(self) -> None:
        """The run's requests into the record: the tests' (from every process) and this process' own (probe,
        clean-up)."""
        own = self.host.client.traffic.since(self._traffic_here.snapshot()) if self.host is not None else {}
        total = Tally()
        total.merge(self.traffic.snapshot())
        total.merge(own)
        requests = self.record.requests
        requests.sent, requests.throttled = total[SENT], total[THROTTLED_429]
        requests.coverage_pass = sum(case.requests for case in self.record.covered)
        requests.rerun = sum(case.rerun for case in self.record.results)
        requests.planned = self.plan.budget
        requests.rate = str(self.plan.rate) if self.plan.rate else None

    def leave_target_safe(self) -> None:
        """At the end of the run (the controller's, under xdist): deactivate what the run wrote."""
        self.footprint.merge(written_in(self.shared_dir))  # also what a process stopped early never reported
        if self.settings.cleans_up and len(self.footprint) and self.host is not None:
            # The plan kept a reserve for it; past the reserve it goes on: a key left active is worse.
            self.host.client.lift_budget()
            self.record.cleanup = deactivate(self.host.client, self.footprint, self.run_id)

    def stop(self) -> None:
        self._stack.close()


def _api_shaped(exchange: Exchange) -> bool:
    """A JSON object with any of the envelope's keys: the API talking, if perhaps breaking its contract."""
    return (
        exchange.is_json()
        and isinstance(exchange.json, dict)
        and bool({"data", "errors", "warnings"} & set(exchange.json))
    )


RUN_KEY = pytest.StashKey[ConformanceRun]()  # the run, on the pytest config of each of its processes
