"""The answer checks together on every answer to a valid upsert: the quickest way to find a broken host.

The per-check tests beside this one judge the same promises one at a time, for the report; this one
runs first, so a run stopped at its first failure (``-x``) has spent the fewest requests.
"""

import pytest
from hypothesis import given

from capillary_conformance.checks.positive import check_positive
from capillary_conformance.generation.samples import documented_bodies, with_bodies
from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.check("positive")


@pytest.mark.coverage  # its first pass: the docs' bodies (then one drawn example); the text test sends the samples
@given(body=request_bodies())
@with_bodies("body", documented_bodies())
def test_valid_upsert_keeps_every_positive_promise(host, expect, body):
    host.drift.add(check_positive(host.upsert(body), expect))
