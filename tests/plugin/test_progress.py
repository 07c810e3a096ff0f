"""A long run's progress: shown only when the plan takes more than a minute; in a log, one line a minute."""

import io
from types import SimpleNamespace

from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.core.rates import Rate
from capillary_conformance.plugin import progress
from capillary_conformance.plugin.plan import Plan


class Terminal:
    def __init__(self):
        self.lines = []

    def write_line(self, line):
        self.lines.append(line)


def config_with(terminal):
    return SimpleNamespace(pluginmanager=SimpleNamespace(get_plugin=lambda name: terminal))


def test_only_a_run_planned_longer_than_a_minute_shows_progress():
    assert progress.wanted(Plan(300, Rate(100, 60), 15, 0))
    assert not progress.wanted(Plan(50, Rate(100, 60), 3, 0))
    assert not progress.wanted(Plan(300, None, 15, 0))  # no rate: no time to say


def test_in_a_log_a_line_at_most_every_minute_with_what_is_left(tmp_path, monkeypatch):
    budget = SharedBudget(tmp_path, 300)
    terminal = Terminal()
    shown = progress.Progress(Plan(300, Rate(100, 60), 15, 0), budget, config_with(terminal), stream=io.StringIO())
    for _ in range(120):
        budget.take()
    failed = SimpleNamespace(failed=True, when="call")
    shown.pytest_runtest_logreport(failed)
    assert terminal.lines == []  # not a minute yet
    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)
    shown.pytest_runtest_logreport(SimpleNamespace(failed=False, when="call"))
    assert terminal.lines == [
        "progress: 120 of 300 planned requests sent, 1 case(s) failed so far, about 1.8 min left at 100/min"
    ]
