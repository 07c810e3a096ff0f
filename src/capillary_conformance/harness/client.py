"""The one way the suite talks to a host: httpx over TCP, every exchange recorded for the report."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from capillary_conformance.harness.exchange import Exchange
from capillary_conformance.harness.settings import Credentials

UPSERT_PATH = "/v3/targetGroups/{group}/targets/{target}/communications/upsert"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
Auth = tuple[str, str] | Literal["configured"] | None
_UNSET: Any = object()


class HostUnavailable(Exception):
    """The host did not answer (refused, reset, timed out): the suite cannot judge it."""


class HostClient:
    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        target_group_id: int,
        target_id: int,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url
        self.credentials = credentials
        self.target_group_id = target_group_id
        self.target_id = target_id
        self.listeners: list[Callable[[Exchange], None]] = []
        self._http = httpx.Client(base_url=base_url, timeout=timeout, headers={"Accept": "application/json"})

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    def close(self) -> None:
        self._http.close()

    def path(self, group: object = None, target: object = None) -> str:
        return UPSERT_PATH.format(
            group=self.target_group_id if group is None else group,
            target=self.target_id if target is None else target,
        )

    def upsert(
        self,
        body: Any = _UNSET,
        *,
        content: bytes | None = None,
        group: object = None,
        target: object = None,
        auth: Auth = "configured",
    ) -> Exchange:
        """POST to the upsert endpoint: ``body`` as JSON, or ``content`` as raw bytes."""
        raw = content if content is not None else json.dumps(body, ensure_ascii=False).encode()
        return self.send("POST", self.path(group, target), content=raw, auth=auth)

    def send(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        auth: Auth = "configured",
    ) -> Exchange:
        basic = (self.credentials.username, self.credentials.password) if auth == "configured" else auth
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        try:
            response = self._http.request(method, url, content=content, headers=all_headers, params=params, auth=basic)
        except httpx.TransportError as error:
            raise HostUnavailable(f"{self.host}: {type(error).__name__}: {error or 'no answer'}") from error
        exchange = Exchange.from_httpx(response)
        for listener in self.listeners:
            listener(exchange)
        return exchange
