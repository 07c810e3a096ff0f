"""Check 5: the answer echoes what was sent and the path's ids."""

import pytest
from hypothesis import given

from capillary_conformance.checks.echo import check_echo
from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("echo")


@given(body=request_bodies())
def test_answer_echoes_the_request(host, expect, body):
    check_echo(host.upsert(body), expect)
