"""The example's exchanges: the last example Hypothesis ran is the minimal failure."""

from hypothesis import given, settings
from hypothesis import strategies as st

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import Redactor
from capillary_conformance.plugin.exchanges import ExampleExchanges


def exchange(attempts: int = 1) -> Exchange:
    return Exchange("POST", "http://host.test/upsert", {}, b"[]", 200, {}, b"{}", 0.0, attempts=attempts)


def test_outside_hypothesis_every_exchange_is_kept_and_none_counts_as_replayed():
    journal = ExampleExchanges(Redactor())
    journal.record(exchange())
    journal.record(exchange(attempts=3))
    assert len(journal.exchanges) == 2
    assert journal.replayed_requests() == 0  # a plain test's requests came before its failure
    journal.clear()
    assert journal.exchanges == []


def test_inside_hypothesis_only_the_last_examples_exchanges_are_kept():
    journal = ExampleExchanges(Redactor())
    sizes: list[int] = []

    @settings(max_examples=10, database=None, derandomize=True)
    @given(st.integers(1, 4))
    def example(requests: int) -> None:
        for _ in range(requests):
            journal.record(exchange())
        sizes.append(requests)

    example()
    assert len(journal.exchanges) == sizes[-1]
    assert journal.replayed_requests() == sizes[-1]  # run once more before it is reported: after the failure
