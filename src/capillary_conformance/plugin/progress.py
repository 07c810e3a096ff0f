"""Where a long run is: requests sent of those planned, findings so far, the time left at the rate.

A nightly at 100 requests a minute takes half an hour a region; pytest's dots do not say how much is left.
In a terminal an enlighten bar stays below pytest's output (enlighten keeps its own line at the bottom of
the screen); in a CI log, which is no terminal, one line a minute at most.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

import enlighten
import pytest

from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.plugin.plan import Plan

LONG = 60.0  # seconds: a run planned to take longer shows its progress
LOG_EVERY = 60.0  # seconds between two progress lines in a log


def wanted(plan: Plan) -> bool:
    minutes = plan.minutes()
    return minutes is not None and minutes * 60 > LONG


class Progress:
    """A pytest plugin of the run's controller (or its only process): it sees every test's report."""

    def __init__(self, plan: Plan, budget: SharedBudget, config: pytest.Config, stream: TextIO | None = None) -> None:
        self.plan, self.budget, self.config = plan, budget, config
        self.failed = 0
        self._logged = time.monotonic()
        stream = stream or sys.__stdout__
        self._manager = enlighten.get_manager(stream=stream) if stream is not None and stream.isatty() else None
        self._bar = (
            self._manager.counter(
                total=plan.budget, desc="requests", unit="req", leave=False, bar_format=_BAR, failed=0, left=""
            )
            if self._manager is not None
            else None
        )

    def line(self) -> str:
        sent, planned = self.budget.spent(), self.plan.budget or 0
        failed = f"{self.failed} case(s) failed so far"
        return f"progress: {sent} of {planned} planned requests sent, {failed}, {self._left(sent)}"

    def _left(self, sent: int) -> str:
        minutes = self.plan.minutes(max(0, (self.plan.budget or 0) - sent))
        return "time left unknown" if minutes is None else f"about {minutes:.1f} min left at {self.plan.rate}"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and report.when == "call":
            self.failed += 1
        sent = self.budget.spent()
        if self._bar is not None:
            self._bar.count = min(sent, self._bar.total or sent)
            self._bar.update(0, failed=self.failed, left=self._left(sent))
            return
        now = time.monotonic()
        if now - self._logged >= LOG_EVERY:
            self._logged = now
            terminal = self.config.pluginmanager.get_plugin("terminalreporter")
            if terminal is not None:
                terminal.write_line(self.line())

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self) -> None:
        self.close()  # before the summary is written below it

    def close(self) -> None:
        if self._manager is not None:
            self._manager.stop()
            self._manager = self._bar = None


_BAR = "{desc}{desc_pad}{count:d}/{total:d} {unit} |{bar}| {failed} failed, {left}"
