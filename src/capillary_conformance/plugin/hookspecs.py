"""The suite's own hooks, where the wiring hands each output what it writes (pluggy's hook specifications, as
pytest-xdist declares its own). An output implements the ones it needs on its plugin object; it is registered only
when its output is asked for, so a hook no output implements costs a call that does nothing."""

from __future__ import annotations

from typing import Any

import pytest


def pytest_capillary_case_judged(
    item: pytest.Item, run: Any, check: str, verdict: Any, reproduce: str, preamble: str
) -> None:
    """A case's verdict, decided once as its report is made (in the process that ran it), with its replay line and
    the embedded sandbox's start-up line for replays (else empty); ``verdict`` is None for a deep case whose first
    pass failed, filed beside that one. The outputs that show cases one by one (Allure) write it."""


def pytest_capillary_run_concluded(config: pytest.Config, record: Any) -> None:
    """The run's record, concluded with its exit status, on the process that writes the run's files (the xdist
    controller, or the only process), before pytest writes the JUnit file. Each output of the run writes it."""
