"""What a remote region adds to the reference sandbox: time on the wire, a rate limit answered with 429 and
Retry-After, so the suite's concurrency and rate budget are proven on loopback; and the headers a real
region's answers carry (a request id, the API's deprecation and sunset)."""

from __future__ import annotations

import asyncio
import json
import math
import secrets
import time
from collections import deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from capillary_conformance.core.rates import Rate


class RegionConditions:
    """ASGI middleware: every API request waits ``latency`` seconds; past ``rate_limit`` requests in its
    period (the last second, the last minute), it is answered 429 with Retry-After at once, as a region's
    gateway does."""

    def __init__(
        self,
        app: ASGIApp,
        latency: float,
        rate_limit: Rate | None,
        exempt: tuple[str, ...],
        throttled_at: list[float] | None = None,
    ) -> None:
        self.app, self.latency, self.rate_limit, self.exempt = app, latency, rate_limit, exempt
        self.arrivals: deque[float] = deque()
        self.throttled_at = throttled_at if throttled_at is not None else []  # when each 429 went out

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        wait = self._over_limit(now)
        if wait is not None:
            self.throttled_at.append(now)
            await self._too_many(send, wait)
            return
        if self.latency:
            await asyncio.sleep(self.latency)
        await self.app(scope, receive, send)

    def _over_limit(self, now: float) -> float | None:
        """Seconds until a request would be allowed again, or None if this one is."""
        if self.rate_limit is None:
            return None
        window = self.rate_limit.period
        while self.arrivals and self.arrivals[0] <= now - window:
            self.arrivals.popleft()
        if len(self.arrivals) >= self.rate_limit.count:
            return self.arrivals[0] + window - now
        self.arrivals.append(now)
        return None

    @staticmethod
    async def _too_many(send: Send, wait: float) -> None:
        body = json.dumps(
            {"data": None, "errors": [{"code": 429, "message": "rate limit exceeded"}], "warnings": None}
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"retry-after", str(max(1, math.ceil(wait))).encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


# What a region announces on every answer of this API, being phased out: RFC 9745 and RFC 8594.
DEPRECATION = "@1761955200"  # 2025-11-01, the month of the docs' deprecation banner
SUNSET = "Wed, 30 Jun 2027 00:00:00 GMT"


class RegionHeaders:
    """ASGI middleware: every answer (a 429 included) carries ``X-Cap-Requestid``, as Capillary's do, and
    ``Deprecation`` and ``Sunset`` headers."""

    def __init__(self, app: ASGIApp, exempt: tuple[str, ...]) -> None:
        self.app, self.exempt = app, exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                added = [
                    (b"x-cap-requestid", secrets.token_hex(7).upper()[:13].encode()),
                    (b"deprecation", DEPRECATION.encode()),
                    (b"sunset", SUNSET.encode()),
                ]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        await self.app(scope, receive, with_headers)
