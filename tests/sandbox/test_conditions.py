"""The sandbox as a remote region: answers take the configured time; past the rate, 429 with Retry-After."""

import time

import httpx

from capillary_conformance.sandbox import running_sandbox
from tests.sandbox.conftest import settings_with


def test_latency_delays_every_answer_but_not_the_sandbox_own_routes():
    settings = settings_with(CAPILLARY_SANDBOX_LATENCY="0.2")
    with running_sandbox(settings) as url, httpx.Client(base_url=url) as client:
        started = time.perf_counter()
        client.post("/v3/targetGroups/1/targets/2/communications/upsert", json=[])
        assert time.perf_counter() - started >= 0.2
        started = time.perf_counter()
        client.get("/__sandbox/stats")
        assert time.perf_counter() - started < 0.2


def test_past_the_rate_limit_the_answer_is_429_with_retry_after_and_the_envelope():
    settings = settings_with(CAPILLARY_SANDBOX_RATE_LIMIT="3")
    with running_sandbox(settings) as url, httpx.Client(base_url=url) as client:
        statuses = [client.post("/v3/targetGroups/1/targets/2/communications/upsert", json=[]) for _ in range(5)]
        assert [r.status_code for r in statuses[:3]] == [401, 401, 401]
        throttled = statuses[3]
        assert throttled.status_code == 429
        assert int(throttled.headers["retry-after"]) >= 1
        assert throttled.json()["errors"][0]["code"] == 429
        time.sleep(1.05)
        assert client.post("/v3/targetGroups/1/targets/2/communications/upsert", json=[]).status_code == 401
