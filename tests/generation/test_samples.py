"""The values every run sends first: the data file's, packed into valid bodies, inside the environment."""

import json

from capillary_conformance.contracts import SchemaName, violations
from capillary_conformance.contracts.text import may_be_refused
from capillary_conformance.generation import environment, samples


def test_every_sample_value_is_sent_in_a_valid_body_whose_items_have_distinct_keys():
    bodies = samples.sample_bodies()
    fields = samples.text_fields()
    assert fields == ("messageTemplate", "sender", "subjectTemplate")  # from the contract: strings, no enum
    sent = {item[field] for body in bodies for item in body for field in fields}
    kept = {value for value in samples.text_values() if not may_be_refused(value)}
    every = {item[field] for body in samples.text_bodies() for item in body.items for field in fields}
    assert every == set(samples.text_values())
    for field in fields:  # each value in each text field: the +tag addresses reach sender too
        assert {item[field] for body in samples.text_bodies() for item in body.items} == set(samples.text_values())
    assert not sent - kept
    for field in ("offsetDays", "channelId"):
        assert {item[field] for body in bodies for item in body} == {0, 1, -1, -(2**31), 2**31 - 1}
    assert {item["active"] for body in bodies for item in body} == {True, False}
    assert {len(body) for body in bodies[:-1]} == {4}
    assert max(map(len, sent)) >= 2000
    assert any("\r\n" in value for value in sent)
    assert any(ord(char) > 0xFFFF for value in sent for char in value)
    for body in bodies:
        assert not violations(list(body), SchemaName.REQUEST)
        assert len({item["communicationType"] for item in body}) == len(body)


def test_the_docs_examples_come_first_then_the_samples():
    first = samples.first_bodies()
    assert first[: len(samples.documented_bodies())] == samples.documented_bodies()
    assert first[len(samples.documented_bodies()) :] == samples.sample_bodies()


def test_text_a_host_may_refuse_goes_alone_and_text_a_gateway_may_block_apart():
    bodies = samples.text_bodies()
    for body in bodies:
        values = body.values()
        refusable = [value for value in values if may_be_refused(value)]
        assert not refusable or (body.lot.refusable and len(values) == 1 and len(body.items) == 1)
    blocked = [body for body in bodies if body.lot.gateway_may_block]
    assert blocked
    assert all(not body.lot.refusable for body in blocked)
    assert any("<script>" in value for body in blocked for value in body.values())
    kept = {value for body in samples.sample_bodies() for item in body for value in item.values()}
    assert not any("<script>" in str(value) for value in kept)
    assert [body.lot.refusable for body in bodies][-2:] == [True, True]  # U+0000 alone, then the C1 controls


def test_items_outside_the_declared_environment_are_left_out():
    try:
        environment.declare({"properties": {"offsetDays": {"minimum": 0}, "sender": {"maxLength": 255}}})
        samples.text_bodies.cache_clear()
        samples.documented_bodies.cache_clear()
        items = [item for body in samples.sample_bodies() for item in body]
        assert items
        assert all(item["offsetDays"] >= 0 and len(item["sender"]) <= 255 for item in items)
    finally:
        environment.declare(None)
        samples.text_bodies.cache_clear()
        samples.documented_bodies.cache_clear()


def test_an_integer_boundary_outside_the_environment_gives_way_and_the_text_still_goes():
    try:
        environment.declare({"properties": {"channelId": {"enum": [1, 2, 3]}}})
        samples.text_bodies.cache_clear()
        items = [item for body in samples.sample_bodies() for item in body]
        assert {item["channelId"] for item in items} <= {1, 2, 3}
        assert {item["sender"] for body in samples.text_bodies() for item in body.items} == set(samples.text_values())
    finally:
        environment.declare(None)
        samples.text_bodies.cache_clear()


def test_the_boundaries_come_from_the_contract_range():
    schema = {"properties": {"n": {"type": "integer", "minimum": 0, "maximum": 9}, "m": {"type": "integer"}}}
    assert samples.integer_values("n", schema) == [0, 1, 9]
    assert samples.integer_values("m", schema) == [0, 1, -1]


def test_schemathesis_reads_them_as_the_request_examples_of_a_copy_the_contract_files_stay():
    path = environment.openapi_path(samples.first_bodies())
    examples = json.dumps(environment.load_openapi())
    copied = path.read_text(encoding="utf-8")
    assert "sent-first-1" in copied
    assert "sent-first-1" not in examples
