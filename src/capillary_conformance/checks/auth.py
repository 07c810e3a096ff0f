"""Missing, wrong or malformed credentials are refused with 401 or 403 (400 for a malformed header)."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Refusal, Wrong, require
from capillary_conformance.checks.registry import refusal_check
from capillary_conformance.checks.statuses import REFUSED, REFUSED_OR_MALFORMED

NAME = "auth"


@refusal_check(
    NAME,
    judges=(Wrong.CREDENTIALS, Wrong.MALFORMED_CREDENTIALS),
    order=2,
    deep_share=0.1,
    label="auth",
    promise="no credentials, or wrong or malformed ones, are refused with 401 or 403 (400: malformed)",
)
def check_refused(refusal: Refusal, expect: Expectations | None = None) -> None:
    """A malformed Authorization header (not base64, no colon) may also be answered as a bad request."""
    status = refusal.exchange.status
    refusals = REFUSED_OR_MALFORMED if refusal.wrong is Wrong.MALFORMED_CREDENTIALS else REFUSED
    require(
        status in refusals,
        NAME,
        f"a request with {refusal.what} was answered HTTP {status}; it must be refused with "
        f"{' or '.join(map(str, sorted(refusals)))}",
        "status",
        "refused",
    )
