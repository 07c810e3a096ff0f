"""Check 4: createdOn and lastUpdatedOn."""

import pytest
from hypothesis import given

from capillary_conformance.checks.timestamps import check_timestamps
from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("timestamps")


@given(body=request_bodies())
def test_timestamps_are_well_formed_zoned_and_ordered(host, expect, body):
    check_timestamps(host.upsert(body), expect)
