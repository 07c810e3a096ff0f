"""``capillary-conformance run`` as a new user meets it: a hand-started host, exit statuses, one-line errors."""

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import CLEAN_ENV, free_port, run_suite, sandbox_process

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hand_started_sandbox() -> Iterator[str]:
    """A second sandbox, as a user starts one: another port, other credentials and target ids."""
    env = {
        "CAPILLARY_USERNAME": "ops", "CAPILLARY_PASSWORD": "hand-started-pw",
        "CAPILLARY_TARGET_GROUP_ID": "41", "CAPILLARY_TARGET_ID": "42",
    }  # fmt: skip
    with sandbox_process(**env) as url:
        yield url


def hand_started_env(url: str, password: str = "hand-started-pw") -> dict[str, str]:
    return {
        "CAPILLARY_BASE_URL": url, "CAPILLARY_USERNAME": "ops", "CAPILLARY_PASSWORD": password,
        "CAPILLARY_TARGET_GROUP_ID": "41", "CAPILLARY_TARGET_ID": "42", "CAPILLARY_ALLOW_WRITE": "1",
    }  # fmt: skip


def test_passes_a_hand_started_sandbox(tmp_path, hand_started_sandbox):
    result = run_suite(tmp_path, "--capillary-profile", "selftest", **hand_started_env(hand_started_sandbox))
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"host: {hand_started_sandbox}" in result.stdout


def test_wrong_password_is_one_line_and_no_verdict(tmp_path, hand_started_sandbox):
    result = run_suite(tmp_path, **hand_started_env(hand_started_sandbox, password="not-it"))
    assert result.returncode == 3
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "refused the configured credentials for user 'ops'" in lines[0]
    assert "not-it" not in lines[0]


def test_nothing_listening_is_could_not_judge(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    result = run_suite(tmp_path, **hand_started_env(url))
    assert result.returncode == 3
    assert "host unreachable" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"CAPILLARY_BASE_URL": "https://eu.example.test"}, "refusing to write"),
        (
            {
                "CAPILLARY_BASE_URL": "https://eu.example.test",
                "CAPILLARY_TARGET_GROUP_ID": "1",
                "CAPILLARY_TARGET_ID": "2",
            },
            "CAPILLARY_ALLOW_WRITE=1",
        ),
        ({"CAPILLARY_BASE_URL": "eu.example.test"}, "not an http(s) URL"),
        ({"CAPILLARY_USERNAME": "u"}, "half given"),
        ({"CAPILLARY_UTC_OFFSET": "IST"}, "CAPILLARY_UTC_OFFSET"),
        ({"CAPILLARY_UPSERT_KEY": "sender"}, "CAPILLARY_UPSERT_KEY"),
        ({"CAPILLARY_TARGET_ID": "0"}, "positive integer"),
        ({"CAPILLARY_SANDBOX_FAULT": "bogus"}, "CAPILLARY_SANDBOX_FAULT='bogus' is not a fault"),
        ({"CAPILLARY_PROFILE": "nighlty"}, "CAPILLARY_PROFILE"),
        (
            {"CAPILLARY_RATE_LIMITS": "100/min"},
            "CAPILLARY_RATE_LIMITS is no setting of the suite: did you mean CAPILLARY_RATE_LIMIT?",
        ),
    ],
)
def test_bad_configuration_is_one_line_exit_4(tmp_path, env, says):
    result = run_suite(tmp_path, **env)
    assert result.returncode == 4
    output = (result.stdout + result.stderr).strip().splitlines()
    assert len(output) == 1, output
    assert says in output[0]
    junit = (tmp_path / "junit.xml").read_text()  # a CI step that publishes JUnit finds the cause, not nothing
    assert "bad configuration" in junit
    assert 'tests="1" errors="1"' in junit


@pytest.mark.parametrize(
    ("option", "meant"), [("--report-dir", "--reports-dir"), ("--capilary-base-url", "--capillary-base-url")]
)
def test_a_misspelt_option_is_one_line_naming_the_closest(tmp_path, option, meant):
    result = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "run", option, "x"],
        env=CLEAN_ENV, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 4
    output = (result.stdout + result.stderr).strip().splitlines()
    assert output == [f"capillary-conformance: configuration error: `capillary-conformance run` has no option "
                      f"{option}; did you mean {meant}?"]  # fmt: skip


def test_no_credentials_given_none_sent_to_a_host_that_is_not_the_sandbox(tmp_path):
    """The embedded sandbox's own credentials are never sent elsewhere: not one connection is opened."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    connections = []

    def count() -> None:
        while not stopped.is_set():
            try:
                connections.append(listener.accept()[0])
            except TimeoutError:
                continue

    stopped = threading.Event()
    counter = threading.Thread(target=count)
    counter.start()
    try:
        result = run_suite(
            tmp_path, CAPILLARY_BASE_URL=f"http://127.0.0.1:{listener.getsockname()[1]}",
            CAPILLARY_TARGET_GROUP_ID="1", CAPILLARY_TARGET_ID="2", CAPILLARY_ALLOW_WRITE="1",
        )  # fmt: skip
    finally:
        stopped.set()
        counter.join()
        listener.close()
    assert result.returncode == 4
    (line,) = (result.stdout + result.stderr).strip().splitlines()
    assert "CAPILLARY_USERNAME and CAPILLARY_PASSWORD" in line
    assert connections == []


def test_a_nightly_whose_targets_file_reads_credentials_from_near_names_runs(tmp_path, hand_started_sandbox):
    """nightly-regions.yml's shape: credentials in CAPILLARY_<REGION>_USERNAME; a region called x makes a name
    one letter from a setting's, still never refused, since the targets file points to it."""
    regions = "".join(
        f'[[target]]\nregion = "{region}"\nbase_url = "{hand_started_sandbox}"\ntarget_group_id = 41\n'
        f'target_id = 42\nallow_write = true\nprofile = "selftest"\nusername_env = "CAPILLARY_{region}_USERNAME"\n'
        f'password_env = "CAPILLARY_{region}_PASSWORD"\n\n'
        for region in ("EU", "X")
    )
    (tmp_path / "targets.toml").write_text(regions)
    secrets = {f"CAPILLARY_{region}_{what}": value for region in ("EU", "X")
               for what, value in (("USERNAME", "ops"), ("PASSWORD", "hand-started-pw"))}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "nightly", "--targets", "targets.toml", "--no-report",
         "--reports-dir", "reports", "-k", "auth"],
        env=CLEAN_ENV | secrets, cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    for region in ("EU", "X"):
        output = (tmp_path / "reports" / "regions" / region / "output.txt").read_text()
        assert "ignored:" not in output  # the region's run is handed its settings, not the file's variables


def test_plain_pytest_on_the_installed_suite_refuses_unsafe_writes_too(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--pyargs", "capillary_conformance.suite",
         "--capillary-base-url", "https://eu.example.test"],
        env=CLEAN_ENV, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 4
    assert "refusing to write to https://eu.example.test" in result.stdout + result.stderr


def test_a_web_server_that_is_not_the_api_is_a_bad_base_url(tmp_path):
    """A wrong CAPILLARY_BASE_URL (here a plain web server) is said in one line, not as 20 violations."""
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run_suite(tmp_path, **hand_started_env(f"http://127.0.0.1:{server.server_address[1]}"))
    finally:
        server.shutdown()
    assert result.returncode == 3
    assert "does not answer like the API" in result.stdout + result.stderr
    assert "check CAPILLARY_BASE_URL" in result.stdout + result.stderr


def test_without_node_the_html_step_is_one_line_and_the_results_stay(tmp_path):
    """An installed package without Node.js: results and JUnit are written; one line says how to get the HTML."""
    results = tmp_path / "allure-results"
    results.mkdir()
    (results / "0-result.json").write_text('{"name": "t", "status": "passed", "uuid": "0", "historyId": "0"}')
    result = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "report", "--reports-dir", str(tmp_path)],
        env=CLEAN_ENV | {"PATH": str(tmp_path / "no-tools-here")}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "needs Node.js" in lines[0]
    assert "capillary-conformance report" in lines[0]
    assert not (tmp_path / "html").exists()


def test_a_schemathesis_replay_line_selects_its_test(tmp_path):
    """Schemathesis' lazy parametrization is not pytest's: its replay id must name the test itself."""
    result = run_suite(
        tmp_path, "--capillary-profile=selftest", "--capillary-sandbox-fault=undocumented-422", "-k", "schemathesis"
    )
    assert result.returncode == 1, result.stdout[-2000:]
    replay = next(
        line.strip().removeprefix("replay: ")
        for line in result.stdout.splitlines()
        if line.strip().startswith("replay: capillary-conformance run ")
    )
    test_id = replay.rsplit(" ", 1)[1].strip("'")
    # The pass is pytest's parametrization, so it is in the id; Schemathesis' own lazy one is not.
    assert test_id in {
        f"test_schemathesis.py::test_openapi_fragment_through_schemathesis[{which}]" for which in ("first", "deep")
    }
    replay_dir = tmp_path / "replay"
    replay_dir.mkdir()
    options = replay.split()[4:-1]  # after "capillary-conformance run --reports-dir reports/replay"
    assert options[0].startswith("--hypothesis-seed=")
    again = run_suite(replay_dir, *options, test_id)
    assert again.returncode == 1, again.stdout[-2000:]
    assert "1 failed" in again.stdout


def test_a_nightly_regions_replay_line_reproduces_its_finding_from_another_directory(tmp_path):
    """The rerun line of a region names its targets file and region (the host, target and credentials are the
    file's): run as printed elsewhere, it meets the same broken promise, never silently another host."""
    targets = tmp_path / "targets.toml"
    targets.write_text(
        '[defaults]\nprofile = "selftest"\n\n[[target]]\nregion = "eu-broken"\ntarget_group_id = 2750\n'
        'target_id = 2996\nsandbox_fault = "lower-case-enum"\n'
    )
    nightly = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "nightly", "--targets", str(targets), "--no-report",
         "--reports-dir", str(tmp_path / "reports")],
        env=CLEAN_ENV, cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert nightly.returncode == 1, nightly.stdout[-2000:]
    (finding,) = json.loads((tmp_path / "reports" / "regions" / "eu-broken" / "results.json").read_text())["findings"]
    replay = finding["replay"]
    assert replay.startswith(f"capillary-conformance run --targets {targets.resolve()} --region eu-broken ")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    argv = [sys.executable, "-m", "capillary_conformance", *shlex.split(replay)[1:], "--no-report"]
    again = subprocess.run(argv, env=CLEAN_ENV, cwd=elsewhere, capture_output=True, text=True, timeout=600)
    assert again.returncode == 1, again.stdout[-2000:]
    assert finding["pointer"] in again.stdout
    assert "(region eu-broken)" in again.stdout


@pytest.mark.parametrize("fault", ["new-id-on-repeat", "lower-case-enum"])
def test_a_findings_replay_line_run_as_printed_elsewhere_fails_the_same_way(tmp_path, fault):
    """A sequence's finding (a repeat that got a new id) and an answer's, against the embedded sandbox: the
    replay line starts the same sandbox variant itself, and the same test meets the same broken promise."""
    first = tmp_path / "first"
    first.mkdir()
    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--capillary-profile=selftest"]
    env = CLEAN_ENV | {"CAPILLARY_SANDBOX_FAULT": fault}
    done = subprocess.run([*command, "--reports-dir", str(first)], env=env, cwd=first, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout[-2000:]
    findings = json.loads((first / "results.json").read_text())["findings"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for finding in findings:
        argv = [sys.executable, "-m", "capillary_conformance", *shlex.split(finding["replay"])[1:], "--no-report"]
        again = subprocess.run(argv, env=CLEAN_ENV, cwd=elsewhere, capture_output=True, text=True, timeout=600)
        assert again.returncode == 1, f"{finding['replay']}\n{again.stdout[-2000:]}"
        assert finding["pointer"] in again.stdout


def test_an_embedded_sandbox_findings_curl_replay_starts_that_sandbox_and_meets_the_fault(tmp_path):
    """The run's sandbox is gone when a person reads the report: the curl replay starts the same variant on
    its port (credentials of its own choosing) before it sends, and the answer shows the fault."""
    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--capillary-profile=selftest"]
    env = CLEAN_ENV | {"CAPILLARY_SANDBOX_FAULT": "lower-case-enum"}
    done = subprocess.run([*command, "--reports-dir", str(tmp_path)], env=env, cwd=tmp_path, capture_output=True)
    assert done.returncode == 1
    results = tmp_path / "allure-results"
    cases = [json.loads(path.read_text()) for path in results.glob("*-result.json")]
    failed = next(c for c in cases if c["status"] == "failed" and c["name"].startswith("positive"))  # the sweep's
    (replay,) = [(results / a["source"]).read_text() for a in failed["attachments"] if a["name"].endswith("(curl)")]
    assert replay.startswith("# the run's embedded sandbox is gone: start the same one on its port first\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"  # capillary-conformance, as installed
    again = subprocess.run(
        ["bash", "-c", replay + "\nkill $!"], env=CLEAN_ENV | {"PATH": path}, cwd=elsewhere,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "HTTP/1.1 200 OK" in again.stdout, again.stdout + again.stderr
    assert re.search(r'"communicationType": "(start|finish|change|reminder)"', again.stdout)  # the fault again


def test_a_sequence_findings_steps_replay_in_order_and_meet_the_fault_again(tmp_path):
    """A repeat that got a new id is a sequence: its case carries one replay of its steps in order, which run
    as printed (starting the sandbox variant first) answer two ids for one key again."""
    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--capillary-profile=selftest"]
    env = CLEAN_ENV | {"CAPILLARY_SANDBOX_FAULT": "new-id-on-repeat", "CAPILLARY_UPSERT_KEY": "communicationType"}
    done = subprocess.run([*command, "--reports-dir", str(tmp_path)], env=env, cwd=tmp_path, capture_output=True)
    assert done.returncode == 1
    results = tmp_path / "allure-results"
    cases = [json.loads(path.read_text()) for path in results.glob("*-result.json")]
    steps = next(
        (results / a["source"]).read_text()
        for case in cases
        if case["status"] == "failed" and case["name"].startswith("idempotency: identical repeat changes nothing")
        for a in case["attachments"]
        if a["name"] == "replay: the 2 steps in order (curl)"
    )
    assert re.search(r"# step 1: (create|update|repeat) CHANGE", steps)  # each step says what it did to its key
    assert "# step 2: repeat CHANGE (answered HTTP 200)" in steps
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    again = subprocess.run(
        ["bash", "-c", steps + "\nkill $!"], env=CLEAN_ENV | {"PATH": path}, cwd=elsewhere,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    ids = re.findall(r'\{"data": \[\{"id": (\d+)', again.stdout)
    assert len(ids) == 2, again.stdout[-2000:]
    assert ids[0] != ids[1]  # one key, two ids: the fault met again
