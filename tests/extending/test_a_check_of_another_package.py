"""A check is one declaration: a package of its own declares a check with the public decorator and a fault
that breaks it, names both by entry point, and a real child run shows the check in JUnit, results.json, the
Allure results and the kill matrix, with no file of this project edited."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHECK = '''
"""A throw-away check: no answer item carries a field named "scratch"."""
from capillary_conformance.checks import answer_check
from capillary_conformance.checks.base import require


@answer_check("throwaway", order=50, label="throw", promise="no answer item carries a field named scratch")
def check_no_scratch(upsert, expect):
    for item in upsert.answer_items("throwaway"):
        require("scratch" not in item, "throwaway", "an answer item carries a field named scratch", "/data/*/scratch")
'''

FAULT = """
from capillary_conformance.sandbox.faults import Fault, register


@register
class AddsScratch(Fault):
    name, breaks, legal = "adds-scratch", "throwaway", False
    description = "adds a field named scratch to every answer item"

    def item(self, item, created, new_id):
        return {**item, "scratch": 1}
"""

ENTRY_POINTS = """
[capillary_conformance.checks]
throwaway = throwaway_check

[capillary_conformance.faults]
adds-scratch = throwaway_fault
"""


@pytest.fixture(scope="module")
def another_package(tmp_path_factory) -> Path:
    """An installed distribution as importlib.metadata finds one: modules and a dist-info on the path."""
    root = tmp_path_factory.mktemp("site")
    (root / "throwaway_check.py").write_text(CHECK)
    (root / "throwaway_fault.py").write_text(FAULT)
    info = root / "throwaway_check-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: throwaway-check\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    return root


@pytest.fixture(scope="module")
def selftest(another_package, tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAPILLARY_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(another_package), env.get("PYTHONPATH")]))
    argv = [sys.executable, "-m", "capillary_conformance", "selftest", "--variant", "adds-scratch"]
    process = subprocess.run(
        [*argv, "--reports-dir", str(reports)], env=env, cwd=reports, capture_output=True, text=True, timeout=300
    )
    return process, reports / "adds-scratch"


def test_the_kill_matrix_has_its_column_and_catches_its_fault(selftest):
    process, _ = selftest
    assert process.returncode == 0, process.stdout + process.stderr
    header, row = (line.split() for line in process.stdout.splitlines() if line.startswith(("variant ", "adds-")))
    assert header[-2:] == ["throw", "verdict"]  # after the shipped checks: its order is 50
    assert row[:2] == ["adds-scratch", "throwaway"]
    assert row[-2:] == ["[x]", "caught"]
    failed = {label for label, cell in zip(header[2:-1], row[2:-1], strict=True) if "x" in cell}
    # Extra fields are drift to the shipped checks; a Schemathesis case that breaks its promise (the adapter asks
    # every answer check) is filed under the check that judged it, and its test's column is marked too (asked).
    assert failed == {"throw", "s-thes"}


def test_results_junit_and_allure_name_the_check(selftest):
    _, reports = selftest
    results = json.loads((reports / "results.json").read_text())
    failed = [r for r in results["results"] if r["outcome"] == "failed"]
    assert {r["check"] for r in failed} == {"throwaway"}  # Schemathesis' cases too: the check that judged them
    assert any("test_schemathesis" in r["nodeid"] for r in failed)
    assert {r["rule"] for r in failed} == {"throwaway"}
    (finding,) = results["findings"]  # one broken promise, one finding
    assert finding["rules"] == ["throwaway"]
    assert finding["checks"][0] == "throwaway"
    junit = (reports / "junit.xml").read_text()
    assert "(throwaway): an answer item carries a field named scratch" in junit
    assert "test_each_answer_check_on_random_valid_bodies[throwaway-deep]" in junit  # its own deep test
    allure = [json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json")]
    failed_cases = [case for case in allure if case["status"] == "failed"]
    assert len(failed_cases) == len(failed)
    assert all("(throwaway): an answer item carries" in case["statusDetails"]["message"] for case in failed_cases)
    assert "throwaway" in {
        label["value"] for case in failed_cases for label in case["labels"] if label["name"] == "check"
    }
    categories = json.loads((reports / "allure-results" / "categories.json").read_text())
    (category,) = (c for c in categories if c["name"] == f"Broken promise at {finding['key']}")
    assert category["messageRegex"] == re.escape(f"broken promise at {finding['key']} (")  # files its failures
    assert "no answer item carries a field named scratch" in category["description"]  # the promise, in words
