"""Check 9: missing or wrong credentials are refused with 401 or 403."""

from __future__ import annotations

from capillary_conformance.checks.base import require
from capillary_conformance.harness.exchange import Exchange

NAME = "auth"


def check_refused(exchange: Exchange, what: str) -> None:
    require(
        exchange.status in (401, 403),
        NAME,
        f"a request with {what} was answered HTTP {exchange.status}; it must be refused with 401 or 403",
    )
