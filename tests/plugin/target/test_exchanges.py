"""The execution's exchanges: each step labelled, examples told apart by a number that is never reused, and which
execution was Hypothesis' replay told from what ran, not from what Hypothesis wrote."""

import json

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import current_build_context
from hypothesis.errors import FlakyFailure

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import Redactor
from capillary_conformance.plugin.target.exchanges import ExampleExchanges, upsert_label

ONCE = settings(max_examples=10, database=None, derandomize=True, phases=[Phase.explicit, Phase.generate])


def exchange(attempts: int = 1, body: object = (), tag: int = 0) -> Exchange:
    sent = json.dumps(list(body)).encode()
    return Exchange(
        "POST", "http://host.test/upsert", {}, sent, 200, {}, json.dumps({"tag": tag}).encode(), 0.0, attempts
    )


def test_outside_hypothesis_every_exchange_is_kept_and_none_counts_as_replayed():
    journal = ExampleExchanges(Redactor())
    journal.record(exchange())
    journal.record(exchange(attempts=3))
    assert len(journal.exchanges) == 2
    assert not journal.replayed_by_hypothesis()
    assert journal.replayed_requests() == 0  # a plain test's requests came before its failure
    journal.clear()
    assert journal.exchanges == []


def test_the_evidence_is_a_copy_that_later_requests_do_not_change():
    journal = ExampleExchanges(Redactor())
    journal.record(exchange(tag=1))
    evidence = journal.frozen()
    journal.record(exchange(tag=2))
    journal.clear()
    journal.record(exchange(tag=3))
    assert [json.loads(step.exchange.response_body)["tag"] for step in evidence] == [1]


def test_a_generated_failure_is_the_final_replay_and_hypothesis_replayed_it():
    journal = ExampleExchanges(Redactor())

    @ONCE
    @given(st.integers(3, 9))
    def fails_on_big(requests: int) -> None:
        for _ in range(requests):
            journal.record(exchange(tag=requests))
        assert requests < 5

    with pytest.raises(AssertionError):
        fails_on_big()
    assert journal.replayed_by_hypothesis()
    tags = {json.loads(e.response_body)["tag"] for e in journal.exchanges}
    assert len(tags) == 1
    assert tags.pop() == len(journal.exchanges) >= 5
    assert journal.replayed_requests() == len(journal.exchanges)  # run once more before it was reported


def test_an_explicit_example_that_fails_is_not_replayed_by_hypothesis():
    journal = ExampleExchanges(Redactor())

    @ONCE
    @example(7)
    @given(st.integers(0, 2))
    def fails_on_seven(requests: int) -> None:
        for _ in range(requests):
            journal.record(exchange(tag=requests))
        assert requests != 7

    with pytest.raises(AssertionError):
        fails_on_seven()
    assert not journal.replayed_by_hypothesis()
    assert len(journal.exchanges) == 7
    assert journal.replayed_requests() == 0


def test_when_the_replay_passes_the_evidence_is_the_example_that_failed():
    journal = ExampleExchanges(Redactor())
    calls = []

    @ONCE
    @given(st.just(2))
    def fails_once(requests: int) -> None:
        calls.append(requests)
        for _ in range(requests):
            journal.record(exchange(tag=len(calls)))
        assert len(calls) != 1

    with pytest.raises(FlakyFailure):
        fails_once()
    assert [json.loads(s.exchange.response_body)["tag"] for s in journal.frozen(replay_passed=True)] == [1, 1]
    assert {json.loads(s.exchange.response_body)["tag"] for s in journal.frozen()} == {len(calls)}


def test_examples_are_numbered_on_their_context_never_by_an_address_python_may_reuse():
    journal = ExampleExchanges(Redactor())
    numbers = []

    @settings(max_examples=20, database=None, derandomize=True)
    @given(st.integers(0, 100))
    def each(n: int) -> None:
        journal.record(exchange(tag=n))
        numbers.append(getattr(current_build_context(), "_capillary_example", None))
        assert len(journal.exchanges) == 1  # each example began its own list

    each()
    assert None not in numbers
    assert numbers == sorted(set(numbers))


def test_each_step_says_what_it_did_to_each_key():
    last = {"START/1": {"communicationType": "START", "channelId": 1, "sender": "a"}}

    def key(item):
        return f"{item['communicationType']}/{item['channelId']}"

    def label(*items):
        return upsert_label(list(items), key, lambda item: last.get(key(item)))

    start = last["START/1"]
    assert label({**start}) == "repeat START/1"
    assert label({**start, "sender": "b"}) == "update START/1 (sender)"
    assert label({**start, "active": False}) == "deactivate START/1"
    last["START/1"] = {**start, "active": False}
    assert label({**start, "active": True}) == "write START/1 again"
    assert label({"communicationType": "FINISH", "channelId": 2}, last["START/1"]) == "create FINISH/2, repeat START/1"
    assert label() == "an empty batch"
    many = [{"communicationType": "FINISH", "channelId": n} for n in range(6)]
    assert label(*many).endswith("create FINISH/3, and 2 more")
