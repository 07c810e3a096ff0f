"""Check 3: communicationType comes back as sent, in the enum's case."""

import pytest
from hypothesis import given

from capillary_conformance.checks.enums import check_enums
from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("enums")


@given(body=request_bodies())
def test_communication_type_is_answered_as_sent(host, body):
    check_enums(host.upsert(body))
