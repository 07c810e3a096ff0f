"""Check 9: missing, wrong or malformed credentials are refused with 401 or 403 (400 for a malformed header)."""

from __future__ import annotations

from capillary_conformance.checks.base import require
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.checks.statuses import REFUSED, REFUSED_OR_MALFORMED
from capillary_conformance.core.exchange import Exchange

CHECK = register(
    Check(
        "auth",
        number=9,
        rank=2,
        deep_share=0.1,
        label="auth",
        promise="no credentials, or wrong or malformed ones, are refused with 401 or 403 (400: malformed)",
    )
)
NAME = CHECK.name


def check_refused(exchange: Exchange, what: str, malformed: bool = False) -> None:
    """``malformed``: the Authorization header itself is broken (not base64, no colon), which a host may
    also answer as a bad request."""
    refusals = REFUSED_OR_MALFORMED if malformed else REFUSED
    require(
        exchange.status in refusals,
        NAME,
        f"a request with {what} was answered HTTP {exchange.status}; it must be refused with "
        f"{' or '.join(map(str, refusals))}",
        "status",
        "refused",
    )
