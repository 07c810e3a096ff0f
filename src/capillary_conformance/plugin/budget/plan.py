"""A run planned to its request budget before the first request, and kept to it as it goes.

At 100 requests a minute a key's budget is the team's, so a run says up front what it will send and how
long that takes, and spends it in the order that finds most first: the first pass (the coverage of the
contract's finite spaces, each check's first questions), then each check's share of random depth out of
what is left, a reserve kept for the clean-up. A smaller budget never drops a check: a deep test gets at
least one example, and a coverage space that does not fit is trimmed, and said so.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from capillary_conformance.checks.ledger import AT_END_COST
from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.core.rates import Rate
from capillary_conformance.core.record import LEFT_NO_ROOM, Space
from capillary_conformance.core.settings import Settings
from capillary_conformance.generation.coverage import CONCURRENT_COST, CONCURRENT_WRITES, SOURCES
from capillary_conformance.plugin.target import probes
from capillary_conformance.plugin.verdict.classify import budget_spent

T = TypeVar("T")

RESERVE_SHARE = 0.05  # of the budget, kept for the clean-up (a batch of 4 keys per request)
DEFAULT_COST = 2.0  # requests per example of a test whose first pass has not told us yet
FIRST_PASS_WAIT = 600.0  # seconds a deep test waits at most for the first pass to end in other processes


@dataclass(frozen=True)
class Plan:
    budget: int | None  # requests the run may send
    rate: Rate | None
    reserve: int  # of the budget, for the clean-up and a nightly's probes
    before: int  # sent before the run's budget is kept (the timing request that picks the processes)
    partial: bool = False  # a run cut short exits 0 "partly" (CAPILLARY_PARTIAL_VERDICT), not 6

    @classmethod
    def of(cls, settings: Settings) -> Plan:
        budget = settings.request_budget
        reserve = 0 if budget is None or not settings.cleans_up else max(4, math.ceil(budget * RESERVE_SHARE))
        reserve += probes.count() if budget is not None and settings.region_probes else 0
        before = 1 if not settings.uses_embedded_sandbox and settings.workers is None else 0
        return cls(budget, settings.rate_limit, reserve, before, settings.partial_verdict)

    @property
    def for_tests(self) -> int | None:
        return None if self.budget is None else max(1, self.budget - self.reserve - self.before)

    def minutes(self, requests: int | None = None) -> float | None:
        requests = self.budget if requests is None else requests
        return None if self.rate is None or requests is None else self.rate.seconds_for(requests) / 60

    def line(self) -> str:
        """The plan as the run prints it at its start, in one short line."""
        if self.budget is None:
            return "plan: no request budget"
        took = f", about {self.minutes():.1f} min at {self.rate}" if self.rate else " (no rate given: no time to say)"
        short = "partial verdict accepted" if self.partial else "cut short, it exits 6 (CAPILLARY_PARTIAL_VERDICT=1)"
        return f"plan: at most {self.budget} requests{took}, the coverage pass first; {short}"

    def detail(self) -> str:
        """How the budget is spent, for ``-v``."""
        order = (
            "the first pass (the coverage of the contract's finite spaces, each check's first questions), then "
            "each check's share of random depth in what is left"
        )
        order += (
            f" (the coverage pass holds {len(CONCURRENT_WRITES)} concurrent pairs, "
            f"{len(CONCURRENT_WRITES) * CONCURRENT_COST} requests); the ledger's repeats of the keys written first "
            f"end it ({AT_END_COST} requests)"
        )
        if self.budget is None:
            return f"the order: {order}"
        return f"the order: {order}; {self.reserve} of the {self.budget} kept for the clean-up and probes"


class Spending:
    """One process' view of the run's spending: what is left (all processes' requests counted), what each
    test's first pass cost per example, which deep tests have started (in a shared folder: under
    pytest-xdist another process may run the next test)."""

    def __init__(
        self, plan: Plan, budget: SharedBudget, shared_dir: Path, first: list[str], deep_shares: dict[str, float]
    ) -> None:
        self.plan, self.budget, self.first, self.deep_shares = plan, budget, first, deep_shares
        self._costs, self._started = shared_dir / "costs", shared_dir / "started"
        self._finished, self._trimmed = shared_dir / "finished", shared_dir / "trimmed"
        self._spaces = shared_dir / "spaces"

    def record_cost(self, test: str, requests: int, examples: int) -> None:
        with self._costs.open("a") as file:
            file.write(f"{test}\t{requests / max(1, examples)}\n")

    def _cost(self, test: str) -> float:
        costs = dict(line.split("\t") for line in _lines(self._costs))
        return max(0.5, float(costs.get(test, DEFAULT_COST)))

    def begin(self, nodeid: str) -> None:
        with self._started.open("a") as file:
            file.write(nodeid + "\n")

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        """A pytest hook (the spending is registered as a plugin): a test ended, whatever its outcome (an
        error in a fixture too), so that the deep pass never waits for a first question that will not come."""
        with self._finished.open("a") as file:
            file.write(nodeid + "\n")

    def wait_for_the_first_pass(self) -> None:
        """Under pytest-xdist a process may take a deep test while others still ask their first questions:
        it waits for them, so that the deep pass shares out what the first pass left, and never takes what
        a first question needs. (The first-pass tests are handed out before any deep one, so each is already
        some process' to run.)"""
        deadline = time.monotonic() + FIRST_PASS_WAIT
        while not set(self.first) <= set(_lines(self._finished)) and time.monotonic() < deadline:
            time.sleep(0.2)

    def deep_examples(self, nodeid: str, test: str, share: float, at_most: int) -> int:
        """Examples a deep test draws: its check's share of what is left, divided among the deep tests not yet
        finished (to come, or running in another process), at its first pass' cost per example; at least one,
        at most the profile's."""
        left = self.budget.left()
        if left is None:
            return at_most
        begun, finished = set(_lines(self._started)) | {nodeid}, set(_lines(self._finished))
        # Under pytest-xdist the deep tests running in other processes spend from the same ``left``: they
        # share it with this one as those still to come do; one example's worth is kept for each of these.
        others = {node: share for node, share in self.deep_shares.items() if node not in finished and node != nodeid}
        shared_out = left - DEFAULT_COST * sum(1 for node in others if node not in begun)
        allowance = shared_out * share / (sum(others.values()) + share)
        return max(1, min(at_most, math.floor(allowance / self._cost(test))))

    def record(self, space: str, size: int, asked: int, source: str = "") -> None:
        """A space asked, for results.json: its size and the points asked (its source, if not in SOURCES)."""
        with self._spaces.open("a") as file:
            file.write("\t".join((space, str(size), str(asked), " ".join(source.split()))) + "\n")

    def points(self, space: str, points: Sequence[T], after: int = 0) -> Sequence[T]:
        """The points of a coverage space that fit, in their order (likeliest first), leaving one example's
        worth for each first question not yet asked (so every check still asks; the deep pass gets what the
        first leaves); ``after``: requests the test sends before them. What is left out is said."""
        left = self.budget.left()
        fit = len(points)
        if left is not None:
            begun = set(_lines(self._started))
            waiting = sum(1 for node in self.first if node not in begun)
            fit = min(fit, max(0, int(left - DEFAULT_COST * waiting) - after))
        self.record(space, len(points), fit)
        if fit < len(points):
            with self._trimmed.open("a") as file:
                file.write(f"{space}: {len(points) - fit} of {len(points)} point(s) left out\n")
            if fit == 0:
                pytest.skip(LEFT_NO_ROOM)
            return points[:fit]
        return points


def skip_when_spent(report: pytest.TestReport, item: pytest.Item, error: BaseException | None) -> None:
    """A test the run's request budget ran out in is skipped, not judged (the run's summary counts them)."""
    spent = budget_spent(error) if error is not None else None
    if spent is not None and report.when == "call":
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {spent}")


def spaces(shared_dir: Path) -> list[Space]:
    """Each coverage space the run asked, with its source, its size and the points asked (from every process)."""
    asked: dict[str, Space] = {}
    for line in _lines(shared_dir / "spaces"):
        name, size, fit, *given = line.split("\t")
        source = "".join(given) or SOURCES.get(name) or SOURCES.get(name.split(",")[0], "")
        asked[name] = Space(name=name, source=source, size=int(size), asked=int(fit))
    return list(asked.values())


def left_out(shared_dir: Path) -> list[str]:
    """What the budget left out of the coverage pass, from every process of the run."""
    return _lines(shared_dir / "trimmed")


def _lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text().splitlines() if line]
    except OSError:
        return []
