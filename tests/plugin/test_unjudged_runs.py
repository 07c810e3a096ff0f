"""A run against a host that cannot be reached, as a CI job runs it: exit 3, and the files its next steps publish."""

import json
import xml.etree.ElementTree as ET

import pytest

from tests.helpers import run_suite

pytestmark = pytest.mark.slow


def test_a_host_that_cannot_be_reached_leaves_a_verdict_file_and_a_junit_file(tmp_path):
    done = run_suite(
        tmp_path, CAPILLARY_BASE_URL="http://127.0.0.1:9", CAPILLARY_TARGET_GROUP_ID="1", CAPILLARY_TARGET_ID="2",
        CAPILLARY_ALLOW_WRITE="1", CAPILLARY_USERNAME="ci", CAPILLARY_PASSWORD="ci-password",
    )  # fmt: skip
    assert done.returncode == 3, done.stdout[-2000:]
    record = json.loads((tmp_path / "results.json").read_text())
    assert record["verdict"] == "could not judge"
    assert "Connection refused" in record["down"]
    error = ET.parse(tmp_path / "junit.xml").find(".//testcase/error")
    assert "Connection refused" in error.get("message")
