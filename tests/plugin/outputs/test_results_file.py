"""results.json is written from the concluded record, by a plugin object on the process that writes the run's files."""

import json
from types import SimpleNamespace

import pytest

from capillary_conformance.core.record import RunRecord
from capillary_conformance.plugin import hookspecs
from capillary_conformance.plugin.outputs import results_file


def test_the_concluded_record_is_written_where_it_was_asked(tmp_path):
    manager = pytest.PytestPluginManager()
    manager.add_hookspecs(hookspecs)
    config = SimpleNamespace(pluginmanager=manager)
    results_file.register(config, tmp_path / "results.json")
    record = RunRecord(host="http://h", region="eu")
    record.conclude(0)
    manager.hook.pytest_capillary_run_concluded(config=config, record=record)
    written = json.loads((tmp_path / "results.json").read_text())
    assert (written["host"], written["region"], written["exitstatus"]) == ("http://h", "eu", 0)


def test_nothing_is_registered_without_a_path_or_on_an_xdist_worker(tmp_path):
    manager = pytest.PytestPluginManager()
    results_file.register(SimpleNamespace(pluginmanager=manager), None)
    results_file.register(SimpleNamespace(pluginmanager=manager, workerinput={}), tmp_path / "results.json")
    assert manager.get_plugin("capillary-results-file") is None
