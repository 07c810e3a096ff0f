"""Check 1: the success envelope."""

import pytest
from hypothesis import given

from capillary_conformance.checks.envelope import check_envelope
from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("envelope")


@given(body=request_bodies())
def test_valid_upsert_gets_the_envelope(host, body):
    check_envelope(host.upsert(body))
