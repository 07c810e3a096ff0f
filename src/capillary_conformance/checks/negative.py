"""Invalid input gets a 4xx with the error envelope; no input ever gets a 5xx; an undeclared method gets 405
or 501."""

from __future__ import annotations

from typing import Any

from capillary_conformance.checks.base import (
    Expectations,
    Refusal,
    Upsert,
    Wrong,
    at,
    attribution,
    require,
    same_moment,
)
from capillary_conformance.checks.registry import refusal_check
from capillary_conformance.checks.statuses import NOT_ABOUT_THE_BODY, UNDECLARED_METHOD
from capillary_conformance.contracts import SchemaName, violations
from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.quoting import excerpt, quoted

NAME = "negative"
DOCUMENTED_METHODS = frozenset({"POST"})
# What the contract (openapi.yaml, x-undeclared-methods) lets a host answer to any other method; 401, 403 and
# 429 come from whatever authenticates or rate-limits before routing.
UNDECLARED_METHOD_ANSWERS = UNDECLARED_METHOD | NOT_ABOUT_THE_BODY
ABOUT_NO_BODY = NOT_ABOUT_THE_BODY | {405}  # error answers that say nothing of the body sent


@refusal_check(
    NAME,
    judges=(Wrong.INPUT, Wrong.OPEN_INPUT, Wrong.REFUSABLE_TEXT, Wrong.ANY, Wrong.METHOD),
    order=1,
    deep_share=0.3,
    label="negat",
    promise="invalid input gets a 4xx with the error envelope; no input ever gets a 5xx",
)
def check_negative(refusal: Refusal, expect: Expectations | None = None) -> list[str]:
    exchange, what = refusal.exchange, refusal.what
    if refusal.wrong is Wrong.METHOD:
        return _undeclared_method(exchange)
    require(
        exchange.status < 500,
        NAME,
        f"{what} was answered HTTP {exchange.status}: a 5xx is never a valid answer",
        "status",
        "no-5xx",
    )
    if refusal.wrong is Wrong.INPUT:
        require(
            400 <= exchange.status < 500,
            NAME,
            f"{what} was accepted with HTTP {exchange.status}; it must get a 4xx",
            "status",
            "refused",
        )
        _check_error_envelope(exchange, what)
    elif (
        refusal.wrong in (Wrong.OPEN_INPUT, Wrong.REFUSABLE_TEXT)
        and 400 <= exchange.status < 500
        and exchange.status not in ABOUT_NO_BODY
    ):
        # Allowed but perhaps unknown to an environment: any answer below 500 (a 200 is fine: the user may
        # have declared a subset), and an error answer about the body carries the error envelope.
        _check_error_envelope(exchange, what)
    return []


def _check_error_envelope(exchange: Exchange, what: str) -> None:
    require(
        exchange.is_json(),
        NAME,
        f"{what} got HTTP {exchange.status} without a JSON error envelope: {excerpt(exchange.response_text(), 200)}",
        "body",
        "error-envelope",
    )
    found = violations(exchange.json, SchemaName.ERROR_RESPONSE)
    require(
        not found,
        NAME,
        f"{what} got HTTP {exchange.status} with a broken error envelope: {'; '.join(map(str, found[:3]))}",
        found[0].pointer if found else "",
        "error-envelope",
    )


def _undeclared_method(exchange: Exchange) -> list[str]:
    """405 (Allow or not, envelope or not) or 501; a 405 without Allow (RFC 9110 asks for one) is an HTTP
    note, never a failure."""
    method = exchange.method.upper()
    if method == "OPTIONS" and exchange.status < 500:
        return []  # OPTIONS is answered by CORS layers and servers as they like (RFC 9110 9.3.7)
    require(
        exchange.status in UNDECLARED_METHOD_ANSWERS,
        NAME,
        f"{method}, a method the contract does not declare, was answered HTTP {exchange.status}; "
        "it must get 405 Method Not Allowed or 501 Not Implemented",
        "status",
        "undeclared-method",
    )
    if exchange.status == 405 and not any(name.lower() == "allow" for name in exchange.response_headers):
        return [f"{method} was answered 405 without an Allow header (RFC 9110 15.5.6 asks for one)"]
    return []


def check_answer_fields_not_applied(upsert: Upsert, field: str, value: Any) -> None:
    """An answer's own field sent back in a request (OWASP API3:2023) may be refused or ignored, never applied:
    the answer's targetId and targetGroupId are the path's, its id not another key's that was sent, its
    createdOn not the date sent."""
    for item in upsert.answer_items(NAME):
        answered = {
            "targetId": (item.get("targetId"), upsert.target_id),
            "targetGroupId": (item.get("targetGroupId"), upsert.target_group_id),
        }
        if field in answered:
            got, path = answered[field]
            require(
                got == path,
                NAME,
                f"a request carrying {field}={quoted(value)} was answered {field} {quoted(got)}, "
                f"not the path's {quoted(path)}: "
                "the host applied an answer's field from the request",
                at(field),
                "not-applied",
            )
        elif field == "id":
            require(
                item.get("id") != value,
                NAME,
                f"a request carrying id={quoted(value)} (another key's row) was answered that id: the host applied an "
                "answer's field from the request",
                at("id"),
                "not-applied",
            )
        elif field == "attribution" and isinstance(value, dict):
            sent = value.get("createdOn")
            require(
                not same_moment(attribution(item).get("createdOn"), sent),
                NAME,
                f"a request carrying createdOn {quoted(sent)} was answered that createdOn: the host back-dated the row",
                at("attribution", "createdOn"),
                "not-applied",
            )
