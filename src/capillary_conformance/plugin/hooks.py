"""The suite's pytest plugin: the run's start (settings, host, probe), fixtures and test order.

``plugin.entry`` registers it only when a run selects the suite, so no other pytest run starts a host. It registers
the rest of the wiring (``case_report``: what a test's report carries; ``finish``: the run's end) and each output
the run asks for (``plugin/outputs``), each a plugin of its own, in the process that writes it.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test

from capillary_conformance import __version__
from capillary_conformance.checks import Expectations, all_checks, get, swept
from capillary_conformance.checks.registry import answer_checks
from capillary_conformance.client.http import SENT, HostUnavailable
from capillary_conformance.contracts import contract_version
from capillary_conformance.core.settings import ConfigError, undeclared
from capillary_conformance.generation import environment
from capillary_conformance.generation.environment import item_overlay
from capillary_conformance.plugin import case_report, finish, hookspecs
from capillary_conformance.plugin.budget import profiles
from capillary_conformance.plugin.budget.plan import Spending
from capillary_conformance.plugin.budget.progress import Progress, wanted
from capillary_conformance.plugin.case_report import SEEN_BEFORE, check_of
from capillary_conformance.plugin.entry import settings_of
from capillary_conformance.plugin.outputs import (
    allure,
    junit,
    other_warnings,
    report_panel,
    results_file,
    terminal,
    unjudged,
)
from capillary_conformance.plugin.run import RUN_KEY, SHARED_DIR, ConformanceRun
from capillary_conformance.plugin.target.host import Host
from capillary_conformance.plugin.verdict.classify import ExitStatus


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def _stop_cleanly_on_sigterm() -> None:
    """A CI time-out sends SIGTERM: stop as Ctrl-C does, so JUnit and results of what ran are written."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "check(name): the named contract check this test exercises")
    config.addinivalue_line("markers", "first_pass(examples): examples the test draws in the first pass (default 1)")
    config.addinivalue_line("markers", "each_answer_check: run once per registered answer check (a `check` argument)")
    config.addinivalue_line("markers", "coverage: asks each point of one of the contract's finite spaces, once")
    config.addinivalue_line("markers", "needs_channels: collected only when CAPILLARY_CHANNEL_IDS is declared")
    config.addinivalue_line("markers", "at_end: asked once, at the end of the deep pass (its check is ordered last)")
    profiles.restore_printer()
    try:
        worker = getattr(config, "workerinput", {})
        shared = worker.get(SHARED_DIR)
        run = ConformanceRun(settings_of(config), Path(shared) if shared else None, int(worker.get("workercount", 1)))
        environment.declare(item_overlay(run.settings))  # before collection: the tests' strategies read it
    except ConfigError as error:
        unjudged.write(config, ExitStatus.BAD_CONFIGURATION, str(error))
        pytest.exit(f"configuration error: {error}", returncode=ExitStatus.BAD_CONFIGURATION)
    config.stash[RUN_KEY] = run
    config.pluginmanager.register(run, "capillary-conformance-run")
    config.pluginmanager.register(case_report, "capillary-case-report")
    config.pluginmanager.register(finish, "capillary-finish")
    _register_outputs(config, run)
    profiles.load(run.settings)
    _stop_cleanly_on_sigterm()
    if config.option.help or config.option.collectonly:
        return
    # Started and probed here, before collection, so a host that cannot be judged costs one line.
    host = run.start()
    try:
        run.check_reachable(host)
    except HostUnavailable as error:
        run.stop()
        unjudged.write(
            config, ExitStatus.COULD_NOT_JUDGE, f"{error} (host unreachable)", run.base_url, run.settings.region
        )
        pytest.exit(f"{error} (host unreachable)", returncode=ExitStatus.COULD_NOT_JUDGE)
    except ConfigError as error:
        run.stop()
        unjudged.write(config, ExitStatus.COULD_NOT_JUDGE, str(error), run.base_url, run.settings.region)
        pytest.exit(f"could not judge: {error}", returncode=ExitStatus.COULD_NOT_JUDGE)
    terminal.register(config, run.record, run.settings.target_id, listed=not run.settings.uses_embedded_sandbox)
    if not hasattr(config, "workerinput") and wanted(run.plan) and host.client.budget is not None:
        config.pluginmanager.register(Progress(run.plan, host.client.budget, config), "capillary-progress")


def _register_outputs(config: pytest.Config, run: ConformanceRun) -> None:
    """Each output the run asks for, in the process that writes it (the terminal's summary once the host answers)."""
    junit.register(config)
    allure.register(config)
    report_panel.register(config, run.settings)
    results_file.register(config, run.settings.results_json)
    other_warnings.register(config)


def _tracebacks_when_asked(config: pytest.Config) -> None:
    """The suite runs quiet, without tracebacks (its summary names each finding and its replay); ``-v`` brings
    pytest's tracebacks and its short summary back, unless ``--tb`` says otherwise."""
    asked = [str(arg) for arg in config.invocation_params.args]
    if config.get_verbosity() >= 0 and not any(arg.startswith("--tb") for arg in asked):
        config.option.tbstyle = "auto"
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and config.get_verbosity() >= 0 and not any(arg.startswith("-r") for arg in asked):
        reporter.reportchars = "fE"  # it read the suite's -rN when it was made


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None:
        run.stop()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return header_lines(config)


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Quiet (the suite's default), pytest prints no header: the run says what it runs against itself."""
    config = session.config
    _tracebacks_when_asked(config)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and config.get_verbosity() < 0 and not hasattr(config, "workerinput"):
        for line in header_lines(config):
            reporter.write_line(line)


def header_lines(config: pytest.Config) -> list[str]:
    run = config.stash[RUN_KEY]
    s = run.settings
    seed = config.getoption("hypothesis_seed", None)
    return [
        f"capillary-conformance {__version__}, contract {contract_version()}, profile {s.profile}"
        + (f", hypothesis seed {seed}" if seed is not None else ""),
        f"host: {run.host_label}, region {s.region}, "
        f"target group {s.target_group_id}, target {s.target_id}, upsert key {','.join(s.upsert_key)}, "
        f"{getattr(config.option, 'numprocesses', None) or 1} process(es)"
        + (f", sending at most {s.rate_limit}" if s.rate_limit else ""),
        run.plan.line(),
        *([run.plan.detail()] if config.get_verbosity() > 0 else []),
        *_ignored_variables(),
    ]


def _ignored_variables() -> list[str]:
    """The environment's CAPILLARY_* variables that are no setting (none near one: those stop the run), in one
    line: a person learns that they do nothing."""
    ignored = undeclared(os.environ)
    return (
        [f"ignored: {', '.join(ignored)}: no setting of the suite (`capillary-conformance run --help` lists them)"]
        if ignored
        else []
    )


@pytest.fixture(scope="session")
def host(pytestconfig: pytest.Config) -> Host:
    run = pytestconfig.stash[RUN_KEY]
    assert run.host is not None, "the host starts in pytest_configure"
    return run.host


@pytest.fixture(scope="session")
def expect(host: Host) -> Expectations:
    return host.expect


@pytest.fixture(autouse=True)
def _fresh_exchanges(host: Host, request: pytest.FixtureRequest) -> None:
    host.begin_test(request.node.nodeid, check_of(request.node))
    request.node.stash[SEEN_BEFORE] = host.mark()


PASSES = (profiles.FIRST_PASS, profiles.DEEP_PASS)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that draws examples runs twice: a first pass of two examples per test, then the deep pass.
    A test that asks one fixed question (the environment probes) runs once, in the first pass; a check a
    sweep asks on every answer (positive: the answer checks) has its own tests in the deep pass only."""
    if metafunc.definition.get_closest_marker("each_answer_check"):
        each = [pytest.param(c, marks=pytest.mark.check(c.name), id=c.name) for c in answer_checks()]
        metafunc.parametrize("check", each)
        metafunc.parametrize("_pass", PASSES[1:], indirect=True)  # the sweep asked them in the first pass
        return
    if metafunc.definition.get_closest_marker("at_end"):
        metafunc.parametrize("_pass", PASSES[1:], indirect=True)
        return
    marker = metafunc.definition.get_closest_marker("check")
    check = marker.args[0] if marker is not None else None
    known = {registered.name: registered for registered in all_checks()}  # an unknown name: said at collection
    draws = is_hypothesis_test(metafunc.function) or (check in known and known[check].draws)
    passes = PASSES[1:] if check in swept() else PASSES if draws else PASSES[:1]
    metafunc.parametrize("_pass", passes, indirect=True)


@pytest.fixture(scope="session")
def spending(pytestconfig: pytest.Config) -> Spending:
    """What is left of the run's request budget, for a coverage test to fit its points in."""
    run = pytestconfig.stash[RUN_KEY]
    assert run.spending is not None, "planned when the tests are collected"
    return run.spending


@pytest.fixture(autouse=True)
def _pass(request: pytest.FixtureRequest, host: Host) -> Iterator[str]:
    which = getattr(request, "param", profiles.DEEP_PASS)
    run = request.config.stash[RUN_KEY]
    if which == profiles.DEEP_PASS and request.node.originalname in run.failed_first:
        pytest.skip("its first pass did not pass (that case says why): the deep pass would say it again")
    marker = request.node.get_closest_marker("first_pass")
    share = get(check_of(request.node)).deep_share
    examples = profiles.examples_of(which, marker.args[0] if marker else None, share)
    name = request.node.originalname
    if which == profiles.DEEP_PASS:
        run.spending.wait_for_the_first_pass()
        examples = run.spending.deep_examples(request.node.nodeid, name, share, examples)
    run.spending.begin(request.node.nodeid)
    sent = host.client.traffic[SENT]
    with profiles.drawing(request.function, which, examples):
        yield which
    if which == profiles.FIRST_PASS:  # what one example cost: the deep pass is shared out by it
        explicit = len(getattr(request.function, "hypothesis_explicit_examples", ()))
        run.spending.record_cost(name, host.client.traffic[SENT] - sent, explicit + examples)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test names a registered check. The first pass runs before the deep one, and takes the checks
    in turns: each check's first test (in the registry's order: broad, cheap checks first), then each
    one's second, and so on, so every check has asked its first question within the first requests. The
    deep pass runs check after check, within a check in the file's order."""
    ranks = {check.name: position for position, check in enumerate(all_checks())}
    unknown = sorted({f"{item.nodeid}: {check_of(item)!r}" for item in items if check_of(item) not in ranks})
    if unknown:
        raise pytest.UsageError(f"tests marked with no registered check: {'; '.join(unknown)}")
    turns: dict[int, int] = {}  # id(item): its place among its check's first-pass tests
    for check in ranks:
        tests = [i for i in items if check_of(i) == check and profiles.pass_of(i) == profiles.FIRST_PASS]
        turns.update((id(item), turn) for turn, item in enumerate(tests))
    items.sort(key=lambda i: (PASSES.index(profiles.pass_of(i)), turns.get(id(i), 0), ranks[check_of(i)]))


def pytest_collection_finish(session: pytest.Session) -> None:
    """The plan's spending knows every test the run will ask (each process collects them all)."""
    run = session.config.stash[RUN_KEY]
    if run.host is not None and run.host.client.budget is not None:
        items = session.items
        first = [i.nodeid for i in items if profiles.pass_of(i) == profiles.FIRST_PASS]
        deep = {i.nodeid: get(check_of(i)).deep_share for i in items if profiles.pass_of(i) == profiles.DEEP_PASS}
        run.spending = Spending(run.plan, run.host.client.budget, run.shared_dir, first, deep)
        session.config.pluginmanager.register(run.spending, "capillary-conformance-spending")
