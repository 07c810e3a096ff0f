"""The kill matrix the self-test's tests read: the suite run once against each variant they name, started as soon
as collection ends, so that its child runs overlap with the tests before them; ``-k`` on one variant runs that
variant's child run only.

Under pytest-xdist one worker (gw0) runs it, whoever gets the tests that read it, and leaves it in a folder the
controller gives every worker; the others wait for it there, and the controller prints it. A plugin of the root
conftest (not a conftest of tests/selftest/), so that the controller, which collects nothing, has it too.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from threading import Event

import pytest

from capillary_conformance.cli.selftest import Outcome, kill_matrix, run_all, variants

_OUTCOMES: dict[str, Outcome] = {}
_STARTED: dict[str, Future] = {}  # the variants' runs, started when collection ends
_POOL = ThreadPoolExecutor(1, thread_name_prefix="kill-matrix")
_STOP = Event()  # set when the session ends early (-x, Ctrl-C): no further variant starts
_SHARED: dict[str, Path] = {}  # on the xdist controller: the folder the workers share the matrix in
SHARED_KEY = "capillary_kill_matrix_dir"
MATRIX_FILE = "outcomes.pickle"
# However long the variants take (about 5 minutes on two cores), a worker waiting for them gives up after this.
WAIT_SECONDS = 1800


def _labels_of(item: pytest.Item) -> set[str]:
    """The variants a test reads: its parameter, or those its ``variants`` marker names."""
    callspec = getattr(item, "callspec", None)
    labels = {callspec.params["variant"].label} if callspec is not None and "variant" in callspec.params else set()
    for marker in item.iter_markers("variants"):
        labels.update(marker.args)
    return labels


def _worker(config: pytest.Config) -> tuple[str, Path] | None:
    """Under pytest-xdist, this worker's id and the folder the workers share the matrix in."""
    workerinput = getattr(config, "workerinput", None)
    if not workerinput or SHARED_KEY not in workerinput:
        return None
    return workerinput["workerid"], Path(workerinput[SHARED_KEY])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "variants(*labels): the kill-matrix variants a test reads by label")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """On the xdist controller, for each worker it starts: the folder they share the matrix in."""
    if "dir" not in _SHARED:
        _SHARED["dir"] = Path(tempfile.mkdtemp(prefix="kill-matrix-"))
    node.workerinput[SHARED_KEY] = str(_SHARED["dir"])


def _run_and_share(chosen, shared: Path | None) -> list[Outcome]:
    """The variants' runs; under xdist, written for the other workers (or why they could not be)."""
    try:
        outcomes = run_all(chosen, None, _STOP)
    except BaseException as error:
        if shared is not None:
            _write(shared, f"the kill matrix failed in worker gw0: {error!r}")
        raise
    if shared is not None:
        _write(shared, outcomes)
    return outcomes


def _write(shared: Path, content: object) -> None:
    partial = shared / f"{MATRIX_FILE}.partial"
    partial.write_bytes(pickle.dumps(content))
    os.replace(partial, shared / MATRIX_FILE)


def _read(shared: Path) -> list[Outcome] | str | None:
    path = shared / MATRIX_FILE
    return pickle.loads(path.read_bytes()) if path.exists() else None


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the variants the selected tests read as soon as they are known (under xdist, in gw0 only: every
    worker collects the same tests)."""
    wanted = set().union(*(_labels_of(item) for item in session.items))
    if not wanted or session.config.option.collectonly:
        return
    worker = _worker(session.config)
    if worker is not None and worker[0] != "gw0":
        return
    chosen = [v for v in variants() if v.label in wanted]
    _STARTED["all"] = _POOL.submit(_run_and_share, chosen, worker[1] if worker else None)


@pytest.fixture(scope="session")
def outcomes(pytestconfig) -> dict[str, Outcome]:
    """The suite run once against each variant the selected tests read (in parallel), shared by them."""
    if not _OUTCOMES and "all" in _STARTED:
        _OUTCOMES.update({o.variant.label: o for o in _STARTED["all"].result()})
    elif not _OUTCOMES and (worker := _worker(pytestconfig)) is not None:
        deadline = time.monotonic() + WAIT_SECONDS
        while (shared := _read(worker[1])) is None:
            if time.monotonic() > deadline:
                pytest.fail(f"worker gw0 wrote no kill matrix in {WAIT_SECONDS} s")
            time.sleep(0.5)
        if isinstance(shared, str):
            pytest.fail(shared)
        _OUTCOMES.update({o.variant.label: o for o in shared})
    return _OUTCOMES


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop starting variants; but under xdist, gw0 finishes the matrix the other workers may still wait for,
    unless the run is stopping."""
    started = _STARTED.get("all")
    stopping = bool(session.shouldstop or session.shouldfail)
    if started is not None and _worker(session.config) is not None and not stopping:
        started.exception()  # waits; a failure is the readers' to report
    _STOP.set()
    _POOL.shutdown(wait=False, cancel_futures=True)


def pytest_terminal_summary(terminalreporter) -> None:
    shown = list(_OUTCOMES.values())
    if not shown and "dir" in _SHARED and isinstance(read := _read(_SHARED["dir"]), list):
        shown = read  # the xdist controller: the matrix gw0 wrote
    if shown:
        terminalreporter.section("kill matrix: the conformance suite against every sandbox variant")
        for line in kill_matrix(shown).splitlines():
            terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    if "dir" in _SHARED:
        shutil.rmtree(_SHARED.pop("dir"), ignore_errors=True)
