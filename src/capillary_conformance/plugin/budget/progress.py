"""Where a long run is: requests sent of those planned, findings so far, the time left at the rate.

A nightly at 100 requests a minute takes half an hour a region; pytest's marks do not say how much is left.
A run planned longer than a minute writes one progress line every so often (in a terminal every
TERMINAL_EVERY seconds, in a CI log every LOG_EVERY), always on a line of its own, through pytest's own
terminal writer: nothing that asks the terminal a question (a live bar's cursor-position query would leave
the terminal's answer for the shell to read), nothing drawn over pytest's output.
"""

from __future__ import annotations

import time

import pytest

from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.plugin.budget.plan import Plan

LONG = 60.0  # seconds: a run planned to take longer shows its progress
TERMINAL_EVERY = 20.0  # seconds between two progress lines in a terminal
LOG_EVERY = 60.0  # seconds between two progress lines in a log


def wanted(plan: Plan) -> bool:
    minutes = plan.minutes()
    return minutes is not None and minutes * 60 > LONG


class Progress:
    """A pytest plugin of the run's controller (or its only process): it sees every test's report."""

    def __init__(self, plan: Plan, budget: SharedBudget, config: pytest.Config) -> None:
        self.plan, self.budget, self.config = plan, budget, config
        self.failed = 0
        self._logged = time.monotonic()

    def line(self) -> str:
        sent, planned = self.budget.spent(), self.plan.budget or 0
        return f"progress: {sent} of {planned} planned requests sent, {self.failed} case(s) failed so far, " + (
            self._left(sent)
        )

    def _left(self, sent: int) -> str:
        minutes = self.plan.minutes(max(0, (self.plan.budget or 0) - sent))
        return "time left unknown" if minutes is None else f"about {minutes:.1f} min left at {self.plan.rate}"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and report.when == "call":
            self.failed += 1
        writer = self.config.get_terminal_writer()
        now = time.monotonic()
        if now - self._logged < (TERMINAL_EVERY if writer.hasmarkup else LOG_EVERY):
            return
        self._logged = now
        if writer.width_of_current_line:  # pytest's marks so far stay on their line; the progress has its own
            writer.line()
        writer.line(self.line())
