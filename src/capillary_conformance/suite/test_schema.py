"""Check 2: every answer validates against the contract; undocumented fields are drift."""

import pytest
from hypothesis import given

from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("schema")


@given(body=request_bodies())
def test_answer_validates_against_the_contract(host, body):
    host.check_schema(host.upsert(body).exchange)
