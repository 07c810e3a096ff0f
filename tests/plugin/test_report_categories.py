"""The report's categories, as Allure 3 matches them: the first category whose status matches and whose
``messageRegex`` a JavaScript ``RegExp(regex, "s")`` finds in the message. Run in Node itself."""

import json
import shutil
import subprocess

import pytest

from capillary_conformance.core.record import Finding
from capillary_conformance.plugin.outputs.allure import categories

FINDINGS = [
    Finding(key="/data/*/channelId", pointer="/data/*/channelId", checks=["echo", "idempotency"]),
    Finding(key="/data/*/channel", pointer="/data/*/channel", checks=["echo"]),
    Finding(key="status: valid-is-200", pointer="status", checks=["envelope"]),
]
CATEGORIES = categories(FINDINGS)

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

MATCH_IN_NODE = """
const [categories, cases] = JSON.parse(require("fs").readFileSync(0, "utf8"));
const matches = (c, [status, message]) =>
  (!c.matchedStatuses || c.matchedStatuses.includes(status)) &&
  (!c.messageRegex || new RegExp(c.messageRegex, "s").test(message));
console.log(JSON.stringify(cases.map((k) => (categories.find((c) => matches(c, k)) || {}).name)));
"""


def categorise(cases: list[tuple[str, str]]) -> list[str | None]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (the HTML report needs it)")
    result = subprocess.run(
        [node, "-e", MATCH_IN_NODE], input=json.dumps([CATEGORIES, cases]), capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_each_findings_cases_are_filed_under_that_finding_whichever_check_judged_them():
    cases = [
        ("failed", "Finding: broken promise at /data/*/channelId (echo): channelId was sent as 1"),
        ("failed", "Finding: broken promise at /data/*/channelId (idempotency): no answer item has the key"),
        ("failed", "Finding: broken promise at /data/*/channel (echo): a prefix of another finding's place"),
        ("failed", "Finding: broken promise at status: valid-is-200 (envelope): a valid request was answered"),
    ]
    assert categorise(cases) == [
        "Broken promise at /data/*/channelId",
        "Broken promise at /data/*/channelId",
        "Broken promise at /data/*/channel",
        "Broken promise at status: valid-is-200",
    ]


def test_other_failures_and_unjudged_hosts_have_their_own_categories():
    cases = [
        ("failed", "AssertionError: something else"),
        ("broken", "HostUnavailable: http://eu.example.test timed out"),
        ("broken", "could not judge: the host stopped answering"),
        ("broken", "TypeError in the suite"),
        ("broken", "HostUnavailable: could not judge h: ReadTimeout: timed out"),
        ("broken", "HostUnavailable: could not judge h: it stopped answering earlier (RemoteProtocolError: closed)"),
        ("broken", "HostUnavailable: could not judge h: ReadError: reset"),
    ]
    assert categorise(cases) == [
        "Contract violations (other)",
        "Could not judge (host unreachable, slow or rate-limiting)",
        "Could not judge (host unreachable, slow or rate-limiting)",
        "Suite errors",
        "Could not judge: timed out",
        "Could not judge: the connection closed mid-answer",
        "Could not judge: the connection closed mid-answer",
    ]
