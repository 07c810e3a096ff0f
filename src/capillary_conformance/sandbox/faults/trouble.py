"""Hosts in trouble: a host that stops answering usably part-way is not a contract violation. The suite must
report it as such (could not judge, exit 3) in bounded time, keeping what it learned before."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from starlette.responses import Response

from capillary_conformance.sandbox.faults.base import Fault, register

MIDWAY = 40  # requests answered normally before trouble starts (the probe and the first tests pass)


class InTrouble(Fault):
    legal, judgeable = False, False


class DroppedConnection(Response):
    """Starts an answer, then drops the connection: what a reset looks like to the client."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4096")]})
        await send({"type": "http.response.body", "body": b'{"data": [', "more_body": True})
        raise ConnectionResetError("sandbox fault: connection dropped mid-answer")


GATEWAY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


@register
class HangsMidway(InTrouble):
    name, description = "hangs-midway", "stops answering (the request hangs) after 40 requests"
    suite_env: ClassVar[dict[str, str]] = {"CAPILLARY_TIMEOUT": "1"}

    async def before(self, request_number: int) -> Response | None:
        if request_number > MIDWAY:
            await asyncio.sleep(3600)
        return None


@register
class ResetsMidway(InTrouble):
    name, description = "resets-midway", "drops every connection mid-answer after 40 requests"

    async def before(self, request_number: int) -> Response | None:
        return DroppedConnection() if request_number > MIDWAY else None


@register
class GatewayPageMidway(InTrouble):
    name, description = "gateway-502-midway", "a gateway's 502 HTML page instead of the API after 40 requests"

    async def before(self, request_number: int) -> Response | None:
        return Response(GATEWAY_PAGE, 502, media_type="text/html") if request_number > MIDWAY else None
