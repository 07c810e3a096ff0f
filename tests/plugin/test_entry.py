"""The entry point's timing request: built from the settings like every other request of a run."""

import time

import httpx
import pytest

from capillary_conformance.core.settings import REMOTE_WORKERS, from_env
from capillary_conformance.plugin.entry import _workers_for

REGION = {
    "CAPILLARY_BASE_URL": "https://eu.api.example.test",
    "CAPILLARY_ALLOW_WRITE": "1",
    "CAPILLARY_TARGET_GROUP_ID": "5",
    "CAPILLARY_TARGET_ID": "6",
}
ENVELOPE = {"data": [], "errors": None, "warnings": None}


def test_the_timing_request_carries_the_configured_user_agent_and_timeouts():
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ENVELOPE)

    settings = from_env(
        REGION
        | {"CAPILLARY_USER_AGENT": "sdk-release-gate/7", "CAPILLARY_TIMEOUT": "2.5", "CAPILLARY_CONNECT_TIMEOUT": "1.5"}
    )
    assert _workers_for(settings, httpx.MockTransport(answer)) == 1
    (request,) = seen
    assert request.headers["User-Agent"] == "sdk-release-gate/7"
    assert request.extensions["timeout"] == {"connect": 1.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    assert request.url.path == "/v3/targetGroups/5/targets/6/communications/upsert"
    assert request.content == b"[]"  # a harmless request: an empty batch


def test_a_host_that_takes_time_to_answer_gets_several_processes():
    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)
        return httpx.Response(200, json=ENVELOPE)

    assert _workers_for(from_env(REGION), httpx.MockTransport(slow)) == REMOTE_WORKERS


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_a_host_that_does_not_answer_gets_one_process_and_the_probe_says_why(error):
    def fails(request: httpx.Request) -> httpx.Response:
        raise error

    assert _workers_for(from_env(REGION), httpx.MockTransport(fails)) == 1


def test_the_embedded_sandbox_is_not_timed():
    assert _workers_for(from_env({}), httpx.MockTransport(lambda request: pytest.fail("no request"))) == 1
