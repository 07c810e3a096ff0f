"""A valid upsert gets 200, JSON, and the {data, errors, warnings} envelope, one item per item sent."""

from __future__ import annotations

import json

from capillary_conformance.checks.base import Expectations, Upsert, require
from capillary_conformance.checks.registry import answer_check
from capillary_conformance.checks.statuses import NOT_ABOUT_THE_BODY
from capillary_conformance.contracts import SchemaName, violations
from capillary_conformance.contracts.validation import schema_for
from capillary_conformance.core.quoting import excerpt, quoted

NAME = "envelope"


@answer_check(
    NAME,
    order=7,
    deep_share=0.2,
    label="envel",
    promise="a valid upsert gets HTTP 200, application/json, {data, errors, warnings}, one item per item sent",
)
def check_envelope(upsert: Upsert, expect: Expectations | None = None) -> None:
    exchange = upsert.exchange
    require(
        exchange.status == 200,
        NAME,
        f"a valid request was answered HTTP {exchange.status}, not 200: {excerpt(exchange.response_text(), 300)}"
        + refusal_hint(upsert),
        "status",
        "valid-is-200",
    )
    require(
        exchange.media_type == "application/json",
        NAME,
        f"Content-Type is {quoted(exchange.content_type)}, not application/json",
        "content-type",
        "json",
    )
    require(exchange.is_json(), NAME, f"the body is not JSON: {excerpt(exchange.response_text(), 200)}", "body", "json")
    body = exchange.json
    require(isinstance(body, dict), NAME, f"the body is a JSON {type(body).__name__}, not an object", "/", "type")
    missing = [key for key in ("data", "errors", "warnings") if key not in body]
    require(
        not missing,
        NAME,
        f"the envelope lacks {', '.join(missing)} (all of data, errors, warnings are required)",
        "/" + (missing[0] if missing else ""),
        "required",
    )
    require(
        isinstance(body["data"], list),
        NAME,
        f"data is a JSON {type(body['data']).__name__}, not an array",
        "/data",
        "type",
    )
    # What errors and warnings may hold on a success is the response schema's to say, not this check's.
    broken = violations(body, SchemaName.RESPONSE)
    for key in ("errors", "warnings"):
        found = [v for v in broken if v.pointer == f"/{key}" or v.pointer.startswith(f"/{key}/")]
        require(
            not found,
            NAME,
            f"{key} is {json.dumps(body[key], ensure_ascii=False)[:200]} on a success; the contract says: "
            f"{_rule(key)} ({found[0].message[:200] if found else ''})",
            found[0].pointer if found else "",
            found[0].keyword if found else "",
        )
    require(
        len(body["data"]) == len(upsert.sent),
        NAME,
        f"{len(upsert.sent)} item(s) were sent but data holds {len(body['data'])}",
        "/data",
        "one-per-item",
    )


def _rule(key: str) -> str:
    """What the contract says the envelope's key holds on a success, in its own words."""
    return str(schema_for(SchemaName.RESPONSE)["properties"][key]["description"])


# The settings that tell the suite what one environment accepts, by the field a host refused.
ENVIRONMENT_SETTINGS = {"channelId": "CAPILLARY_CHANNEL_IDS"}
OVERLAY_SETTING = "CAPILLARY_REQUEST_OVERLAY"


def refusal_hint(upsert: Upsert) -> str:
    """A documented-valid request refused with a 4xx: which field and value the host's error names, and the
    setting that declares the environment's limit (a real region knows only its own channels)."""
    exchange = upsert.exchange
    if not 400 <= exchange.status < 500 or exchange.status in NOT_ABOUT_THE_BODY or not exchange.is_json():
        return ""
    body = exchange.json
    errors = body.get("errors") if isinstance(body, dict) else None
    messages = [str(e.get("message", "")) for e in errors or [] if isinstance(e, dict)]
    refused = {
        field: item[field]
        for item in upsert.sent
        for field in item
        if any(field.lower() in message.lower() for message in messages)
    }
    if not refused:
        return (
            f". If this environment accepts only some of the values the contract allows, declare them "
            f"({', '.join(ENVIRONMENT_SETTINGS.values())}, or any field with {OVERLAY_SETTING})"
        )
    named = ", ".join(f"{field}={quoted(value)}" for field, value in refused.items())
    settings = sorted({ENVIRONMENT_SETTINGS.get(field, OVERLAY_SETTING) for field in refused})
    return (
        f". The host refused {named} ({quoted('; '.join(messages)[:200])}): the contract allows it, so if this "
        f"environment knows only some values, declare them with {' or '.join(settings)}"
    )
