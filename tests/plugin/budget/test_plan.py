"""The plan: a budget said up front, the deep pass shared out by the checks' shares, the coverage trimmed."""

import pytest

from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.core.rates import Rate
from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin.budget.plan import DEFAULT_COST, Plan, Spending, left_out, spaces


def test_the_plan_says_the_budget_and_its_minutes_at_the_rate():
    plan = Plan.of(from_env({"CAPILLARY_RATE_LIMIT": "100/min", "CAPILLARY_MAX_DURATION": "3m"}))
    assert plan.budget == 300
    assert plan.rate == Rate(100, 60)
    assert plan.minutes() == 3.0
    assert "at most 300 requests, about 3.0 min at 100/min" in plan.line()


def test_a_run_that_cleans_up_keeps_a_reserve_and_counts_the_timing_request():
    region = {"CAPILLARY_BASE_URL": "https://eu.example", "CAPILLARY_TARGET_GROUP_ID": "1", "CAPILLARY_TARGET_ID": "2",
              "CAPILLARY_ALLOW_WRITE": "1"}  # fmt: skip
    plan = Plan.of(from_env(region))
    assert plan.budget == 300
    assert plan.reserve == 15
    assert plan.before == 1
    assert plan.for_tests == 284
    assert Plan.of(from_env({})).reserve == 0  # the embedded sandbox is not cleaned up


def spending(tmp_path, limit, first=(), deep=None):
    budget = SharedBudget(tmp_path, limit)
    return budget, Spending(Plan(limit, None, 0, 0), budget, tmp_path, list(first), deep or {})


def test_the_deep_pass_is_shared_by_the_checks_shares_at_each_tests_cost(tmp_path):
    _, plan = spending(tmp_path, 100, deep={"a": 0.3, "b": 0.1})
    plan.record_cost("test_a", requests=6, examples=2)  # 3 requests an example
    # a's share of what is left after one example's worth is kept for b: 0.3 / 0.4 of 98, at 3 each.
    assert plan.deep_examples("a", "test_a", 0.3, at_most=50) == 24
    assert plan.deep_examples("a", "test_a", 0.3, at_most=10) == 10  # never more than the profile's


def test_a_deep_test_always_gets_one_example(tmp_path):
    budget, plan = spending(tmp_path, 3, deep={"a": 0.5, "b": 0.5})
    for _ in range(3):
        budget.take()
    assert plan.deep_examples("a", "test_a", 0.5, at_most=50) == 1


def test_a_space_that_does_not_fit_is_trimmed_in_its_order_and_said(tmp_path):
    _, plan = spending(tmp_path, 20, first=["t1", "t2"], deep={"d": 1.0})
    plan.begin("t1")
    kept = plan.points("wrong types", list(range(30)))
    assert kept == list(range(20 - int(DEFAULT_COST)))  # t2's first question keeps one example's worth
    assert left_out(tmp_path) == ["wrong types: 12 of 30 point(s) left out"]


def test_a_space_with_no_room_at_all_is_not_judged(tmp_path):
    _, plan = spending(tmp_path, 2, first=["t1", "t2"])
    plan.begin("t1")
    with pytest.raises(pytest.skip.Exception, match="left no room"):
        plan.points("enum near misses", [1, 2, 3])


def test_without_a_budget_nothing_is_trimmed_or_cut(tmp_path):
    _, plan = spending(tmp_path, None, deep={"a": 1.0})
    assert plan.points("space", [1, 2, 3]) == [1, 2, 3]
    assert plan.deep_examples("a", "test_a", 1.0, at_most=50) == 50


def test_each_space_is_recorded_with_its_source_its_size_and_what_was_asked(tmp_path):
    _, plan = spending(tmp_path, 20, first=["t1", "t2"])
    plan.begin("t1")
    plan.points("fields of a wrong JSON type", list(range(30)))
    plan.points("wrong credentials, fresh connection", [1, 2])
    recorded = {space.name: space for space in spaces(tmp_path)}
    wrong = recorded["fields of a wrong JSON type"]
    assert (wrong.size, wrong.asked) == (30, 20 - int(DEFAULT_COST))
    assert "covertable" in wrong.source
    assert recorded["wrong credentials, fresh connection"].source.startswith("RFC 7617")
