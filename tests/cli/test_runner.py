"""The suite's command: what `capillary-conformance run` starts, and what the project's child runs start."""

from capillary_conformance.cli.runner import child_env, fresh_reports, suite_command
from capillary_conformance.suite import SUITE_DIR, pytest_argv


def test_the_command_runs_the_installed_suite_with_its_own_configuration_and_writes_the_reports(tmp_path):
    command = suite_command(["-q"], tmp_path)
    assert command[1:4] == ["-m", "pytest", str(SUITE_DIR)]
    assert ["-c", str(SUITE_DIR / "pytest.ini")] == command[command.index("-c") : command.index("-c") + 2]
    assert f"--junitxml={tmp_path / 'junit.xml'}" in command
    assert f"--capillary-results-json={tmp_path / 'results.json'}" in command
    assert sum(arg.startswith("--hypothesis-seed=") for arg in command) == 1  # a seed its replays can name


def test_a_seed_given_is_kept_and_a_test_id_selects_its_test(tmp_path):
    command = suite_command(["--hypothesis-seed=7", "capillary_conformance.suite.test_auth::test_x"], tmp_path)
    assert [arg for arg in command if arg.startswith("--hypothesis-seed")] == ["--hypothesis-seed=7"]
    assert str(SUITE_DIR / "test_auth.py") + "::test_x" in command
    assert command[3] == "-c"  # only the selected test, not the whole suite before it


def test_a_run_leaves_no_file_of_an_earlier_one(tmp_path):
    for name in ("junit.xml", "results.json", "keep.txt"):
        (tmp_path / name).write_text("old")
    (tmp_path / "allure-results").mkdir()
    fresh_reports(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_a_replay_lines_test_id_is_found_inside_the_installed_suite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = pytest_argv(["test_positive.py::test_valid_upsert_keeps_every_positive_promise[first]", "-x"])
    assert f"{SUITE_DIR / 'test_positive.py'}::test_valid_upsert_keeps_every_positive_promise[first]" in argv
    (tmp_path / "test_positive.py").write_text("")  # the user's own file of that name stays theirs
    assert "test_positive.py::t" in pytest_argv(["test_positive.py::t"])


def test_a_child_run_started_from_an_xdist_worker_is_no_worker_of_it():
    env = {"PATH": "/usr/bin", "PYTEST_XDIST_WORKER": "gw0", "PYTEST_XDIST_WORKER_COUNT": "2", "CAPILLARY_X": "1"}
    assert child_env(env) == {"PATH": "/usr/bin", "CAPILLARY_X": "1"}
