"""Keep secrets out of everything the suite writes: reports, logs, replay commands."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping

from capillary_conformance.harness.settings import Credentials

PLACEHOLDER = "[REDACTED]"
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "x-auth-token",
        "x-cap-api-auth-key",
    }
)


class Redactor:
    """Replaces secret headers wholesale and known secret values wherever they appear."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a token is not half-replaced through a secret it contains.
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    @classmethod
    def for_credentials(cls, credentials: Credentials, *extra: str) -> Redactor:
        basic = base64.b64encode(f"{credentials.username}:{credentials.password}".encode()).decode()
        return cls([credentials.password, basic, *extra])

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, PLACEHOLDER)
        return value

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: PLACEHOLDER if name.lower() in SECRET_HEADERS else self.text(value) for name, value in headers.items()
        }
