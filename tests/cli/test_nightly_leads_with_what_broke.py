"""A two-region nightly where one region breaks a promise, read as a person reads it in the morning: the summary
and the report's environment panel open with that region, its finding and the command that replays it; the
replay line works as printed; the regions' settings come after."""

import functools
import shlex
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.helpers import CLEAN_ENV
from tests.plugin.test_report_in_browser import rendered

pytestmark = pytest.mark.slow

TARGETS = """
[defaults]
profile = "selftest"
allow_write = true

[[target]]
region = "eu-sandbox"
target_group_id = 2750
target_id = 2996
sandbox_fault = "zulu-timestamps"

[[target]]
region = "us-sandbox"
target_group_id = 3001
target_id = 3002
sandbox_fault = "lower-case-enum"
"""


@pytest.fixture(scope="module")
def nightly(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nightly")
    (tmp / "targets.toml").write_text(TARGETS)
    process = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "nightly", "--targets", "targets.toml",
         "--reports-dir", "reports"],
        env=CLEAN_ENV, cwd=tmp, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert process.returncode == 1, process.stdout[-3000:] + process.stderr[-2000:]
    return tmp, process


def test_the_summary_opens_with_the_broken_region_its_finding_and_replay(nightly):
    tmp, process = nightly
    first = process.stdout.splitlines()[:10]
    assert any(line.startswith("us-sandbox ") and "violations" in line for line in first), first
    assert any(line.startswith("    OPEN /data/*/communicationType") for line in first), first
    (replay,) = [line.strip().removeprefix("replay: ") for line in first if line.strip().startswith("replay: ")]
    assert "--region us-sandbox" in replay
    rows = [line.split()[0] for line in process.stdout.splitlines() if line.startswith(("eu-sandbox ", "us-sandbox "))]
    assert rows == ["us-sandbox", "eu-sandbox"]  # the targets file lists eu first; what broke leads
    # The replay line, run as printed from where the nightly ran: the same broken promise, from the same region.
    again = subprocess.run(
        shlex.split(replay.replace("capillary-conformance", f"{shlex.quote(sys.executable)} -m capillary_conformance")),
        env=CLEAN_ENV, cwd=tmp, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert again.returncode == 1, again.stdout[-3000:]
    assert "/data/*/communicationType" in again.stdout


def test_the_panel_opens_with_the_broken_region_and_folds_the_settings(nightly):
    tmp, _ = nightly
    rows = (tmp / "reports" / "allure-results" / "environment.properties").read_text().splitlines()
    keys = [row.split("=", 1)[0] for row in rows]
    assert keys[:3] == ["us-sandbox.Verdict", "us-sandbox.Finding\\ 1", "us-sandbox.Replay\\ 1"]
    assert keys[3] == "eu-sandbox.Verdict"
    assert "--region us-sandbox" in rows[2]
    settings = [n for n, key in enumerate(keys) if key.endswith(".CAPILLARY_ALLOW_WRITE")]
    assert settings
    assert min(settings) > 3  # every region's settings after what broke


def test_the_report_shows_what_broke_before_any_setting(nightly, tmp_path):
    tmp, _ = nightly
    report = tmp / "reports" / "html"
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(report))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        text = rendered(f"http://127.0.0.1:{server.server_address[1]}/index.html", tmp_path)
    finally:
        server.shutdown()
    finding, replay = text.find("us-sandbox.Finding 1"), text.find("us-sandbox.Replay 1")
    assert finding >= 0, text[:3000]  # on the first screen, before "Show all"
    assert replay >= 0, text[:3000]
    assert "CAPILLARY_ALLOW_WRITE" not in text[:finding]
