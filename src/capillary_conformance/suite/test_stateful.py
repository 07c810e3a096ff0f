"""The stateful check: random sequences of upserts, against a model of the target's rows."""

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from capillary_conformance.checks.stateful import CommunicationModel
from capillary_conformance.generation.strategies import request_bodies, with_new_values

pytestmark = pytest.mark.check("stateful")


@pytest.mark.first_pass(2)
def test_upsert_sequences_match_the_model(host, expect):
    class UpsertSequences(RuleBasedStateMachine):
        items = Bundle("items")

        def __init__(self) -> None:
            super().__init__()
            self.model = CommunicationModel(expect)
            self.latest = {}  # communicationType -> the last item sent of that type

        def send(self, body):
            self.model.apply(host.upsert(body))
            self.latest.update({item["communicationType"]: item for item in body})

        @rule(target=items, body=request_bodies())
        def insert(self, body):
            self.send(body)
            return multiple(*body)

        @rule(item=items)
        def repeat(self, item):
            self.send([item])

        @rule(item=items, data=st.data())
        def update(self, item, data):
            self.send([data.draw(with_new_values(item, expect.upsert_key))])

        @precondition(lambda self: len(self.latest) >= 2)
        @rule(data=st.data())
        def batch(self, data):
            # Drawn from what is there, not filtered: a filter here tripped Hypothesis' filter_too_much.
            types = data.draw(st.lists(st.sampled_from(sorted(self.latest)), min_size=2, max_size=4, unique=True))
            self.send([self.latest[t] for t in types])

    # As many sequences as the pass gives the check (its share of the profile's examples, or of the budget).
    run_state_machine_as_test(UpsertSequences, settings=settings())
