"""Each check's share of examples in each pass."""

import pytest
from hypothesis import settings

from capillary_conformance.plugin.budget import profiles


@pytest.fixture
def deep_budget():
    """The deep pass' profile as a run registers it (registered, not loaded: this process' tests keep theirs)."""

    def register(examples: int) -> None:
        settings.register_profile(profiles.DEEP_PASS, max_examples=examples)

    return register


@pytest.mark.parametrize(("share", "examples"), [(1.0, 50), (0.4, 20), (0.1, 6), (0.0, 6)])
def test_the_deep_pass_gives_a_check_its_share_of_the_budget_never_below_the_floor(deep_budget, share, examples):
    deep_budget(50)
    assert profiles.examples_of(profiles.DEEP_PASS, None, share) == examples


def test_the_first_pass_asks_once_or_as_often_as_the_test_declares(deep_budget):
    deep_budget(50)
    assert profiles.examples_of(profiles.FIRST_PASS, None, 1.0) == 1
    assert profiles.examples_of(profiles.FIRST_PASS, 2, 1.0) == 2


def test_a_small_budget_is_not_cut_below_itself(deep_budget):
    deep_budget(3)
    assert profiles.examples_of(profiles.DEEP_PASS, None, 0.1) == 3


def test_a_test_without_a_pass_parameter_runs_deep():
    class Item:
        callspec = type("CallSpec", (), {"params": {"_pass": "first"}})()

    assert profiles.pass_of(Item()) == profiles.FIRST_PASS
    assert profiles.pass_of(object()) == profiles.DEEP_PASS
