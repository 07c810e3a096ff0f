"""A curl command that replays a request, with credentials left to the environment."""

from __future__ import annotations

import shlex

from capillary_conformance.harness.exchange import Exchange
from capillary_conformance.harness.redact import SECRET_HEADERS, Redactor

# Skipped: headers curl sets itself, and secrets (replaced by -u from the environment).
_SKIP = SECRET_HEADERS | {"host", "content-length", "accept-encoding", "connection", "user-agent", "accept"}


def curl_command(exchange: Exchange, redactor: Redactor) -> str:
    parts = ["curl", "-sS", "-i", "-X", exchange.method, shlex.quote(redactor.text(exchange.url))]
    if any(name.lower() == "authorization" for name in exchange.request_headers):
        parts += ["-u", '"$CAPILLARY_USERNAME:$CAPILLARY_PASSWORD"']
    for name, value in exchange.request_headers.items():
        if name.lower() not in _SKIP:
            parts += ["-H", shlex.quote(f"{name}: {redactor.text(value)}")]
    if exchange.request_body:
        parts += ["--data-binary", shlex.quote(redactor.text(exchange.request_text()))]
    return " ".join(parts)
