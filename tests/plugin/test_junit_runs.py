"""The JUnit file as a CI test viewer shows it, from a run against a host that breaks one promise in many cases."""

import xml.etree.ElementTree as ET

import pytest

from tests.helpers import run_suite

pytestmark = pytest.mark.slow

NOT_IN_A_MESSAGE = ("capillary_conformance.", "Host(", "Expectations(", "CustomFailure(", "Failing")


def test_one_broken_promise_is_one_promise_line_and_every_other_case_names_the_first(tmp_path):
    done = run_suite(tmp_path, "--capillary-profile=selftest", CAPILLARY_SANDBOX_FAULT="channel-off-by-one")
    assert done.returncode == 1, done.stdout[-2000:]
    failures = [case.find("failure") for case in ET.parse(tmp_path / "junit.xml").iter("testcase")]
    messages = [failure.get("message", "") for failure in failures if failure is not None]
    assert len(messages) > 3
    first, *others = messages
    assert first.startswith("broken promise at /data/*/channelId ("), first
    assert all(message.startswith("same broken promise as ") for message in others), others
    for message in messages:
        assert "\nreplay: capillary-conformance run " in message
        assert not [word for word in NOT_IN_A_MESSAGE if word in message], message
