"""How long to wait and what counts as the host in trouble: Retry-After in both forms, gateways' pages."""

import time
from email.utils import formatdate

import httpx
import pytest

from capillary_conformance.client.resilience import (
    GatewayPage,
    RetryPolicy,
    SharedRate,
    Throttled,
    classify,
    rate_changes,
    retry_after,
)
from capillary_conformance.core.rates import Rate


def answer(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("POST", "http://host.test/"))


@pytest.mark.parametrize(
    ("header", "low", "high"),
    [({"Retry-After": "7"}, 7, 7), ({}, 1, 1), ({"Retry-After": "soon"}, 1, 1), ({"Retry-After": "-3"}, 0, 0)],
)
def test_retry_after_in_seconds_or_the_default(header, low, high):
    assert low <= retry_after(answer(429, **header)) <= high


def test_retry_after_as_an_http_date():
    wait = retry_after(answer(503, **{"Retry-After": formatdate(time.time() + 30, usegmt=True)}))
    assert 25 <= wait <= 31


@pytest.mark.parametrize(
    ("status", "raised"), [(429, Throttled), (503, Throttled), (502, GatewayPage), (504, GatewayPage)]
)
def test_answers_from_in_front_of_the_api_are_raised(status, raised):
    with pytest.raises(raised):
        classify(answer(status))


@pytest.mark.parametrize("status", [200, 400, 401, 404, 405, 500, 501])
def test_the_apis_own_answers_are_judged_not_retried(status):
    assert classify(answer(status)).status_code == status


def test_the_policy_gives_up_on_a_wait_longer_than_its_budget():
    policy = RetryPolicy(max_total_wait=0.5)
    attempts = []

    def throttled() -> httpx.Response:
        attempts.append(1)
        raise Throttled(answer(429), 5.0)

    with pytest.raises(Throttled):
        policy.call(throttled)
    assert len(attempts) == 1  # a 5 s Retry-After does not fit a 0.5 s budget: no sleep, no second try


def test_a_transport_error_is_retried_up_to_the_attempts_then_answers():
    calls = iter([httpx.ConnectError("refused"), httpx.ConnectError("refused"), None])

    def flaky() -> httpx.Response:
        error = next(calls)
        if error is not None:
            raise error
        return answer(200)

    response, attempts, _ = RetryPolicy(max_total_wait=1).call(flaky)
    assert (response.status_code, attempts) == (200, 3)


def test_a_429_lowers_the_runs_rate_once_for_every_process_that_used_it(tmp_path):
    first, second = SharedRate(Rate(100, 60), tmp_path), SharedRate(Rate(100, 60), tmp_path)
    first.acquire("host")
    second.acquire("host")
    assert first.lower() == Rate(80, 60)
    assert second.lower() is None  # its 429 came at the rate another process already lowered
    second.acquire("host")  # now at the lowered rate, so its next 429 is news
    assert second.lower() == Rate(64, 60)
    assert SharedRate(Rate(100, 60), tmp_path).current() == Rate(64, 60)
    assert rate_changes(tmp_path) == ["80/min", "64/min"]


def test_a_lowered_rate_counts_whole_requests_once_there_are_ten():
    assert Rate(64, 60).scaled(0.8) == Rate(51, 60)
    assert Rate(10, 1).scaled(0.8) == Rate(8, 1)
    assert Rate(8, 1).scaled(0.8) == Rate(6.4, 1)


def test_with_no_rate_given_there_is_nothing_to_lower(tmp_path):
    rate = SharedRate(None, tmp_path)
    rate.acquire("host")
    assert rate.lower() is None
    assert rate.current() is None
