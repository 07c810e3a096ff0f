"""Check 9: missing or wrong credentials are refused."""

import pytest
from hypothesis import given

from capillary_conformance.checks.auth import check_refused
from capillary_conformance.generation.strategies import request_items

pytestmark = pytest.mark.check("auth")


@given(item=request_items())
def test_no_credentials_are_refused(host, item):
    check_refused(host.client.upsert([item], auth=None), "no credentials")


@given(item=request_items())
def test_wrong_password_for_the_configured_user_is_refused(host, item):
    user, password = host.settings.credentials.username, host.settings.credentials.password
    check_refused(host.client.upsert([item], auth=(user, password + "-wrong")), f"a wrong password for {user!r}")
