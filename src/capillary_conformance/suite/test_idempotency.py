"""The idempotency check: repeats (one after the other, and sent together), updates, other keys and batches."""

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capillary_conformance.checks.echo import check_echo
from capillary_conformance.checks.idempotency import (
    check_distinct_ids,
    check_one_row,
    check_same_rows,
    check_update_applied,
)
from capillary_conformance.generation import coverage
from capillary_conformance.generation.samples import base_item, changed_value
from capillary_conformance.generation.strategies import (
    communication_types,
    request_bodies,
    request_items,
    with_new_values,
    with_other_key,
)

pytestmark = pytest.mark.check("idempotency")


@pytest.mark.coverage
def test_each_sequence_the_upsert_promise_names_keeps_its_promises(host, expect):
    """Asked once, in order, before any random sequence: a batch of new keys, an identical repeat, the batch
    in another order, an update of each field that is not part of the key, deactivating and writing the key
    again, a new key after a deactivation in a batch with an existing one, each item of that batch again on
    its own, a key that differs in one key field alone, and the oldest key again after the others. Each
    answer keeps every promise made of it: ids and createdOn stay, values are the last sent."""
    base = base_item()
    if base is None:
        pytest.skip("no item of the docs or the samples lies inside the declared environment")
    keys = unwritten_items(host, expect, base)
    a, b, c = next(keys), next(keys), next(keys)
    if len({expect.key_of(item) for item in (a, b, c)}) < 3:
        pytest.skip("this environment allows fewer than three keys: no batch of distinct keys to write")
    created = host.upsert([a, b])
    check_distinct_ids(created, created, expect)
    check_same_rows(created, host.upsert([a, b]), expect, "an identical repeat of a batch")
    check_same_rows(created, host.upsert([b, a]), expect, "the batch's items sent in another order")
    for field in sorted(set(a) - set(expect.upsert_key) - {"active"}):
        a = {**a, field: changed_value(a[field])}
        updated = host.upsert([a])
        check_same_rows(created, updated, expect, f"an update of {field}")
        check_update_applied(updated, expect)
    b_last = b
    if "active" not in expect.upsert_key:
        for active, what in ((False, "deactivating it"), (True, "writing a deactivated key again")):
            a = {**a, "active": active}
            again = host.upsert([a])
            check_same_rows(created, again, expect, what)
            check_update_applied(again, expect)
        b_last = {**b, "active": False}
        host.upsert([b_last])
    mixed = host.upsert([a, c])  # an existing key and a new one, after a deactivation
    check_same_rows(created, mixed, expect, "a batch mixing an existing key and a new one")
    check_distinct_ids(created, mixed, expect)
    check_update_applied(mixed, expect)
    for item in (a, c):
        check_same_rows(mixed, host.upsert([item]), expect, "an item of a batch written again on its own")
    for field in expect.upsert_key:  # a key that differs from a's in one field alone is another row
        other = _other_key(host, a, field, {item["communicationType"] for item in (a, b, c)})
        if other is not None:
            check_distinct_ids(created, host.upsert([other]), expect)
    # b, written last before the keys above: again as last sent (a host that forgets older rows renames it)
    check_same_rows(created, host.upsert([b_last]), expect, "a key written again after others")


def _other_key(host, item: dict, field: str, types_used: set[str]) -> dict | None:
    """``item`` with another valid value in one field of its key (a declared channel, if channels are; a
    communicationType the sequence has not used, if one is left)."""
    if field == "channelId" and host.settings.channel_ids is not None:
        others = [channel for channel in host.settings.channel_ids if channel != item["channelId"]]
        return {**item, "channelId": others[0]} if others else None
    if field == "communicationType":
        kinds = [kind for kind in communication_types() if kind != item[field]]
        return {**item, field: next((kind for kind in kinds if kind not in types_used), kinds[0])}
    return {**item, field: changed_value(item[field])}


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


T = TypeVar("T")
CHANNELS_TRIED = 64  # channels from the base item's on which unwritten keys are looked for (none declared)


def unwritten_items(host, expect, base: dict) -> Iterator[dict]:
    """``base`` on keys this run has not written yet (in the declared channels, if any), then on the keys it
    has, each once (an update instead of an insert: the same promises of ids and values), then ``base``."""
    keys = host.footprint.keys()
    written = {tuple(key.values()) for key in keys}
    channels = host.settings.channel_ids or range(base["channelId"], base["channelId"] + CHANNELS_TRIED)
    items = [{**base, "communicationType": kind, "channelId": channel} for channel in channels
             for kind in communication_types()]  # fmt: skip
    given = set()
    for new in (True, False):
        for item in items:
            key = expect.key_of(item)
            if (key not in written) == new and key not in given:
                given.add(key)
                yield item
    while True:
        yield base


CONCURRENT = coverage.CONCURRENT_WRITES
LANDING = 0.002  # seconds the update follows its key's insert by


@pytest.mark.coverage
def test_each_kind_of_concurrent_write_keeps_its_promises(host, expect, spending):
    """Two writes sent at the same moment, one pair of each kind. Every answer holds what its write sent; one
    key's answers name one row (one id and createdOn), two keys' two rows; a repeat afterwards keeps them. On a
    real host a race shows only when the requests overlap there; the sandbox's faults prove the pairs find one."""
    base = base_item()
    if base is None:
        pytest.skip("no item of the docs or the samples lies inside the declared environment")
    keys = unwritten_items(host, expect, base)
    for kind in spending.points("concurrent writes", CONCURRENT, after=0):
        first = next(keys)
        field = next(name for name in sorted(first) if name not in expect.upsert_key and name != "active")
        second = {
            CONCURRENT[0]: first,
            CONCURRENT[1]: {**first, field: changed_value(first[field])},
            CONCURRENT[2]: next(keys),
            CONCURRENT[3]: {**first, field: changed_value(first[field])},
        }[kind]
        delay = LANDING if kind == CONCURRENT[3] else 0.0
        together = at_once_each(
            [lambda a=first: host.upsert([a]), lambda b=second, wait=delay: _later(wait, lambda: host.upsert([b]))]
        )
        for upsert in together:
            check_update_applied(upsert, expect)  # every answer as written
        if expect.key_of(first) == expect.key_of(second):
            check_one_row(together, expect)
            check_same_rows(together[0], host.upsert([second]), expect, f"a repeat after {kind} sent together")
        else:
            check_distinct_ids(together[0], together[1], expect)
            again = host.upsert([first, second])
            for upsert in together:
                check_same_rows(upsert, again, expect, f"a repeat after {kind} sent together")


@pytest.mark.coverage
def test_each_mix_of_new_and_written_keys_in_a_batch_is_upserted_item_by_item(host, expect, spending):
    """Bodies of 1 to 4 items, every mix of new keys and keys already written and every position of the new ones
    (30 bodies, after one that writes the keys to mix in): every item answered as sent, matched by key; a
    written key keeps its id, a new key gets an id of its own."""
    base = base_item()
    if base is None:
        pytest.skip("no item of the docs or the samples lies inside the declared environment")
    keys = unwritten_items(host, expect, base)
    written = [next(keys) for _ in range(4)]
    if len({expect.key_of(item) for item in written}) < 4:
        pytest.skip("this environment allows fewer than four keys: no batch of four distinct keys to write")
    before = host.upsert(written)
    for mix in spending.points("batches of new and written keys", coverage.batch_mixes(), after=1):
        old = iter(written)
        body = [next(keys) if new else next(old) for new in mix]
        if len({expect.key_of(item) for item in body}) < len(body):
            continue  # the environment ran out of new keys: a written one came twice
        batch = host.upsert(body)
        check_echo(batch, expect)
        check_same_rows(before, batch, expect, f"a batch of {_mix(mix)}")
        check_distinct_ids(batch, batch, expect)
        check_distinct_ids(before, batch, expect)


def _mix(mix: tuple[bool, ...]) -> str:
    return ", ".join("new" if new else "written" for new in mix)


def _later(seconds: float, call: Callable[[], T]) -> T:
    if seconds:
        time.sleep(seconds)
    return call()


def at_once_each(calls: list[Callable[[], T]]) -> list[T]:
    """Each call in a thread of its own, started together. Daemon threads, joined in short waits: a run stopped
    (Ctrl-C, a CI time-out's SIGTERM) while a host hangs does not wait for them (an executor would)."""
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = calls[index]()
        except BaseException as error:  # handed to the test's thread, which raises it
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,), daemon=True) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.1)
    if errors:
        raise errors[0]
    return results


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
