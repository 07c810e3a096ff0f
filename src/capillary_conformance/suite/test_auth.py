"""Check 9: missing, wrong or malformed credentials are refused, on a fresh connection and on one that
has already carried an authorised request (a host must not trust a connection, only its credentials)."""

import base64

import pytest
from hypothesis import given

from capillary_conformance.checks.auth import check_refused
from capillary_conformance.generation.samples import documented_bodies
from capillary_conformance.generation.strategies import request_items

pytestmark = pytest.mark.check("auth")


@given(item=request_items())
def test_no_credentials_are_refused(host, item):
    check_refused(host.client.upsert([item], auth=None), "no credentials")


@given(item=request_items())
def test_wrong_password_for_the_configured_user_is_refused(host, item):
    user, password = host.settings.credentials.username, host.settings.credentials.password
    check_refused(host.client.upsert([item], auth=(user, password + "-wrong")), f"a wrong password for {user!r}")


def _basic(token: str) -> str:
    return "Basic " + base64.b64encode(token.encode()).decode()


def wrong_credentials(user: str, password: str) -> dict[str, tuple[str, bool]]:
    """What each wrong Authorization header is, and whether it is malformed (a 400 is then a refusal too)."""
    return {
        "a Bearer token": ("Bearer " + base64.b64encode(f"{user}:{password}".encode()).decode(), False),
        "Basic that is not base64": ("Basic !!not*base64!!", True),
        "Basic without a colon": (_basic(user), True),
        "an empty password": (_basic(f"{user}:"), False),
        "the configured password with another username": (_basic(f"{user}-other:{password}"), False),
    }


@pytest.mark.parametrize("connection", ["fresh", "used"])
def test_every_wrong_credential_is_refused(host, connection):
    user, password = host.settings.credentials.username, host.settings.credentials.password
    wrong = wrong_credentials(user, password)
    host.client.redactor.add(*(header.partition(" ")[2] for header, _ in wrong.values()))  # they hold the password
    # A valid body, so that only the credentials are wrong (a host may judge the body first).
    body = [dict(item) for item in next(iter(documented_bodies()), ())]
    if connection == "used":
        host.client.upsert([])  # an authorised request (an empty batch: nothing written) opens the connection
    for what, (header, malformed) in wrong.items():
        exchange = host.client.upsert(
            body, auth=None, headers={"Authorization": header}, fresh_connection=connection == "fresh"
        )
        check_refused(exchange, f"{what}, on a {connection} connection", malformed)
