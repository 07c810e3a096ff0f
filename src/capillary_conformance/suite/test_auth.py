"""The auth check: missing, wrong or malformed credentials are refused, on a fresh connection and on one that
has already carried an authorised request (a host must not trust a connection, only its credentials)."""

import pytest
from hypothesis import given

from capillary_conformance.checks.base import Wrong
from capillary_conformance.generation import coverage
from capillary_conformance.generation.samples import documented_bodies
from capillary_conformance.generation.strategies import request_items

pytestmark = pytest.mark.check("auth")


@pytest.mark.coverage
@pytest.mark.parametrize("connection", ["fresh", "used"])
def test_every_wrong_credential_is_refused(host, spending, connection):
    user, password = host.settings.credentials.username, host.settings.credentials.password
    used = connection == "used"  # then one authorised request goes first
    wrong = spending.points(
        f"wrong credentials, {connection} connection", coverage.wrong_credentials(user, password), used
    )
    host.client.redactor.add(*(c.header.partition(" ")[2] for c in wrong if c.header))  # they hold the password
    # A valid body, so that only the credentials are wrong (a host may judge the body first).
    body = [dict(item) for item in next(iter(documented_bodies()), ())]
    if connection == "used":
        host.client.upsert([])  # an authorised request (an empty batch: nothing written) opens the connection
    for credential in wrong:
        headers = {"Authorization": credential.header} if credential.header else {}
        exchange = host.client.upsert(body, auth=None, headers=headers, fresh_connection=connection == "fresh")
        wrong = Wrong.MALFORMED_CREDENTIALS if credential.malformed else Wrong.CREDENTIALS
        host.judge(exchange, wrong, f"{credential.what}, on a {connection} connection")


@given(item=request_items())
def test_no_credentials_are_refused_whatever_the_body(host, item):
    host.judge(host.client.upsert([item], auth=None), Wrong.CREDENTIALS, "no credentials")
