"""One exchange as people read it (request, response, curl replay), secrets redacted: the one renderer
behind the terminal's failure section and the report's attachments."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.record import Exchanged
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import Credentials
from capillary_conformance.plugin.outputs.replay import curl_command


@dataclass(frozen=True)
class Rendered:
    request: str
    response: str
    replay: str

    def __str__(self) -> str:
        return f"{self.request}\n\n{self.response}\n\nreplay: {self.replay}"


SHOWN_STEPS = 20  # of a failing execution's steps, the last ones shown and recorded
LONG = 160  # characters of a value shown whole in the report; a longer one is cut in its middle


def render(
    exchange: Exchange, redactor: Redactor, credentials: Credentials, limit: int | None = None, preamble: str = ""
) -> Rendered:
    """``limit`` cuts each body (the terminal); the report pretty-prints a JSON body, each long value cut in its
    middle with its length shown (the curl replay sends it whole)."""

    def body(text: str) -> str:
        return redactor.text(text)[:limit] if limit is not None else readable(redactor.text(text))

    def headers(values: dict[str, str]) -> str:
        return "".join(f"{name}: {value}\n" for name, value in redactor.headers(values).items())

    retried = f" (after {exchange.attempts} attempts)" if exchange.attempts > 1 else ""
    return Rendered(
        request=f"{exchange.method} {redactor.text(exchange.url)}\n{headers(exchange.request_headers)}\n"
        f"{body(exchange.request_text())}",
        response=f"HTTP {exchange.status}{retried}, {exchange.elapsed * 1000:.0f} ms\n"
        f"{headers(exchange.response_headers)}\n{body(exchange.response_text())}",
        replay=preamble + curl_command(exchange, redactor, credentials),
    )


def recorded(step: str, exchange: Exchange, redactor: Redactor) -> Exchanged:
    """A step of a failure's evidence as the record keeps it: what the report shows, a JSON body as JSON."""
    return Exchanged(
        step=step,
        method=exchange.method,
        url=redactor.text(exchange.url),
        status=exchange.status,
        request_id=exchange.request_id,
        request_headers=redactor.headers(exchange.request_headers),
        request_body=_value(redactor.text(exchange.request_text())),
        response_headers=redactor.headers(exchange.response_headers),
        response_body=_value(redactor.text(exchange.response_text())),
    )


def _value(text: str) -> Any:
    if not text:
        return None
    try:
        return _cut_values(json.loads(text))
    except ValueError:
        return cut_middle(text, LONG * 8)


def readable(text: str) -> str:
    """A JSON body indented, each long string cut in its middle; any other text cut in its middle."""
    try:
        value = json.loads(text)
    except ValueError:
        return cut_middle(text, LONG * 8)
    return json.dumps(_cut_values(value), indent=2, ensure_ascii=False)


def _cut_values(value: Any) -> Any:
    if isinstance(value, str):
        return cut_middle(value, LONG)
    if isinstance(value, list):
        return [_cut_values(item) for item in value]
    if isinstance(value, dict):
        return {key: _cut_values(item) for key, item in value.items()}
    return value


def cut_middle(text: str, limit: int) -> str:
    """A long text cut in its middle, its length said: its start says what it is, its end often what to do."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} [... {len(text) - 2 * half} of {len(text)} characters ...] {text[-half:]}"
