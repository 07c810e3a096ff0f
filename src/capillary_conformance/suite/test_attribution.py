"""Check 11: who created and who last updated a communication, across writes by the configured user."""

import pytest
from hypothesis import given

from capillary_conformance.checks.attribution import check_same_actors
from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("attribution")


@given(body=request_bodies())
def test_a_repeat_keeps_who_created_and_who_updated(host, expect, body):
    check_same_actors(host.upsert(body), host.upsert(body), expect)
