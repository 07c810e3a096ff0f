"""Other packages' warnings (a ``DeprecationWarning`` of a library Hypothesis pulled in) are not the run's to
show: pytest's warnings summary keeps the suite's own, and one line says how many others there were and how to
see them. ``-v``, or a ``-W`` filter of the user's, shows them all as pytest does.

A plugin object on the process that writes the terminal (the xdist controller, or the only process); it takes
the others out of the terminal reporter's tally before pytest writes the summary, so pytest's count line
counts the suite's own too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import capillary_conformance

OURS = Path(capillary_conformance.__file__).resolve().parent


def ours(report: object) -> bool:
    """A warning raised from the suite's own code (its ``fslocation`` in the package), or one that names it."""
    location = getattr(report, "fslocation", None)
    filename = location[0] if isinstance(location, tuple) and location else ""
    try:
        inside = bool(filename) and Path(filename).resolve().is_relative_to(OURS)
    except (OSError, ValueError):
        inside = False
    return inside or "capillary_conformance" in str(getattr(report, "message", ""))


class OtherPackagesWarnings:
    def __init__(self) -> None:
        self.hidden = 0

    @pytest.hookimpl(wrapper=True, tryfirst=True)  # before the terminal reporter writes its warnings summary
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> Iterator[None]:
        warnings = terminalreporter.stats.get("warnings", [])
        kept = [report for report in warnings if ours(report)]
        self.hidden = len(warnings) - len(kept)
        if self.hidden:
            terminalreporter.stats["warnings"] = kept
            if not kept:
                del terminalreporter.stats["warnings"]
            terminalreporter.write_line(
                f"{self.hidden} warning(s) of other packages not shown (-v, or -W default, shows them)"
            )
        return (yield)


def register(config: pytest.Config) -> None:
    """Unless the person asked to see warnings: ``-v`` or a ``-W`` filter of their own."""
    asked = any(str(arg).startswith(("-W", "--pythonwarnings")) for arg in config.invocation_params.args)
    if config.get_verbosity() > 0 or asked or hasattr(config, "workerinput"):
        return
    config.pluginmanager.register(OtherPackagesWarnings(), "capillary-other-warnings")
