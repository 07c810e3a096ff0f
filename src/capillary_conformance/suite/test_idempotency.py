"""Check 6: repeats, updates, other keys and batches."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capillary_conformance.checks.echo import check_echo
from capillary_conformance.checks.idempotency import check_distinct_ids, check_same_rows, check_update_applied
from capillary_conformance.generation.strategies import request_bodies, request_items, with_new_values, with_other_key

pytestmark = pytest.mark.check("idempotency")


@given(body=request_bodies())
def test_identical_repeat_changes_nothing(host, expect, body):
    first, again = host.upsert(body), host.upsert(body)
    check_same_rows(first, again, expect, "an identical repeat")


@pytest.mark.first_pass(2)
@given(data=st.data())
def test_update_of_non_key_fields_keeps_id_and_created_on(host, expect, data):
    item = data.draw(request_items(), label="item")
    changed = data.draw(with_new_values(item, expect.upsert_key), label="changed")
    before, after = host.upsert([item]), host.upsert([changed])
    check_same_rows(before, after, expect, "an update")
    check_update_applied(after, expect)


@given(data=st.data())
def test_other_upsert_key_gets_another_id(host, expect, data):
    item = data.draw(request_items(), label="item")
    other = data.draw(with_other_key(item, expect.upsert_key), label="other")
    check_distinct_ids(host.upsert([item]), host.upsert([other]), expect)


@given(body=request_bodies(min_size=2))
def test_batch_upserts_every_item(host, expect, body):
    batch = host.upsert(body)
    check_echo(batch, expect)
    for item in body:
        check_same_rows(batch, host.upsert([item]), expect, "upserting a batch item again on its own")
