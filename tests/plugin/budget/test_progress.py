"""A long run's progress: shown only when the plan takes more than a minute; a line of its own, every so often."""

import io
from types import SimpleNamespace

from _pytest._io import TerminalWriter

from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.core.rates import Rate
from capillary_conformance.plugin.budget import progress
from capillary_conformance.plugin.budget.plan import Plan


def test_only_a_run_planned_longer_than_a_minute_shows_progress():
    assert progress.wanted(Plan(300, Rate(100, 60), 15, 0))
    assert not progress.wanted(Plan(50, Rate(100, 60), 3, 0))
    assert not progress.wanted(Plan(300, None, 15, 0))  # no rate: no time to say


def test_in_a_log_a_line_of_its_own_at_most_every_minute_with_what_is_left(tmp_path, monkeypatch):
    budget = SharedBudget(tmp_path, 300)
    out = io.StringIO()
    writer = TerminalWriter(out)  # pytest's own, as a CI log has it: no markup
    shown = progress.Progress(
        Plan(300, Rate(100, 60), 15, 0), budget, SimpleNamespace(get_terminal_writer=lambda: writer)
    )
    for _ in range(120):
        budget.take()
    writer.write("....u.")  # pytest's marks so far
    shown.pytest_runtest_logreport(SimpleNamespace(failed=True, when="call"))
    assert out.getvalue() == "....u."  # not a minute yet
    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)
    shown.pytest_runtest_logreport(SimpleNamespace(failed=False, when="call"))
    assert out.getvalue().splitlines() == [
        "....u.",
        "progress: 120 of 300 planned requests sent, 1 case(s) failed so far, about 1.8 min left at 100/min",
    ]
    assert "\x1b" not in out.getvalue()  # no question to the terminal, no cursor drawn
