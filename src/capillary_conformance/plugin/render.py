"""One exchange as people read it (request, response, curl replay), secrets redacted: the one renderer
behind the terminal's failure section and the report's attachments."""

from __future__ import annotations

from dataclasses import dataclass

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import Credentials
from capillary_conformance.plugin.replay import curl_command


@dataclass(frozen=True)
class Rendered:
    request: str
    response: str
    replay: str

    def __str__(self) -> str:
        return f"{self.request}\n\n{self.response}\n\nreplay: {self.replay}"


def render(exchange: Exchange, redactor: Redactor, credentials: Credentials, limit: int | None = None) -> Rendered:
    """``limit`` cuts each body (the terminal); the report keeps them whole."""

    def headers(values: dict[str, str]) -> str:
        return "".join(f"{name}: {value}\n" for name, value in redactor.headers(values).items())

    retried = f" (after {exchange.attempts} attempts)" if exchange.attempts > 1 else ""
    return Rendered(
        request=f"{exchange.method} {redactor.text(exchange.url)}\n{headers(exchange.request_headers)}\n"
        f"{redactor.text(exchange.request_text())[:limit]}",
        response=f"HTTP {exchange.status}{retried}, {exchange.elapsed * 1000:.0f} ms\n"
        f"{headers(exchange.response_headers)}\n{redactor.text(exchange.response_text())[:limit]}",
        replay=curl_command(exchange, redactor, credentials),
    )
