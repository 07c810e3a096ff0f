"""Each output is a plugin object registered only when its output is asked for, and only in the process that writes
it: no JUnit writer without ``--junitxml``, no Allure case writer without ``--alluredir``, nothing of the run's
files on an xdist worker (the controller writes them)."""

from types import SimpleNamespace

import pytest

from capillary_conformance.core.record import RunRecord
from capillary_conformance.core.settings import Settings
from capillary_conformance.plugin.outputs import allure, junit, other_warnings, report_panel, results_file, terminal

SETTINGS = Settings()
OUTPUTS = {  # name: (register it, the option that asks for it)
    "capillary-junit-messages": (junit.register, {"xmlpath": "junit.xml"}),
    "capillary-allure-cases": (allure.register, {"allure_report_dir": "allure-results"}),
    "capillary-report-panel": (lambda c: report_panel.register(c, SETTINGS), {"allure_report_dir": "allure-results"}),
    "capillary-results-file": (lambda c: results_file.register(c, c.option.results), {"results": "results.json"}),
    "capillary-terminal-summary": (lambda c: terminal.register(c, RunRecord(), 1, listed=False), {}),
    "capillary-other-warnings": (other_warnings.register, {}),
}
WORKER_WRITES = {"capillary-allure-cases"}  # allure-pytest writes each process's cases


def config(asked: dict, worker: bool = False) -> SimpleNamespace:
    options = {"xmlpath": None, "allure_report_dir": None, "results": None, **asked}
    made = SimpleNamespace(
        option=SimpleNamespace(**options),
        pluginmanager=pytest.PytestPluginManager(),
        invocation_params=SimpleNamespace(args=()),
        get_verbosity=lambda: 0,
    )
    if worker:
        made.workerinput = {"workerid": "gw0"}
    return made


@pytest.mark.parametrize("name", OUTPUTS)
def test_an_output_asked_for_is_registered_on_the_process_that_writes_it(name):
    register, asked = OUTPUTS[name]
    controller = config(asked)
    register(controller)
    assert controller.pluginmanager.get_plugin(name) is not None


@pytest.mark.parametrize("name", [name for name, (_, asked) in OUTPUTS.items() if asked])
def test_an_output_not_asked_for_is_not_registered(name):
    register, _ = OUTPUTS[name]
    nothing_asked = config({})
    register(nothing_asked)
    assert nothing_asked.pluginmanager.get_plugin(name) is None


@pytest.mark.parametrize("name", OUTPUTS)
def test_on_an_xdist_worker_only_the_per_process_outputs_are_registered(name):
    register, asked = OUTPUTS[name]
    worker = config(asked, worker=True)
    register(worker)
    assert (worker.pluginmanager.get_plugin(name) is not None) == (name in WORKER_WRITES)
