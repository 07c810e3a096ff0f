"""``capillary-conformance nightly``: several regions at once, one report, one summary; a down region stops none."""

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from capillary_conformance.cli.main import EXAMPLE_TARGETS
from capillary_conformance.core.settings import without_settings
from capillary_conformance.plugin.verdict.history import RUNS_FILE

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def nightly(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nightly")
    example = EXAMPLE_TARGETS.read_text().replace('profile = "gate"', 'profile = "selftest"')
    targets = tmp / "targets.toml"
    targets.write_text(
        example
        + f'\n[[target]]\nregion = "down"\nbase_url = "http://127.0.0.1:{closed_port()}"\n'
        + "target_group_id = 1\ntarget_id = 2\nallow_write = true\n"
        + 'username_env = "DOWN_USERNAME"\npassword_env = "DOWN_PASSWORD"\n'
    )  # a real host's region: written to only with leave, sent only the credentials its variables hold
    # Settings of the environment: the history folder applies to every region; a base URL, which says which host,
    # is the targets file's alone (each region here is an embedded sandbox).
    env = without_settings() | {
        "CAPILLARY_HISTORY_DIR": str(tmp / "history"),
        "CAPILLARY_BASE_URL": f"http://127.0.0.1:{closed_port()}",
        "DOWN_USERNAME": "nightly-ci",
        "DOWN_PASSWORD": "not-a-real-secret",
    }
    process = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "nightly", "--targets", str(targets),
         "--reports-dir", str(tmp)],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    return tmp, process


def test_summary_names_every_region_and_the_down_one(nightly):
    _, process = nightly
    rows = {line.split()[0]: line for line in process.stdout.splitlines() if line.split()}
    assert "conforms" in rows["eu-sandbox"]
    assert "conforms" in rows["india-sandbox"]
    assert "could not judge" in rows["down"]
    assert "unreachable" in rows["down"]
    assert process.returncode == 3  # nothing violated, but one region could not be judged


def test_regions_configured_differently_show_their_differences_and_still_conform(nightly):
    reports, process = nightly
    assert "valid, repeated, updated / offset style: eu-sandbox: Z; india-sandbox: +hhmm" in process.stdout
    assert "india-sandbox: $.data[].attribution.source, $.data[].priority, $.requestId" in process.stdout
    assert "regions side by side (eu-sandbox, india-sandbox)" in (reports / "nightly-summary.txt").read_text()
    environment = (reports / "allure-results" / "environment.properties").read_text()
    assert "Regions\\ differ,\\ valid,\\ repeated,\\ updated\\ /\\ offset\\ style=eu-sandbox: Z" in environment


def test_one_report_where_every_case_carries_its_region(nightly):
    reports, _ = nightly
    regions, broken = set(), set()
    for path in (reports / "allure-results").glob("*-result.json"):
        result = json.loads(path.read_text())
        labels = {label["name"]: label["value"] for label in result["labels"]}
        regions.add(labels["region"])
        if result["status"] == "broken":
            broken.add(labels["region"])
    assert regions == {"eu-sandbox", "india-sandbox", "down"}
    assert broken == {"down"}  # the region that could not be judged has a case of its own
    environment = (reports / "allure-results" / "environment.properties").read_text()
    assert "india-sandbox.Verdict=conforms" in environment
    assert "down.Verdict=could not judge" in environment
    assert (reports / "nightly-summary.txt").exists()


def test_a_region_takes_the_environments_settings_but_not_which_host(nightly):
    reports, process = nightly
    runs = [json.loads(line) for line in (reports / "history" / RUNS_FILE).read_text().splitlines()]
    assert {run["region"] for run in runs} >= {"eu-sandbox", "india-sandbox"}  # CAPILLARY_HISTORY_DIR applied
    said = "nightly: CAPILLARY_BASE_URL in the environment ignored: each region names its own host, target, "
    assert said in process.stdout
