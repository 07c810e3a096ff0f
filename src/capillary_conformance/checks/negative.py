"""Check 8: invalid input gets a 4xx with the error envelope; no input ever gets a 5xx."""

from __future__ import annotations

from capillary_conformance.checks.base import require
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.checks.statuses import NOT_ABOUT_THE_BODY, UNDECLARED_METHOD
from capillary_conformance.contracts import SchemaName, violations
from capillary_conformance.core.exchange import Exchange

CHECK = register(
    Check(
        "negative",
        number=8,
        rank=1,
        deep_share=0.3,
        label="negat",
        promise="invalid input gets a 4xx with the error envelope; no input ever gets a 5xx",
    )
)
NAME = CHECK.name


def check_no_server_error(exchange: Exchange, what: str) -> None:
    require(
        exchange.status < 500,
        NAME,
        f"{what} was answered HTTP {exchange.status}: a 5xx is never a valid answer",
        "status",
        "no-5xx",
    )


def check_error_answer(exchange: Exchange, what: str) -> None:
    """Input the contract allows but an environment may not know: any answer below 500, and an error answer
    carries the error envelope (a 200 is fine: the user may have declared a subset)."""
    check_no_server_error(exchange, what)
    if 400 <= exchange.status < 500 and exchange.status not in NOT_ABOUT_THE_BODY | {405}:
        _check_error_envelope(exchange, what)


def check_rejected(exchange: Exchange, what: str) -> None:
    check_no_server_error(exchange, what)
    require(
        400 <= exchange.status < 500,
        NAME,
        f"{what} was accepted with HTTP {exchange.status}; it must get a 4xx",
        "status",
        "refused",
    )
    _check_error_envelope(exchange, what)


def _check_error_envelope(exchange: Exchange, what: str) -> None:
    require(
        exchange.is_json(),
        NAME,
        f"{what} got HTTP {exchange.status} without a JSON error envelope: {exchange.response_text()[:200]!r}",
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


DOCUMENTED_METHODS = frozenset({"POST"})
# What the contract (openapi.yaml, x-undeclared-methods) lets a host answer to any other method; 401, 403 and
# 429 come from whatever authenticates or rate-limits before routing.
UNDECLARED_METHOD_ANSWERS = UNDECLARED_METHOD | NOT_ABOUT_THE_BODY


def check_undeclared_method(exchange: Exchange) -> str | None:
    """A method the contract does not declare: 405 (Allow or not, envelope or not) or 501. Returns an HTTP
    note to show (a 405 without Allow, which RFC 9110 asks for), never a failure for it."""
    method = exchange.method.upper()
    if method == "OPTIONS" and exchange.status < 500:
        return None  # OPTIONS is answered by CORS layers and servers as they like (RFC 9110 9.3.7)
    require(
        exchange.status in UNDECLARED_METHOD_ANSWERS,
        NAME,
        f"{method}, a method the contract does not declare, was answered HTTP {exchange.status}; "
        "it must get 405 Method Not Allowed or 501 Not Implemented",
        "status",
        "undeclared-method",
    )
    if exchange.status == 405 and not any(name.lower() == "allow" for name in exchange.response_headers):
        return f"{method} was answered 405 without an Allow header (RFC 9110 15.5.6 asks for one)"
    return None
