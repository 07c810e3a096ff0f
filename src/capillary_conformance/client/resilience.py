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
from pathlib import Path

import httpx
from pyrate_limiter import Duration, Limiter
from pyrate_limiter.limiter_factory import create_sqlite_limiter
from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential

from capillary_conformance.core.exchange import media_type
from capillary_conformance.core.rates import Rate

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
    max_total_wait: float  # the max_retry_wait setting
    max_transport_attempts: int = 3

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


def rate_limiter(rate: Rate | None, shared_dir: Path) -> Limiter | None:
    """A blocking budget the run's processes share (a SQLite bucket under a file lock in ``shared_dir``):
    whatever the number of pytest-xdist workers, the host sees at most ``rate``."""
    if rate is None:
        return None
    # One request per interval: a smooth rate, no bursts at the start of each period.
    interval = max(1, int(int(Duration.SECOND) / rate.per_second))
    name = f"rate-{rate.count:g}-{rate.period:g}.sqlite"  # a lowered rate is a bucket of its own
    return create_sqlite_limiter(1, interval, str(shared_dir / name), buffer_ms=1, use_file_lock=True)


LOWERED_BY = 0.8  # each 429 met at the run's rate takes a fifth off it


class SharedRate:
    """The run's rate, the same in all its processes (a file in the run's shared folder): the configured one,
    lowered each time a 429 comes back anyway (someone else spends the same key's budget). Each change is kept
    (``rate_changes``) for the run's summary. With no rate given there is nothing to lower: each 429's Retry-After
    is waited out, and the summary says to give one."""

    def __init__(self, configured: Rate | None, shared_dir: Path) -> None:
        self.configured, self.shared_dir = configured, shared_dir
        self.path = shared_dir / "rate"
        self._used: Rate | None = None
        self._limiter: Limiter | None = None

    def current(self) -> Rate | None:
        try:
            count, period = self.path.read_text().split("/")
            return Rate(float(count), float(period))
        except (OSError, ValueError):
            return self.configured

    def acquire(self, key: str) -> None:
        """Wait for this request's turn at the run's current rate."""
        rate = self.current()
        if rate != self._used:
            self._used, self._limiter = rate, rate_limiter(rate, self.shared_dir)
        if self._limiter is not None:
            self._limiter.try_acquire(key)

    def lower(self) -> Rate | None:
        """A 429 came back at the rate this process used: lower the run's rate, unless another process has
        lowered it since this one read it (their 429s at the same rate are the same news). None: not lowered.
        Lowered at each 429 met at the current rate, not once a period: a host that counts a minute's window
        keeps answering 429 while it drains, and waiting for it to drain starves a retried request (measured:
        a minute of 429s, exit 3, against a host allowing 60/min when told 100/min)."""
        current = self.current()
        if current is None or current != self._used:
            return None
        lowered = current.scaled(LOWERED_BY)
        staged = self.path.with_name(f"rate.{os.getpid()}")
        staged.write_text(f"{lowered.count}/{lowered.period}")
        os.replace(staged, self.path)  # atomic: a reader sees the old rate or the new
        with (self.shared_dir / "rate-changes").open("a") as changes:
            changes.write(f"{lowered}\n")
        return lowered


def rate_changes(shared_dir: Path) -> list[str]:
    """Each rate the run's processes lowered it to, in order."""
    try:
        return (shared_dir / "rate-changes").read_text().split()
    except OSError:
        return []


class SharedPause:
    """A 429's Retry-After, honoured by every process of the run: the one that met it writes until when
    (wall clock, in a file of the run's shared folder); each process waits for it before its next request."""

    def __init__(self, shared_dir: Path) -> None:
        self.path = shared_dir / "pause-until"

    def until(self) -> float:
        try:
            return float(self.path.read_text())
        except (OSError, ValueError):
            return 0.0

    def hold(self, seconds: float) -> None:
        until = max(self.until(), time.time() + seconds)
        staged = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        staged.write_text(repr(until))
        os.replace(staged, self.path)  # atomic: a reader sees the old time or the new, never half

    def wait(self) -> float:
        """Sleep out a pause another process met; the seconds slept."""
        seconds = self.until() - time.time()
        if seconds <= 0:
            return 0.0
        time.sleep(seconds)
        return seconds
