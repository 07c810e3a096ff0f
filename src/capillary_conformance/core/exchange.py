"""One request and its answer, as the suite saw them: what checks read and reports show."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from functools import cached_property
from typing import Any

import httpx

# Headers that name one answer in the host's logs: Capillary's own first, then other gateways'.
REQUEST_ID_HEADERS = ("X-Cap-Requestid", "X-Request-Id", "traceparent")
# Headers by which a host announces an API's end: Deprecation (RFC 9745) and Sunset (RFC 8594).
ANNOUNCEMENT_HEADERS = ("Deprecation", "Sunset")


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    request_headers: dict[str, str] = field(repr=False)  # Authorization, Cookie: never in a repr
    request_body: bytes
    status: int
    response_headers: dict[str, str] = field(repr=False)
    response_body: bytes
    elapsed: float
    attempts: int = 1
    raw: httpx.Response | None = field(default=None, compare=False, repr=False)
    at: datetime | None = field(default=None, compare=False)  # when the answer arrived, by our clock (UTC)
    # When the request that got this answer was about to leave, by our clock: no later than it left, where
    # ``at`` minus ``elapsed`` is later by however long the process took to note the answer.
    sent_at: datetime | None = field(default=None, compare=False)

    @classmethod
    def from_httpx(
        cls, response: httpx.Response, attempts: int = 1, sent_at: datetime | None = None, at: datetime | None = None
    ) -> Exchange:
        request = response.request
        return cls(
            method=request.method,
            url=str(request.url),
            request_headers=dict(request.headers),
            request_body=request.content,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=response.content,
            elapsed=_elapsed(response),
            attempts=attempts,
            raw=response,
            at=at or datetime.now(UTC),
            sent_at=sent_at,
        )

    def header(self, name: str) -> str:
        """A response header, whatever the case of its name; empty when the answer has none."""
        return header_of(self.response_headers, name)

    @property
    def content_type(self) -> str:
        return self.header("content-type")

    @property
    def request_id(self) -> str:
        """How the host's logs know this answer (``X-Cap-Requestid: 5670FF17B7D58``); empty when it says not."""
        return request_id_of(self.response_headers)

    @property
    def warnings(self) -> list[Any]:
        """The answer's warnings (an envelope's ``warnings`` array); empty when it has none or is no envelope."""
        body = self.json if self.is_json() else None
        found = body.get("warnings") if isinstance(body, dict) else None
        return found if isinstance(found, list) else []

    @property
    def media_type(self) -> str:
        return media_type(self.content_type)

    @cached_property
    def json(self) -> Any:
        """The parsed body; ValueError when it is not JSON."""
        return json.loads(self.response_body)

    def is_json(self) -> bool:
        try:
            self.json  # noqa: B018 - parse once, cached for the checks
        except ValueError:
            return False
        return True

    def response_text(self) -> str:
        return self.response_body.decode("utf-8", errors="replace")

    def request_text(self) -> str:
        return self.request_body.decode("utf-8", errors="replace")


def _elapsed(response: httpx.Response) -> float:
    """Seconds the answer took, as httpx measured it; 0 where it did not (a response a mock transport made)."""
    try:
        return response.elapsed.total_seconds()
    except RuntimeError:
        return 0.0


def header_of(headers: Mapping[str, str], name: str) -> str:
    """A header, whatever the case of its name; empty when there is none."""
    return next((v for k, v in headers.items() if k.lower() == name.lower()), "")


def request_id_of(headers: Mapping[str, str]) -> str:
    """The first of REQUEST_ID_HEADERS an answer carries, as ``name: value``; empty when it carries none."""
    return next((f"{name}: {value}" for name in REQUEST_ID_HEADERS if (value := header_of(headers, name))), "")


def media_type(content_type: str) -> str:
    """``application/json`` from ``Application/JSON; charset=utf-8``; empty when none was given."""
    if not content_type.strip():
        return ""
    message = Message()
    message["Content-Type"] = content_type
    return message.get_content_type()
