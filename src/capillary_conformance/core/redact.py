"""Keep secrets out of everything the suite writes: reports, logs, replay commands.

A run makes one redactor from its credentials and hands it to whatever turns host data into text (the
client's errors, Hypothesis notes, failure messages, attachments, replays); the client adds every
cookie value the host sets, so a secret echoed into a body is caught too.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterable, Mapping
from http.cookies import CookieError, SimpleCookie

from capillary_conformance.core.settings import Credentials

PLACEHOLDER = "[REDACTED]"
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token", "x-cap-api-auth-key"}
)
MIN_SECRET_LENGTH = 3  # shorter values would blank out ordinary text; such a password is not a secret anyway


def _forms(secret: str) -> set[str]:
    """The secret as it may appear in text: plain, JSON-escaped, repr-escaped."""
    return {secret, json.dumps(secret)[1:-1], repr(secret)[1:-1]}


class Redactor:
    """Replaces secret headers wholesale and known secret values wherever they appear."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: list[str] = []
        self._lock = threading.Lock()
        self.add(*secrets)

    @classmethod
    def for_credentials(cls, credentials: Credentials, *extra: str) -> Redactor:
        basic = base64.b64encode(f"{credentials.username}:{credentials.password}".encode()).decode()
        return cls([credentials.password, basic, *extra])

    def add(self, *secrets: str) -> None:
        with self._lock:
            found = {form for s in secrets if len(s) >= MIN_SECRET_LENGTH for form in _forms(s)}
            # Longest first, so a token is not half-replaced through a secret it contains.
            self._secrets = sorted(set(self._secrets) | found, key=len, reverse=True)

    def add_cookies(self, set_cookie_values: Iterable[str]) -> None:
        for header in set_cookie_values:
            try:
                cookie = SimpleCookie(header)
            except CookieError:
                continue
            self.add(*(morsel.value for morsel in cookie.values()))

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, PLACEHOLDER)
        return value

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: PLACEHOLDER if name.lower() in SECRET_HEADERS else self.text(value) for name, value in headers.items()
        }
