"""A curl command that replays a request, with credentials left to the environment.

``-u "$CAPILLARY_USERNAME":"$CAPILLARY_PASSWORD"`` replays the configured credentials; a test that sent
other ones (a wrong password is the right one plus a suffix) replays as ``"$CAPILLARY_PASSWORD"-wrong``,
so the command reproduces the request without ever holding the secret.
"""

from __future__ import annotations

import base64
import binascii
import shlex
from urllib.parse import urlsplit

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import PLACEHOLDER, SECRET_HEADERS, Redactor
from capillary_conformance.core.settings import Credentials, Settings, display, env_name

# Skipped: headers curl sets itself, and secrets (replaced by -u from the environment).
_SKIP = SECRET_HEADERS | {"host", "content-length", "accept-encoding", "connection", "user-agent"}


def _auth_option(header: str, credentials: Credentials | None) -> list[str]:
    """Credentials as the environment has them: the configured ones, or what the test changed in them."""
    scheme, _, token = header.partition(" ")
    try:
        user, _, password = base64.b64decode(token, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        user = password = ""
    if scheme.lower() != "basic" or credentials is None or not password.startswith(credentials.password):
        return ["-H", shlex.quote(f"Authorization: {PLACEHOLDER}")]  # not ours to rebuild: fill it in by hand
    suffix = shlex.quote(password[len(credentials.password) :]) if password != credentials.password else ""
    name = '"$CAPILLARY_USERNAME"' if user == credentials.username else shlex.quote(user)
    return ["-u", f'{name}:"$CAPILLARY_PASSWORD"{suffix}']


def curl_command(exchange: Exchange, redactor: Redactor, credentials: Credentials | None = None) -> str:
    parts = ["curl", "-sS", "-i", "-X", exchange.method, shlex.quote(redactor.text(exchange.url))]
    authorization = next((v for k, v in exchange.request_headers.items() if k.lower() == "authorization"), None)
    if authorization is not None:
        parts += _auth_option(authorization, credentials)
    for name, value in exchange.request_headers.items():
        if name.lower() not in _SKIP:
            parts += ["-H", shlex.quote(f"{name}: {redactor.text(value)}")]
    if exchange.request_body:
        parts += ["--data-binary", shlex.quote(redactor.text(exchange.request_text()))]
    return " ".join(parts)


# What the embedded sandbox reads of its settings, passed on to the one a replay starts (when the run gave them).
_SANDBOX_READS = ("utc_offset", "time_zone", "upsert_key", "sandbox_environment", "sandbox_latency")


def sandbox_preamble(settings: Settings, base_url: str) -> str:
    """The run's embedded sandbox is gone with the run: the lines that start the same variant on its port, with
    credentials the replay chooses (never the run's), before the curl line sends to it."""
    port = urlsplit(base_url).port
    given = {env_name(name): display(getattr(settings, name)) for name in _SANDBOX_READS if settings.given(name)}
    exported = {
        "CAPILLARY_USERNAME": settings.credentials.username,
        "CAPILLARY_PASSWORD": "replay",  # the sandbox below takes whatever it is given
        "CAPILLARY_TARGET_GROUP_ID": str(settings.target_group_id),
        "CAPILLARY_TARGET_ID": str(settings.target_id),
        **given,
    }
    fault = f" --fault {shlex.quote(settings.sandbox_fault)}" if settings.sandbox_fault else ""
    return (
        "# the run's embedded sandbox is gone: start the same one on its port first\n"
        f"export {' '.join(f'{name}={shlex.quote(value)}' for name, value in exported.items())}\n"
        f"capillary-conformance sandbox --port {port}{fault} &\n"
        f"for wait in $(seq 150); do curl -so /dev/null http://127.0.0.1:{port}/ && break; sleep 0.2; done\n"
    )
