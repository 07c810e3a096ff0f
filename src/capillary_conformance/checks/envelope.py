"""Check 1: a valid upsert gets 200, JSON, and the {data, errors, warnings} envelope, one item per item sent."""

from __future__ import annotations

from capillary_conformance.checks.base import Upsert, require
from capillary_conformance.checks.registry import Check, register

CHECK = register(
    Check(
        "envelope",
        number=1,
        rank=4,
        label="envel",
        promise="a valid upsert gets HTTP 200, application/json, {data, errors, warnings}, one item per item sent",
    )
)
NAME = CHECK.name


def check_envelope(upsert: Upsert) -> None:
    exchange = upsert.exchange
    require(
        exchange.status == 200,
        NAME,
        f"a valid request was answered HTTP {exchange.status}, not 200: {exchange.response_text()[:300]!r}",
    )
    require(
        exchange.media_type == "application/json",
        NAME,
        f"Content-Type is {exchange.content_type!r}, not application/json",
    )
    require(exchange.is_json(), NAME, f"the body is not JSON: {exchange.response_text()[:200]!r}")
    body = exchange.json
    require(isinstance(body, dict), NAME, f"the body is a JSON {type(body).__name__}, not an object")
    missing = [key for key in ("data", "errors", "warnings") if key not in body]
    require(
        not missing,
        NAME,
        f"the envelope lacks {', '.join(missing)} (all of data, errors, warnings are required)",
    )
    require(isinstance(body["data"], list), NAME, f"data is a JSON {type(body['data']).__name__}, not an array")
    for key in ("errors", "warnings"):
        require(body[key] in (None, []), NAME, f"{key} is {body[key]!r} on a success; it must be null or []")
    require(
        len(body["data"]) == len(upsert.sent),
        NAME,
        f"{len(upsert.sent)} item(s) were sent but data holds {len(body['data'])}",
    )
