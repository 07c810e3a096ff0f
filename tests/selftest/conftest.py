from concurrent.futures import Future, ThreadPoolExecutor
from threading import Event

import pytest

from capillary_conformance.cli.selftest import Outcome, kill_matrix, run_all, variants

_OUTCOMES: dict[str, Outcome] = {}
_STARTED: dict[str, Future] = {}  # the variants' runs, started when collection ends
_POOL = ThreadPoolExecutor(1, thread_name_prefix="kill-matrix")
_STOP = Event()  # set when the session ends: a run stopped early (-x, Ctrl-C) starts no further variant


def _labels_of(item: pytest.Item) -> set[str]:
    """The variants a test reads: its parameter, or those its ``variants`` marker names."""
    callspec = getattr(item, "callspec", None)
    labels = {callspec.params["variant"].label} if callspec is not None and "variant" in callspec.params else set()
    for marker in item.iter_markers("variants"):
        labels.update(marker.args)
    return labels


def pytest_configure(config):
    config.addinivalue_line("markers", "variants(*labels): the kill-matrix variants a test reads by label")


def pytest_collection_finish(session):
    """Start the variants the selected tests read as soon as they are known: their child runs overlap with the
    tests before them (many of which wait on a rate limit or a slow host), and ``-k`` on one variant runs
    that variant's child run only."""
    wanted = set().union(*(_labels_of(item) for item in session.items))
    if wanted and not session.config.option.collectonly:
        chosen = [v for v in variants() if v.label in wanted]
        _STARTED["all"] = _POOL.submit(run_all, chosen, None, _STOP)


@pytest.fixture(scope="session")
def outcomes():
    """The suite run once against each variant the selected tests read (in parallel), shared by them."""
    if not _OUTCOMES and "all" in _STARTED:
        _OUTCOMES.update({o.variant.label: o for o in _STARTED["all"].result()})
    return _OUTCOMES


def pytest_sessionfinish(session):
    _STOP.set()
    _POOL.shutdown(wait=False, cancel_futures=True)


def pytest_terminal_summary(terminalreporter):
    if _OUTCOMES:
        terminalreporter.section("kill matrix: the conformance suite against every sandbox variant")
        for line in kill_matrix(_OUTCOMES.values()).splitlines():
            terminalreporter.write_line(line)
