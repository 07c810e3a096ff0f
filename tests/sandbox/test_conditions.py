"""The sandbox as a remote region: answers take the configured time; past the rate, 429 with Retry-After."""

import time

import httpx

from capillary_conformance.sandbox import running_sandbox
from tests.sandbox.conftest import SEED_REQUEST, settings_with


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


def test_a_rate_per_minute_counts_its_window_in_minutes():
    settings = settings_with(CAPILLARY_SANDBOX_RATE_LIMIT="2/min")
    with running_sandbox(settings) as url, httpx.Client(base_url=url) as client:
        statuses = [client.post("/v3/targetGroups/1/targets/2/communications/upsert", json=[]) for _ in range(3)]
        time.sleep(1.05)  # a per-second window would have let the next one through
        statuses.append(client.post("/v3/targetGroups/1/targets/2/communications/upsert", json=[]))
        assert [r.status_code for r in statuses] == [401, 401, 429, 429]
        assert int(statuses[3].headers["retry-after"]) >= 55


def test_environment_mode_answers_like_a_region_a_warning_a_request_id_and_the_api_end():
    settings = settings_with(CAPILLARY_SANDBOX_ENVIRONMENT="1", CAPILLARY_SANDBOX_RATE_LIMIT="2")
    path = f"/v3/targetGroups/{settings.target_group_id}/targets/{settings.target_id}/communications/upsert"
    item = {**SEED_REQUEST[0], "channelId": 1}
    auth = (settings.credentials.username, settings.credentials.password)
    with running_sandbox(settings) as url, httpx.Client(base_url=url, auth=auth) as client:
        success, refused, throttled = (client.post(path, json=body) for body in ([item], [{}], [item]))
    assert success.status_code == 200
    assert success.json()["warnings"] == [{"code": 3001, "message": "This API is deprecated and will be removed"}]
    assert refused.status_code == 400
    assert refused.json()["warnings"] is None  # a warning is a success's
    assert throttled.status_code == 429
    ids = [answer.headers["x-cap-requestid"] for answer in (success, refused, throttled)]
    assert len(set(ids)) == 3, "every answer has its own request id"
    assert success.headers["deprecation"].startswith("@")
    assert success.headers["sunset"].endswith("GMT")


def test_outside_environment_mode_answers_carry_none_of_it():
    settings = settings_with()
    with running_sandbox(settings) as url, httpx.Client(base_url=url) as client:
        answer = client.post("/v3/targetGroups/1/targets/2/communications/upsert", json=[])
    assert not {"x-cap-requestid", "deprecation", "sunset"} & set(answer.headers)
