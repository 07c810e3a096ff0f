"""How the client copes with a host that is slow, flaky or rate-limiting: tenacity retries, pyrate-limiter budget.

A 429/503 with Retry-After is waited out (up to a total wait); a refused or reset connection, a timeout,
or a gateway's 502/504 page is retried a few times with backoff. What still fails is HostUnavailable:
the suite could not judge, which is not a contract violation.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx
from pyrate_limiter import Duration, Limiter, Rate
from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential

from capillary_conformance.core.exchange import media_type

THROTTLED = (429, 503)
GATEWAY = (502, 504)


class Throttled(Exception):
    def __init__(self, response: httpx.Response, wait: float) -> None:
        super().__init__(f"HTTP {response.status_code}, Retry-After {wait:.1f}s")
        self.response, self.wait = response, wait


class GatewayPage(Exception):
    def __init__(self, response: httpx.Response) -> None:
        kind = media_type(response.headers.get("content-type", "")) or "no content type"
        super().__init__(f"a gateway answered HTTP {response.status_code} ({kind}), not the API")
        self.response = response


def retry_after(response: httpx.Response, default: float = 1.0) -> float:
    """Seconds the host asks us to wait: Retry-After as seconds or as an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class RetryPolicy:
    max_transport_attempts: int = 3
    max_total_wait: float = 60.0

    @staticmethod
    def backoff(state: RetryCallState) -> float:
        return wait_exponential(multiplier=0.25, max=2.0)(state)

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        return error.wait if isinstance(error, Throttled) else self.backoff(state)

    def _stop(self, state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, Throttled):
            # Waiting out a 429/503 is bounded by time, not by count.
            return state.seconds_since_start + error.wait > self.max_total_wait
        return state.attempt_number >= self.max_transport_attempts

    def call(self, attempt: Callable[[], httpx.Response]) -> tuple[httpx.Response, int, float]:
        """Run ``attempt`` until it answers; the response, how many attempts it took, and seconds waited."""
        retrying = Retrying(
            retry=retry_if_exception_type((httpx.TransportError, Throttled, GatewayPage)),
            wait=self._wait,
            stop=self._stop,
            reraise=True,
        )
        started = time.monotonic()
        response = retrying(attempt)
        return response, retrying.statistics.get("attempt_number", 1), time.monotonic() - started


def classify(response: httpx.Response) -> httpx.Response:
    """Raise for answers that come from in front of the API rather than from it."""
    if response.status_code in THROTTLED:
        raise Throttled(response, retry_after(response))
    if response.status_code in GATEWAY:
        raise GatewayPage(response)
    return response


def rate_limiter(requests_per_second: float | None) -> Limiter | None:
    """A blocking budget for this process. Under pytest-xdist each worker gets its share of the rate,
    so the host sees at most the configured rate across the whole run."""
    if requests_per_second is None:
        return None
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    # One request per interval: a smooth rate, no bursts at the start of each second.
    return Limiter(Rate(1, max(1, int(Duration.SECOND * workers / requests_per_second))))
