"""The attribution check: who created and who last updated a communication, across writes by the configured user."""

import pytest
from hypothesis import given

from capillary_conformance.checks.attribution import check_creator_kept, check_same_actors
from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("attribution")


@given(body=request_bodies())
def test_a_repeat_keeps_who_created_and_who_updated(host, expect, body):
    first, again = host.upsert(body), host.upsert(body)
    check_same_actors(first, again, expect)
    check_creator_kept(again, expect, host.memory["attribution"])  # the creator first seen anywhere in the run
