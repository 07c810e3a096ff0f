"""The answer checks, each on its own: the plugin runs this test once per answer check registered with
``@answer_check``, on random valid bodies, in the deep pass (the positive sweep asks them all of every
answer in the first pass)."""

import pytest
from hypothesis import given

from capillary_conformance.generation.strategies import request_bodies

pytestmark = pytest.mark.each_answer_check


@given(body=request_bodies())
def test_each_answer_check_on_random_valid_bodies(host, expect, check, body):
    host.drift.add(check.answer(host.upsert(body), expect) or [])
