"""The HTTP statuses the checks read the same way, named once."""

from __future__ import annotations

from capillary_conformance.core.exchange import Exchange

# The credentials refused: what a wrong credential must get.
REFUSED = frozenset({401, 403})
# A malformed Authorization header may be refused as a bad request too.
REFUSED_OR_MALFORMED = REFUSED | {400}
# Answers about the credentials or the rate, not about the request's body: no check of the body judges them.
NOT_ABOUT_THE_BODY = REFUSED | {429}
# A method the contract does not declare (RFC 9110: 405 Method Not Allowed, 501 Not Implemented).
UNDECLARED_METHOD = frozenset({405, 501})


# What a gateway in front of the API answers with a page of its own (a WAF's 403 for script-like text): an
# error status in HTML. Not the API's answer, so not judged (the contract's decision on text).
GATEWAY_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def is_gateway_page(exchange: Exchange) -> bool:
    return 400 <= exchange.status < 500 and exchange.media_type in GATEWAY_PAGE_TYPES
