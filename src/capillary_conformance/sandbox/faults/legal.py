"""Legal variants: a host may do these and still conform, so the suite must pass each (another offset style,
an order, extra fields, a standard 405/501, a refusal of text real storage refuses, a rate limit at the start)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

from starlette.responses import Response

from capillary_conformance.contracts import ContractViolation, SchemaName
from capillary_conformance.contracts.files import inlined
from capillary_conformance.sandbox.faults.base import (
    Fault,
    Json,
    null_text,
    register,
    restamped,
    texts,
    unknown_field,
    with_attribution,
)

WAF_PAGE = "<html><head><title>403 Forbidden</title></head><body><h1>Request blocked</h1><p>Ray ID: 0</p></body></html>"


def refused_text(path: str, message: str) -> ContractViolation:
    return ContractViolation(path, message, "refused-text")


@register
class DaylightSavingSwitch(Fault):
    name, description = "daylight-saving-switch", "legal: from the 6th write on, the server's offset is an hour later"

    def __init__(self) -> None:
        self.writes = 0

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        self.writes += 1
        summer = timezone(timedelta(hours=1))
        return item if self.writes <= 5 else restamped(item, lambda moment: moment.astimezone(summer))


@register
class TraceNotImplemented(Fault):
    name, description = (
        "undeclared-method-501",
        "legal: another method is answered 501, plain text (as http.server does)",
    )

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response("Not Implemented", 501, media_type="text/plain")


@register
class MethodNotAllowedWithoutAllow(Fault):
    name, description = "undeclared-method-405-no-allow", "legal: another method is answered 405 with no Allow header"

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response("Method Not Allowed", 405, media_type="text/plain")


@register
class AcceptsNullText(Fault):
    name, description = (
        "accepts-null-text",
        "legal: null for a text field is accepted and echoed (the docs leave it open)",
    )

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if not null_text(v)]


@register
class ExtraFields(Fault):
    name = "extra-fields"
    description = "answers with undocumented fields (forward-compatible drift, not a violation)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "priority": 0, "attribution": {**item["attribution"], "source": "API"}}

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "requestId": "sandbox"}


@register
class ReordersBatchItems(Fault):
    name = "reorders-batch-items"
    description = "legal: answers a batch's items in another order than sent (the docs promise no order)"

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "data": list(reversed(envelope["data"]))}


@register
class ZuluTimestamps(Fault):
    name = "zulu-timestamps"
    description = "legal: writes a UTC offset as Z (2025-11-11T12:50:03.444Z), which ISO 8601 allows"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        stamps = {f: re.sub(r"(\+0000|\+00:00)$", "Z", v) for f, v in item["attribution"].items() if isinstance(v, str)}
        return with_attribution(item, **stamps)


@register
class RateLimitedStart(Fault):
    name, description = "rate-limited-start", "429 with Retry-After (seconds, then an HTTP date) for its first requests"

    async def before(self, request_number: int) -> Response | None:
        if request_number > 4:
            return None
        wait = "1" if request_number % 2 else format_datetime(datetime.now(UTC) + timedelta(seconds=1), usegmt=True)
        return Response("Too Many Requests", 429, headers={"Retry-After": wait}, media_type="text/plain")


@register
class WholeSecondStamps(Fault):
    name, description = "whole-second-stamps", "legal: timestamps with whole seconds (.000), as some databases keep"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return restamped(item, lambda moment: moment.replace(microsecond=0))


@register
class IgnoresUnknownFields(Fault):
    name, description = "ignores-unknown-fields", "legal: a field the request does not document is ignored, not refused"

    def read(self, body: Any) -> Any:
        known = inlined(SchemaName.REQUEST_ITEM.value)["properties"]
        if not isinstance(body, list):
            return body
        return [{k: v for k, v in item.items() if k in known} if isinstance(item, dict) else item for item in body]

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if not unknown_field(v)]


@register
class RefusesNul(Fault):
    name, description = "refuses-nul", "legal: text holding U+0000 is refused with 400 (as PostgreSQL's text type does)"

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        nul = [text for text in texts(body) if "\x00" in text]
        return found + ([refused_text("$", "text must not contain U+0000")] if nul else [])


@register
class WafBlocksScript(Fault):
    name, description = "waf-blocks-script", "legal: a gateway's WAF answers an HTML 403 page to a body holding <script"

    def screen(self, body: bytes) -> Response | None:
        blocked = b"<script" in body.lower()
        return Response(WAF_PAGE, 403, media_type="text/html") if blocked else None
