"""The HTML report read as a person reads it: a faulty run's report opened in headless Chromium (Debian's
package; `.ci/run` installs it where missing, and sets REQUIRE_BROWSER so CI never skips this), the failed
case's page rendered, and what it says held against what a person needs: the broken promise in one line,
the request and the response, the rerun command, and no repr of the suite's own objects. It writes the
screenshot the README shows (docs/finding-page.png) when RECORD_SCREENSHOT=1 or when there is none."""

import base64
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import CLEAN_ENV

pytestmark = pytest.mark.slow

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "finding-page.png"
# What a page must not show: the suite's own objects and exception classes, Hypothesis' advice to authors.
REPRS = ("Host(", "Expectations(", "Check(", "capillary_conformance.checks", "CheckFailure", "@reproduce_failure")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
    "--virtual-time-budget=15000", "--window-size=1400,1000",
]  # fmt: skip


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed, and REQUIRE_BROWSER says this run must read the report")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """A gate against a host that lower-cases communicationType: one finding, many cases; its HTML report."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed (the HTML report needs it)")
    reports = tmp_path_factory.mktemp("reports")
    env = CLEAN_ENV | {"CAPILLARY_SANDBOX_FAULT": "lower-case-enum"}
    command = [sys.executable, "-m", "capillary_conformance", "run", "--reports-dir", str(reports)]
    done = subprocess.run(command, env=env, cwd=reports, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout[-2000:]
    return reports / "html"


@pytest.fixture(scope="module")
def served(report):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(report))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def failed_case(report: Path) -> str:
    """The route of the first failed case of the single-file report (its data are embedded, base64)."""
    page = (report / "index.html").read_text(encoding="utf-8")
    for uid, blob in re.findall(r'd\("data/test-cases/([0-9a-f]{32})\.json","([^"]+)"\)', page):
        case = json.loads(base64.b64decode(blob))
        if case.get("status") == "failed" and case.get("name", "").startswith("positive"):
            return f"#testresult/{uid}"
    raise AssertionError("the report holds no failed case of the positive sweep")


def rendered(url: str, tmp_path: Path) -> str:
    """The page's text after its scripts ran, as the browser lays it out; the Python and Hypothesis trace,
    folded behind "Show trace" for the suite's authors, left out (a person opens it on purpose)."""
    done = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert 'class="status-details__trace"' in done.stdout or "Show trace" not in done.stdout
    folded = r'<pre class="status-details__trace">.*?</pre>'
    text = re.sub(rf"<script\b.*?</script>|<style\b.*?</style>|{folded}", " ", done.stdout, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_a_failed_cases_page_says_the_broken_promise_the_exchange_and_the_rerun(report, served, tmp_path):
    url = served + failed_case(report)
    text = rendered(url, tmp_path)
    promise = r'Finding: broken promise at /data/\*/communicationType \(\w+\): .*"finish"'
    assert re.search(promise, text), text[:3000]  # the promise, what came back
    assert re.search(r"1\. (create|repeat|update) [^:]+: request", text), text[:3000]  # each step says what it did
    assert re.search(r"1\. (create|repeat|update) [^:]+: response", text)
    assert "Rerun:" in text
    assert "capillary-conformance run --reports-dir reports/replay --hypothesis-seed=" in text
    shown = [word for word in REPRS if word in text]
    assert not shown, f"the page shows the suite's objects: {shown}"
    if os.environ.get("RECORD_SCREENSHOT") or not SCREENSHOT.exists():
        SCREENSHOT.parent.mkdir(exist_ok=True)
        subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'shot'}", f"--screenshot={SCREENSHOT}", url],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip


def test_the_overview_says_the_verdict_in_the_suites_words(report, served, tmp_path):
    text = rendered(served, tmp_path)
    assert re.search(r"local: violations: 1 broken promise, met by \d+ case\(s\) \(1 open\)", text), text[:3000]
    assert "BROKEN" not in text


def test_the_categories_are_one_per_broken_promise(report, served, tmp_path):
    text = rendered(served + "#categories", tmp_path)
    assert "Broken promise at /data/*/communicationType" in text, text[:3000]
    assert "Contract violation:" not in text
