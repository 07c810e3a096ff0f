"""Checks 1-5 together on every answer to a valid upsert: the quickest way to find a broken host.

The per-check tests beside this one judge the same promises one at a time, for the report; this one
runs first, so a run stopped at its first failure (``-x``) has spent the fewest requests.
"""

import pytest
from hypothesis import given

from capillary_conformance.checks.echo import check_echo
from capillary_conformance.checks.enums import check_enums
from capillary_conformance.checks.envelope import check_envelope
from capillary_conformance.checks.timestamps import check_timestamps
from capillary_conformance.strategies import request_bodies

pytestmark = pytest.mark.check("positive")


@given(body=request_bodies())
def test_valid_upsert_keeps_every_positive_promise(host, expect, body):
    upsert = host.upsert(body)
    check_envelope(upsert)
    host.check_schema(upsert.exchange)
    check_enums(upsert)
    check_timestamps(upsert, expect)
    check_echo(upsert, expect)
