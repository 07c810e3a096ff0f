"""Check 9: missing or wrong credentials are refused with 401 or 403."""

from __future__ import annotations

from capillary_conformance.checks.base import require
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.core.exchange import Exchange

CHECK = register(
    Check(
        "auth",
        number=9,
        rank=2,
        deep_share=0.1,
        label="auth",
        promise="no credentials, or a wrong password, are refused with 401 or 403",
    )
)
NAME = CHECK.name


def check_refused(exchange: Exchange, what: str) -> None:
    require(
        exchange.status in (401, 403),
        NAME,
        f"a request with {what} was answered HTTP {exchange.status}; it must be refused with 401 or 403",
    )
