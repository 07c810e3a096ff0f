"""Check 8: invalid input gets a 4xx with the error envelope; no input ever gets a 5xx."""

from __future__ import annotations

from capillary_conformance.checks.base import require
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.contracts import SchemaName, violations
from capillary_conformance.core.exchange import Exchange

CHECK = register(
    Check(
        "negative",
        number=8,
        rank=3,
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
    )


def check_error_answer(exchange: Exchange, what: str) -> None:
    """Input the contract allows but an environment may not know: any answer below 500, and an error answer
    carries the error envelope (a 200 is fine: the user may have declared a subset)."""
    check_no_server_error(exchange, what)
    if 400 <= exchange.status < 500 and exchange.status not in (401, 403, 405, 429):
        _check_error_envelope(exchange, what)


def check_rejected(exchange: Exchange, what: str) -> None:
    check_no_server_error(exchange, what)
    require(
        400 <= exchange.status < 500,
        NAME,
        f"{what} was accepted with HTTP {exchange.status}; it must get a 4xx",
    )
    _check_error_envelope(exchange, what)


def _check_error_envelope(exchange: Exchange, what: str) -> None:
    require(
        exchange.is_json(),
        NAME,
        f"{what} got HTTP {exchange.status} without a JSON error envelope: {exchange.response_text()[:200]!r}",
    )
    found = violations(exchange.json, SchemaName.ERROR_RESPONSE)
    require(
        not found,
        NAME,
        f"{what} got HTTP {exchange.status} with a broken error envelope: {'; '.join(map(str, found[:3]))}",
    )
