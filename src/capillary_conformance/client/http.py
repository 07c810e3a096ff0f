"""The one way the suite talks to a host: httpx over TCP, every exchange recorded for the report."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.client.resilience import (
    GatewayPage,
    RetryPolicy,
    SharedPause,
    SharedRate,
    Throttled,
    classify,
)
from capillary_conformance.contracts import UPSERT_PATH
from capillary_conformance.core.exchange import Exchange, request_id_of
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import Credentials, Settings
from capillary_conformance.core.tally import Tally

Auth = tuple[str, str] | Literal["configured"] | None
SENT, THROTTLED_429 = "requests sent", "answered 429"  # the keys of HostClient.traffic


class HostUnavailable(BaseException):
    """The host did not answer usably (refused, reset, timed out, rate-limited past the budget, a gateway
    page): the suite cannot judge it, which is not a contract violation.

    A BaseException, as KeyboardInterrupt is: Hypothesis then stops at once instead of shrinking and
    replaying against a host that is gone (which ends in pages of "inconsistent results")."""


class RequestBudgetSpent(BaseException):
    """The run sent the requests it was allowed (its request budget): what is left is not judged, and said so.
    A BaseException for the reason HostUnavailable is one: Hypothesis stops at once."""


# After this many requests in a row that end in HostUnavailable, the host is taken as down for the rest
# of the run: later tests fail fast instead of each waiting through its own retries.
CONSECUTIVE_FAILURES_FOR_DOWN = 3


class HostClient:
    """Built from the settings (``from_settings``): every caller's requests, the timing one included, carry
    the run's User-Agent, timeouts, retry policy and rate budget."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        target_group_id: int,
        target_id: int,
        *,
        timeout: httpx.Timeout,
        policy: RetryPolicy,
        user_agent: str,
        rate: SharedRate | None = None,
        redactor: Redactor | None = None,
        pause: SharedPause | None = None,
        budget: SharedBudget | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url
        self.credentials = credentials
        self.target_group_id = target_group_id
        self.target_id = target_id
        self.listeners: list[Callable[[Exchange], None]] = []
        self.policy = policy
        self.rate = rate
        self.redactor = redactor or Redactor.for_credentials(credentials)
        self.pause = pause
        self.budget = budget  # the tests' requests, counted across the run's processes
        self.retried = 0
        # Every request that left, retries included, and the 429s among the answers: what a region counts.
        self.traffic = Tally()
        self.waited = 0.0
        self.down: str | None = None
        self._failures_in_a_row = 0
        headers = {"Accept": "application/json", "User-Agent": user_agent}
        self._fresh = lambda: httpx.Client(base_url=base_url, timeout=timeout, headers=headers, transport=transport)
        self._http = self._fresh()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        base_url: str | None = None,
        *,
        shared_dir: Path | None = None,
        redactor: Redactor | None = None,
        budget: int | None = None,
        policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> HostClient:
        """The client a run's settings describe. ``base_url``: where the host is (the embedded sandbox's port is
        known only once it runs); ``shared_dir``: where the run's processes share the rate budget and a 429's
        pause, and count the requests sent against ``budget``; ``policy``: another retry policy (the timing
        request tries once)."""
        s = settings
        return cls(
            base_url or s.base_url or "",
            s.credentials,
            s.target_group_id,
            s.target_id,
            timeout=httpx.Timeout(s.timeout, connect=s.connect_timeout),
            policy=policy or RetryPolicy(max_total_wait=s.max_retry_wait),
            user_agent=s.user_agent,
            rate=SharedRate(s.rate_limit, shared_dir) if shared_dir is not None else None,
            redactor=redactor,
            pause=SharedPause(shared_dir) if shared_dir is not None else None,
            budget=SharedBudget(shared_dir, budget) if shared_dir is not None else None,
            transport=transport,
        )

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    def close(self) -> None:
        self._http.close()

    def lift_budget(self) -> None:
        """What comes after the tests (clean-up, a nightly's probes) is sent whatever is left, and counted."""
        if self.budget is not None:
            self.budget.limit = None

    def path(self, group: object = None, target: object = None) -> str:
        return UPSERT_PATH.format(
            targetGroupId=self.target_group_id if group is None else group,
            targetId=self.target_id if target is None else target,
        )

    def upsert(
        self,
        body: Any = None,
        *,
        content: bytes | None = None,
        group: object = None,
        target: object = None,
        auth: Auth = "configured",
        headers: dict[str, str] | None = None,
        fresh_connection: bool = False,
    ) -> Exchange:
        """POST to the upsert endpoint: ``body`` as JSON, or ``content`` as raw bytes."""
        raw = content if content is not None else json.dumps(body, ensure_ascii=False).encode()
        return self.send(
            "POST", self.path(group, target), content=raw, auth=auth, headers=headers, fresh_connection=fresh_connection
        )

    def send(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        auth: Auth = "configured",
        fresh_connection: bool = False,
    ) -> Exchange:
        """One request (retried as the policy says). ``fresh_connection``: on a TCP connection of its own,
        not one the run's earlier requests (and their credentials) used."""
        if self.down is not None:
            raise HostUnavailable(
                f"could not judge {self.host}: it stopped answering earlier in this run ({self.down})"
            )
        basic = (self.credentials.username, self.credentials.password) if auth == "configured" else auth
        all_headers = {"Content-Type": "application/json", **(headers or {})}

        clock: dict[str, datetime] = {}  # the last attempt's: when its request left and its answer came

        def attempt() -> httpx.Response:
            if self.budget is not None and not self.budget.take():
                raise RequestBudgetSpent(f"the run's request budget is spent ({self.budget.limit} for the tests)")
            if self.pause is not None:
                self.waited += self.pause.wait()
            if self.rate is not None:
                self.rate.acquire(self.host)
            if fresh_connection:
                with self._fresh() as http:
                    clock["sent"] = datetime.now(UTC)
                    response = http.request(
                        method, url, content=content, headers=all_headers, params=params, auth=basic
                    )
                    response.read()
            else:
                clock["sent"] = datetime.now(UTC)
                response = self._http.request(
                    method, url, content=content, headers=all_headers, params=params, auth=basic
                )
            clock["answered"] = datetime.now(UTC)
            self.traffic.merge({SENT: 1, **({THROTTLED_429: 1} if response.status_code == 429 else {})})
            # Cookies a gateway sets are secrets to hide, and never sent back: a request "without
            # credentials" must carry none, and no test may lean on a session another one opened.
            self.redactor.add_cookies(response.headers.get_list("set-cookie"))
            self._http.cookies.clear()
            try:
                return classify(response)
            except Throttled as throttled:
                if self.pause is not None:
                    self.pause.hold(throttled.wait)  # every process waits it out, not only this one
                if self.rate is not None and response.status_code == 429:
                    self.rate.lower()  # and sends slower after it: the key's budget is smaller than we were told
                raise

        try:
            response, attempts, waited = self.policy.call(attempt)
        except (httpx.TransportError, Throttled, GatewayPage) as error:
            raise self._unavailable(error) from error
        self._failures_in_a_row = 0
        if attempts > 1:
            self.retried += 1
            self.waited += waited
        exchange = Exchange.from_httpx(response, attempts=attempts, sent_at=clock["sent"], at=clock["answered"])
        for listener in self.listeners:
            listener(exchange)
        return exchange

    def _unavailable(self, error: Exception) -> HostUnavailable:
        cause = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        if isinstance(error, Throttled):
            cause = f"still {error} after waiting {self.policy.max_total_wait:.0f}s"
        response = getattr(error, "response", None)  # a 429 or a gateway's page: an answer the host's logs know
        request_id = request_id_of(response.headers) if isinstance(response, httpx.Response) else ""
        cause += f" (last answer's {request_id})" if request_id else ""
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= CONSECUTIVE_FAILURES_FOR_DOWN:
            self.down = cause
        return HostUnavailable(self.redactor.text(f"could not judge {self.host}: {cause}"))
