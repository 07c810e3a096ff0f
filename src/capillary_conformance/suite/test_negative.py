"""The negative check: invalid input gets a 4xx with the error envelope; open-ended input never gets a 5xx."""

import json
import string
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capillary_conformance.checks.base import Upsert, Wrong
from capillary_conformance.checks.negative import check_answer_fields_not_applied
from capillary_conformance.generation import coverage
from capillary_conformance.generation.environment import declared_overlay
from capillary_conformance.generation.samples import base_item, documented_bodies, with_bodies
from capillary_conformance.generation.strategies import communication_types, item_fields, request_items

pytestmark = pytest.mark.check("negative")

JSON_SCALARS = {
    "integer": st.integers(),
    "number": st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    "string": st.text(max_size=20),
    "boolean": st.booleans(),
    "array": st.lists(st.integers(), max_size=2),
    "object": st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
}
# Values of these JSON types are not wrong for the field: a non-integral number is wrong for "integer"
# (JSON_SCALARS' numbers are all non-integral), but an integer is never wrong for itself.
COMPATIBLE = {"integer": {"integer"}, "string": {"string"}, "boolean": {"boolean"}}


def wrong_values(json_type: str) -> st.SearchStrategy:
    return st.one_of([strategy for name, strategy in JSON_SCALARS.items() if name not in COMPATIBLE[json_type]])


def bad_communication_types() -> st.SearchStrategy:
    valid = communication_types()
    return st.one_of(
        st.sampled_from(valid).map(str.lower),
        st.sampled_from(valid).map(str.capitalize),
        st.text().filter(lambda text: text not in valid),
        st.integers(),
    )


def _valid_item() -> dict:
    item = base_item()
    if item is None:
        pytest.skip("no example item fits the declared environment: the coverage pass has no valid item to vary")
    return item


# The first pass asks this file's tests in its order, and the checks take turns: the small spaces of the
# contract first (each point once, alone: one rejection would hide another), cheapest first, so that no
# check waits long for its first question; then the random search's first examples.
@pytest.mark.coverage
def test_each_body_that_is_not_an_array_of_objects_is_rejected(host, spending):
    for point in spending.points(
        "bodies that are not arrays of objects", coverage.not_arrays_of_objects(_valid_item())
    ):
        host.judge(host.client.upsert(point.body), Wrong.INPUT, point.what)


@pytest.mark.coverage
def test_each_method_the_contract_does_not_declare_gets_405_or_501(host, spending):
    for method in spending.points("undeclared methods", coverage.undeclared_methods()):
        host.judge(host.client.send(method, host.client.path(), content=b"[]"), Wrong.METHOD, method)


def open_ended_bodies() -> st.SearchStrategy:
    """Inputs the docs leave open: any answer but a 5xx."""
    missing = st.tuples(request_items(), st.sampled_from(sorted(item_fields()))).map(
        lambda pair: [{k: v for k, v in pair[0].items() if k != pair[1]}]
    )
    null = st.tuples(request_items(), st.sampled_from(sorted(item_fields()))).map(
        lambda pair: [{**pair[0], pair[1]: None}]
    )
    unknown = st.tuples(request_items(), st.text(min_size=1, max_size=10).filter(lambda k: k not in item_fields())).map(
        lambda pair: [{**pair[0], pair[1]: "x"}]
    )
    # A declared environment bounds the keys a run writes: then channelIds outside it are the probes' only.
    wide_fields = ["offsetDays"] if declared_overlay() else ["channelId", "offsetDays"]
    wide = st.tuples(
        request_items(),
        st.sampled_from(wide_fields),
        st.integers().filter(lambda n: not -(2**31) <= n < 2**31),
    ).map(lambda triple: [{**triple[0], triple[1]: triple[2]}])
    return st.one_of(st.just([]), missing, null, unknown, wide)


def _null_text() -> list[list[dict]]:
    """The open input a backend breaks most often, asked first: the docs' item with a null text field."""
    return [[{**body[0], "subjectTemplate": None}] for body in documented_bodies()[:1]]


@pytest.mark.first_pass(2)
@given(body=open_ended_bodies())
@with_bodies("body", _null_text())
def test_input_the_docs_leave_open_never_gets_a_5xx(host, body):
    host.judge(host.client.upsert(body), Wrong.OPEN_INPUT, f"the body {json.dumps(body)[:80]}")


@pytest.mark.coverage
def test_each_input_the_docs_leave_open_gets_no_5xx(host, spending):
    """Each documented field missing alone, each one null, an empty object after a valid item: any answer but
    a 5xx, an error answer with the error envelope (covered whole; the random search above draws more)."""
    for point in spending.points("input the docs leave open", coverage.open_inputs(_valid_item())):
        host.judge(host.client.upsert(point.body), Wrong.OPEN_INPUT, point.what)


@pytest.mark.coverage
def test_the_answers_own_fields_sent_back_are_refused_or_ignored(host, spending):
    """Every field the answer has and the request lacks, sent back with a value that would matter (another
    target's ids, another key's row id, a back-dated createdOn), and one field no schema knows: the contract
    lets a host refuse them (a 4xx with the error envelope) or ignore them, never apply them."""
    item = _valid_item()
    s = host.settings
    others = [a for a in host.memory["ledger"].by_key.values() if a.key != host.key_name(item)]
    other_row = others[0].id if others else 1
    for injected in spending.points("the answer's fields in a request", coverage.answer_fields(
        s.target_group_id, s.target_id, other_row
    )):  # fmt: skip
        body = [{**item, injected.field: injected.value}]
        exchange = host.client.upsert(body)
        host.judge(exchange, Wrong.OPEN_INPUT, f"{injected.field} sent back: {injected.what}")
        if exchange.status == 200:
            check_answer_fields_not_applied(
                Upsert(body, exchange, s.target_group_id, s.target_id), injected.field, injected.value
            )


@pytest.mark.coverage
def test_each_near_miss_of_each_communication_type_is_rejected(host, spending):
    for point in spending.points("enum near misses", coverage.enum_near_misses(_valid_item())):
        host.judge(host.client.upsert(point.body), Wrong.INPUT, point.what)


@given(item=request_items(), value=bad_communication_types())
def test_communication_type_outside_the_enum_is_rejected(host, item, value):
    host.judge(host.client.upsert([{**item, "communicationType": value}]), Wrong.INPUT, f"communicationType {value!r}")


@pytest.mark.coverage
def test_each_documented_field_as_each_json_type_it_must_not_take_is_rejected(host, spending):
    for point in spending.points("fields of a wrong JSON type", coverage.wrong_types(_valid_item())):
        host.judge(host.client.upsert(point.body), Wrong.INPUT, point.what)


@pytest.mark.first_pass(2)
@given(item=request_items(), data=st.data())
def test_documented_field_of_the_wrong_type_is_rejected(host, item, data):
    field, json_type = data.draw(st.sampled_from(sorted(item_fields().items())), label="field")
    value = data.draw(wrong_values(json_type), label="value")
    host.judge(
        host.client.upsert([{**item, field: value}]), Wrong.INPUT, f"{field} as {value!r} ({json_type} expected)"
    )


@given(body=st.one_of(st.dictionaries(st.text(max_size=8), st.integers(), max_size=3), st.text(), st.integers()))
def test_body_that_is_not_an_array_is_rejected(host, body):
    host.judge(host.client.upsert(body), Wrong.INPUT, f"a body of {json.dumps(body)[:60]}")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@given(text=st.text(min_size=1).filter(lambda text: not _is_json(text)))
def test_body_that_is_not_json_is_rejected(host, text):
    host.judge(host.client.upsert(content=text.encode()), Wrong.INPUT, f"a body that is not JSON ({text[:40]!r})")


@given(
    body=st.lists(st.one_of(st.text(), st.integers(), st.booleans(), st.lists(st.integers())), min_size=1, max_size=3)
)
def test_array_holding_a_non_object_is_rejected(host, body):
    host.judge(host.client.upsert(body), Wrong.INPUT, f"the array {json.dumps(body)[:60]}")


@given(
    item=request_items(),
    which=st.sampled_from(["group", "target"]),
    bad=st.text(string.ascii_letters, min_size=1, max_size=8),
)
def test_non_numeric_path_id_is_rejected(host, item, which, bad):
    exchange = host.client.upsert([item], **{which: quote(bad, safe="")})
    host.judge(exchange, Wrong.INPUT, f"a {which} id of {bad!r}")
