"""The reference sandbox as an ASGI app: the documented contract, kept in memory."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import time
from datetime import UTC, datetime
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from capillary_conformance.contracts import UPSERT_PATH, SchemaName, violations
from capillary_conformance.contracts.formats import format_timestamp
from capillary_conformance.core.settings import Settings, is_ascii_number
from capillary_conformance.sandbox.conditions import RegionConditions, RegionHeaders
from capillary_conformance.sandbox.faults import Fault, Presented
from capillary_conformance.sandbox.store import CommunicationStore, Stored

# Error codes the sandbox answers with; the contract only asks for an integer code and a message.
INVALID_JSON, INVALID_FIELD, INVALID_PATH_ID, UNKNOWN_TARGET, UNAUTHORIZED = 1001, 1002, 1003, 1004, 1401
METHOD_NOT_ALLOWED = 1405
UNDECLARED_METHODS = ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


SESSION_COOKIE = "_cfuvid"


# Environment mode: what a region's org knows, and what its target held before the run.
ENVIRONMENT_CHANNELS = (1, 2, 3)
EARLIER = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
EARLIER_ACTOR = {"id": 70000001, "code": "ops_till", "description": "set up by hand", "name": "ops", "type": "TILL"}
EARLIER_ROWS = (
    {"communicationType": "START", "channelId": 1, "subjectTemplate": "Welcome", "messageTemplate": "Hi {{name}}",
     "sender": "Crm@Example.com", "offsetDays": 0, "active": True},
    {"communicationType": "FINISH", "channelId": 2, "subjectTemplate": "Bye", "messageTemplate": "Thanks",
     "sender": "crm@example.com", "offsetDays": -3, "active": True},
)  # fmt: skip

# A region's word on every success of this API, which is being phased out (a warning item is an error item).
DEPRECATION_WARNING = {"code": 3001, "message": "This API is deprecated and will be removed"}

# Random per sandbox process; the sandbox_cookie setting fixes it, for a test that looks for it.
_RANDOM_COOKIE = secrets.token_urlsafe(32)


def error_envelope(code: int, *messages: str) -> dict[str, Any]:
    return {"data": None, "errors": [{"code": code, "message": m} for m in messages], "warnings": None}


class Sandbox:
    """Request handling; the fault hooks are the only places a variant may differ."""

    def __init__(self, settings: Settings, fault: Fault) -> None:
        self.settings = settings
        self.fault = fault
        self.store = CommunicationStore()
        self.zone = settings.time_zone or settings.utc_offset or UTC
        self.actor = self._actor(settings.credentials.username)
        self.requests = 0  # upserts seen (fault hooks count these)
        self.http_requests = 0  # every request, any route or method
        self.arrivals: list[float] = []  # when each arrived (monotonic seconds): rate budgets are checked on these
        self.throttled_at: list[float] = []  # when each 429 of the rate limit went out (same clock)
        self.received: list[Any] = []  # every upsert body that was JSON, as sent (a test reads what a run sent)
        self.channels = ENVIRONMENT_CHANNELS if settings.sandbox_environment else None
        if settings.sandbox_environment:
            self._seed_earlier_rows()

    def _seed_earlier_rows(self) -> None:
        """A region's target is not empty: rows another user wrote long ago, with other values."""
        s = self.settings
        for fields in EARLIER_ROWS:
            key = (s.target_group_id, s.target_id, *(fields[name] for name in s.upsert_key))
            self.store.seed(key, fields, EARLIER, EARLIER_ACTOR)

    @staticmethod
    def _actor(username: str) -> dict[str, Any]:
        actor_id = int.from_bytes(hashlib.sha256(username.encode()).digest()[:3], "big") + 75_000_000
        return {"id": actor_id, "code": username, "description": "", "name": username, "type": "TILL"}

    def _json(self, status: int, body: Any) -> Response:
        return Response(json.dumps(body, ensure_ascii=False), status, media_type=self.fault.content_type())

    def _error(self, status: int, code: int, *messages: str) -> Response:
        status, body, media_type = self.fault.error(status, error_envelope(code, *messages))
        return Response(body, status, media_type=media_type)

    def _presented(self, request: Request) -> tuple[Presented, bool]:
        """What the request's Authorization header holds, and whether it is the configured credentials."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        connection = tuple(request.scope.get("client") or ())
        try:
            decoded = base64.b64decode(token, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return Presented(scheme.lower(), None, None, connection), False
        if scheme.lower() != "basic":
            return Presented(scheme.lower(), None, None, connection), False
        user, colon, password = decoded.partition(":")
        presented = Presented("basic", user, password if colon else None, connection)
        expected = f"{self.settings.credentials.username}:{self.settings.credentials.password}"
        return presented, secrets.compare_digest(decoded.encode(), expected.encode())

    async def undeclared_method(self, request: Request) -> Response:
        envelope = error_envelope(METHOD_NOT_ALLOWED, f"Method {request.method} is not allowed; use POST")
        return self.fault.undeclared_method(request.method, envelope)

    async def upsert(self, request: Request) -> Response:
        self.requests += 1
        response = (
            await self.fault.before(self.requests)
            or self.fault.screen(await request.body())
            or await self._upsert(request)
        )
        # Like the real gateway (the docs' example sends a Cloudflare _cfuvid cookie): a secret to keep out of reports.
        response.set_cookie(SESSION_COOKIE, self.settings.sandbox_cookie or _RANDOM_COOKIE, httponly=True)
        return response

    async def _upsert(self, request: Request) -> Response:
        presented, accepted = self._presented(request)
        if not self.fault.authenticate(accepted, presented, self.settings.credentials):
            response = self._error(401, UNAUTHORIZED, "Invalid or missing Basic credentials")
            response.headers["WWW-Authenticate"] = 'Basic realm="capillary-sandbox"'
            return response
        ids = {name: request.path_params[name] for name in ("targetGroupId", "targetId")}
        bad = [f"{name}: {value!r} is not a numeric id" for name, value in ids.items() if not is_ascii_number(value)]
        if bad:
            return self._error(400, INVALID_PATH_ID, *bad)
        group, target = int(ids["targetGroupId"]), int(ids["targetId"])
        if (group, target) != (self.settings.target_group_id, self.settings.target_id):
            return self._error(404, UNKNOWN_TARGET, f"Target {target} in group {group} not found")
        try:
            sent = json.loads(await request.body())
        except ValueError as error:
            return self._error(400, INVALID_JSON, f"Request body is not JSON: {error}")
        self.received.append(sent)
        body = self.fault.read(sent)
        found = violations(body, SchemaName.REQUEST)
        if self.fault.crash(body, found):
            return Response("Internal Server Error", 500, media_type="text/plain")
        found = self.fault.validate(body, found)
        if found:
            return self._error(400, INVALID_FIELD, *map(str, found))
        unknown = sorted({item["channelId"] for item in body} - set(self.channels)) if self.channels else []
        if unknown:
            if self.fault.crash_on_unknown_channel():
                return Response("Internal Server Error", 500, media_type="text/plain")
            return self._error(400, INVALID_FIELD, *(f"Invalid channelId: {channel}" for channel in unknown))
        items = []
        for fields in body:
            key = (group, target, *(fields[name] for name in self.settings.upsert_key))
            stored, created = await self.fault.write(key, partial(self.store.upsert, key, fields, self.actor))
            items.append(self.fault.item(self._render(stored, group, target), created, self.store.new_id))
        warnings = [DEPRECATION_WARNING] if self.settings.sandbox_environment else None
        return self._json(200, self.fault.envelope({"data": items, "errors": None, "warnings": warnings}))

    def _render(self, stored: Stored, group: int, target: int) -> dict[str, Any]:
        fields = stored.fields
        return {
            "id": stored.id,
            "attribution": {
                "createdOn": self._timestamp(stored.created_on),
                "lastUpdatedOn": self._timestamp(stored.last_updated_on),
                "lastUpdatedBy": dict(stored.last_updated_by),
                "createdBy": dict(stored.created_by),
            },
            "targetId": target,
            "targetGroupId": group,
            "communicationType": fields["communicationType"],
            "channelId": int(fields["channelId"]),
            "subjectTemplate": fields["subjectTemplate"],
            "messageTemplate": fields["messageTemplate"],
            "sender": fields["sender"],
            "offsetDays": int(fields["offsetDays"]),
            "active": fields["active"],
        }

    def _timestamp(self, moment: datetime) -> str:
        return format_timestamp(moment.astimezone(self.zone))


STATS_PATH = "/__sandbox/stats"
ROWS_PATH = "/__sandbox/rows"
RECEIVED_PATH = "/__sandbox/received"
SANDBOX_PATHS = (STATS_PATH, ROWS_PATH, RECEIVED_PATH)  # not the API: neither counted nor slowed


class RequestCounter:
    """Counts every HTTP request the sandbox gets, whatever its route (benchmarks read it)."""

    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app, self.sandbox = app, sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in SANDBOX_PATHS:
            self.sandbox.http_requests += 1
            self.sandbox.arrivals.append(time.monotonic())
        await self.app(scope, receive, send)


def create_app(settings: Settings, fault: Fault | None = None) -> Starlette:
    sandbox = Sandbox(settings, fault or Fault())

    async def stats(request: Request) -> Response:
        body = {
            "requests": sandbox.http_requests,
            "rows": len(sandbox.store),
            "arrivals": sandbox.arrivals,
            "throttled_at": sandbox.throttled_at,
        }
        return Response(json.dumps(body), media_type="application/json")

    async def rows(request: Request) -> Response:
        """What the target holds now (not part of the API: the self-test reads what a run left behind)."""
        body = [{"id": row.id, **row.fields, "createdBy": row.created_by} for row in sandbox.store.rows()]
        return Response(json.dumps(body), media_type="application/json")

    async def received(request: Request) -> Response:
        """Every upsert body the sandbox was sent, as sent (not part of the API: a test reads what a run sent)."""
        return Response(json.dumps(sandbox.received, ensure_ascii=False), media_type="application/json")

    app = Starlette(
        routes=[
            Route(UPSERT_PATH, sandbox.upsert, methods=["POST"]),
            Route(UPSERT_PATH, sandbox.undeclared_method, methods=UNDECLARED_METHODS),
            Route(STATS_PATH, stats, methods=["GET"]),
            Route(ROWS_PATH, rows, methods=["GET"]),
            Route(RECEIVED_PATH, received, methods=["GET"]),
        ],
        middleware=[
            *([Middleware(RegionHeaders, exempt=SANDBOX_PATHS)] if settings.sandbox_environment else []),
            Middleware(RequestCounter, sandbox=sandbox),
            Middleware(
                RegionConditions,
                latency=settings.sandbox_latency,
                rate_limit=settings.sandbox_rate_limit,
                exempt=SANDBOX_PATHS,
                throttled_at=sandbox.throttled_at,
            ),
        ],
    )
    app.state.sandbox = sandbox
    return app
