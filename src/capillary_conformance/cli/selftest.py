"""Run the suite against every sandbox variant and tabulate which checks caught what (the kill matrix)."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event

from capillary_conformance.checks import verdict_checks
from capillary_conformance.cli.runner import run_suite
from capillary_conformance.core.exit_status import COULD_NOT_JUDGE, ExitStatus
from capillary_conformance.core.settings import without_settings
from capillary_conformance.sandbox.faults import CATALOGUE, ENVIRONMENT


@dataclass(frozen=True)
class Variant:
    """A sandbox variant and the suite configuration it runs under."""

    label: str
    fault: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def expected(self) -> str:
        return CATALOGUE[self.fault].breaks

    @property
    def legal(self) -> bool:
        return CATALOGUE[self.fault].legal

    @property
    def judgeable(self) -> bool:
        return CATALOGUE[self.fault].judgeable

    @property
    def expected_exit(self) -> int:
        fault = CATALOGUE[self.fault]
        if fault.legal:
            return 0
        return 1 if fault.judgeable else 3


@dataclass(frozen=True)
class Outcome:
    variant: Variant
    exitstatus: int
    failed_checks: frozenset[str]
    drift: dict[str, int]
    output: str
    seconds: float
    results: list[dict]
    summary: dict = field(default_factory=dict)  # results.json as written
    junit: str = ""  # junit.xml as written
    case_pages: list[str] = field(default_factory=list)  # each failed case's description in the Allure results

    @property
    def verdict(self) -> str:
        """The kill matrix's last column: was the variant judged as it must be?"""
        v, status = self.variant, self.exitstatus
        if v.legal:
            return "passes (correct)" if status == 0 else f"FALSE ALARM (exit {status})"
        if v.expected_exit == ExitStatus.COULD_NOT_JUDGE:
            return "could not judge (right)" if status == ExitStatus.COULD_NOT_JUDGE else f"WRONG (exit {status})"
        return "caught" if v.expected in self.failed_checks else "MISSED"

    @property
    def right(self) -> bool:
        return self.verdict in ("passes (correct)", "could not judge (right)", "caught")


# A region 100 ms away that allows 20 requests a second, told to keep to 15: the rate budget and the
# pause on 429 proven on loopback (the faults stay fast, on loopback without latency).
REMOTE_REGION = {"CAPILLARY_SANDBOX_LATENCY": "0.1", "CAPILLARY_SANDBOX_RATE_LIMIT": "20", "CAPILLARY_RATE_LIMIT": "15"}


def variants() -> list[Variant]:
    legal = [
        Variant("correct", "none"),
        Variant("correct, offset +05:30", "none", {"CAPILLARY_UTC_OFFSET": "+05:30"}),
        Variant("correct, zone Europe/Paris", "none", {"CAPILLARY_TIME_ZONE": "Europe/Paris"}),
        Variant("correct, key communicationType", "none", {"CAPILLARY_UPSERT_KEY": "communicationType"}),
        Variant("correct, environment (channels 1-3)", "none", dict(ENVIRONMENT)),
        Variant("correct, remote region (100 ms, 20/s)", "none", dict(ENVIRONMENT) | REMOTE_REGION),
    ]
    catalogue = [Variant(name, name, dict(cls.suite_env)) for name, cls in CATALOGUE.items() if name != "none"]
    return legal + catalogue


def folder_of(variant: Variant) -> str:
    """A variant's reports folder name (``--reports-dir`` of ``selftest``): its label, file-name safe."""
    return re.sub(r"[^A-Za-z0-9+.-]+", "-", variant.label).strip("-")


def run_variant(variant: Variant, *extra_args: str, keep: Path | None = None) -> Outcome:
    """One child run of the suite against ``variant``; its reports are kept in ``keep`` if given."""
    env = without_settings() | variant.env
    with tempfile.TemporaryDirectory() as tmp:
        reports = keep / folder_of(variant) if keep is not None else Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        args = ["-q", "--capillary-profile=selftest", f"--capillary-sandbox-fault={variant.fault}", *extra_args]
        started = time.monotonic()
        process = run_suite(args, env=env, reports=reports, cwd=Path(tmp), timeout=600)
        seconds = time.monotonic() - started
        results = reports / "results.json"
        summary = json.loads(results.read_text()) if results.exists() else {"results": [], "drift": {}}
        junit = reports / "junit.xml"
        cases = [json.loads(path.read_text()) for path in reports.glob("allure-results/*-result.json")]
        pages = [case.get("description", "") for case in cases if case.get("status") == "failed"]
        # A check's column is marked when it judged a failure, or when its own test failed on a promise another
        # check judged first (the ledger, which holds the whole run's answers, speaks before a test's own model).
        failed = frozenset(
            name
            for r in summary["results"]
            if r["outcome"] == "failed"
            for name in (r["check"], r.get("asked"))
            if name
        )
        output = process.stdout + process.stderr
        return Outcome(
            variant,
            process.returncode,
            failed,
            summary["drift"],
            output,
            seconds,
            summary["results"],
            summary,
            junit.read_text() if junit.exists() else "",
            pages,
        )


def run_all(
    selected: Iterable[Variant], workers: int | None = None, stop: Event | None = None, keep: Path | None = None
) -> list[Outcome]:
    """The variants in parallel, one child interpreter each, as many at once as the machine has cores; those
    that mostly wait (a host in trouble, a region far away) start first, so the others fill their time.
    Once ``stop`` is set, no further variant starts (those running finish): what ran is returned."""
    chosen = list(selected)
    order = sorted(range(len(chosen)), key=lambda i: not _mostly_waits(chosen[i]))

    def run(index: int) -> Outcome | None:
        return None if stop is not None and stop.is_set() else run_variant(chosen[index], keep=keep)

    with ThreadPoolExecutor(workers or os.cpu_count() or 1) as pool:
        done = dict(zip(order, pool.map(run, order), strict=True))
    return [outcome for i in range(len(chosen)) if (outcome := done[i]) is not None]


def _mostly_waits(variant: Variant) -> bool:
    """A host in trouble (its timeouts) or a region far away: its run waits more than it computes."""
    return not variant.judgeable or "CAPILLARY_SANDBOX_LATENCY" in variant.env


def kill_matrix(outcomes: Iterable[Outcome]) -> str:
    """One row per variant: which checks failed (x), the expected one marked with brackets."""
    checks = verdict_checks()
    header = f"{'variant':<32} {'expect':<13} " + " ".join(f"{c.label:>6}" for c in checks) + "  verdict"
    legend = "x: the check failed   [ ]: the check the variant must trip   ?: could not judge (host in trouble)"
    rows = [legend, header, "-" * len(header)]
    for outcome in outcomes:
        v = outcome.variant
        cells = []
        for check in (c.name for c in checks):
            mark = "x" if check in outcome.failed_checks else "."
            mark = "?" if mark == "." and COULD_NOT_JUDGE in outcome.failed_checks and not v.judgeable else mark
            cells.append(f"{f'[{mark}]' if check == v.expected else mark:>6}")
        rows.append(f"{v.label:<32} {v.expected or '-':<13} " + " ".join(cells) + f"  {outcome.verdict}")
    return "\n".join(rows)
