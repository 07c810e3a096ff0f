"""The footprint: every key a host accepted an upsert for on the configured target, and nothing else."""

import json

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.plugin.target.footprint import Footprint

PATH = "/v3/targetGroups/1/targets/2/communications/upsert"


def upsert(body, status: int = 200, path: str = PATH, method: str = "POST") -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(method, f"http://host.test{path}", {}, raw, status, {}, b"{}", 0.0)


def test_a_success_writes_each_well_formed_item_and_nothing_else_counts():
    footprint = Footprint(("communicationType", "channelId"), PATH)
    footprint.record(upsert([{"communicationType": "START", "channelId": 1}, {"channelId": 2}, "x"]))
    footprint.record(upsert([{"communicationType": "FINISH", "channelId": 1}], status=400))
    footprint.record(upsert([{"communicationType": "FINISH", "channelId": 2}], path="/v3/targetGroups/9/targets/9/x"))
    footprint.record(upsert([{"communicationType": "FINISH", "channelId": 3}], method="PUT"))
    footprint.record(upsert(b"not json"))
    assert footprint.keys() == [{"communicationType": "START", "channelId": 1}]


def test_the_last_item_sent_for_a_key_is_kept_and_shares_travel_between_processes():
    one = Footprint(("communicationType",), PATH)
    one.record(upsert([{"communicationType": "START", "sender": "a"}]))
    mark = one.snapshot()
    one.record(upsert([{"communicationType": "START", "sender": "b"}]))
    other = Footprint(("communicationType",), PATH)
    other.merge(one.since(mark))
    assert other.snapshot() == {'["START"]': {"communicationType": "START", "sender": "b"}}
    assert len(other) == 1


def test_a_key_whose_text_holds_a_unicode_line_separator_is_still_cleaned_up(tmp_path):
    from capillary_conformance.plugin.target.footprint import written_in

    footprint = Footprint(("communicationType",), PATH, tmp_path)
    footprint.record(upsert([{"communicationType": "START", "sender": "a\u2028b\u0085c"}]))
    assert written_in(tmp_path) == {'["START"]': {"communicationType": "START", "sender": "a\u2028b\u0085c"}}


def test_only_the_keyed_objects_of_a_json_array_posted_to_the_target_are_read_as_items():
    footprint = Footprint(("communicationType", "channelId"), PATH)
    keyed = {"communicationType": "START", "channelId": 1}
    assert footprint.items_of(upsert([keyed])) == [keyed]
    assert footprint.items_of(upsert([{"channelId": 1}])) == []
    assert footprint.items_of(upsert(b"{", status=400)) == []
    assert footprint.items_of(upsert([keyed], path="/v3/targetGroups/9/targets/9/x")) == []
