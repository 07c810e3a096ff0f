"""The suite's wiring: which passes each test runs in, and the order the run asks them (canned items)."""

from types import SimpleNamespace

import pytest

from capillary_conformance.plugin import hooks
from capillary_conformance.plugin.budget import profiles


def item(name: str, check: str, pass_: str) -> SimpleNamespace:
    marker = SimpleNamespace(args=(check,))
    return SimpleNamespace(
        nodeid=f"{name}[{pass_}]", callspec=SimpleNamespace(params={"_pass": pass_}),
        get_closest_marker=lambda wanted: marker if wanted == "check" else None,
    )  # fmt: skip


def test_the_first_pass_comes_first_and_takes_the_checks_in_turns():
    items = [
        item("idem_a", "idempotency", "deep"),
        item("idem_a", "idempotency", "first"),
        item("idem_b", "idempotency", "first"),
        item("neg_a", "negative", "first"),
        item("neg_b", "negative", "first"),
        item("pos", "positive", "first"),
    ]
    hooks.pytest_collection_modifyitems(SimpleNamespace(), items)
    assert [i.nodeid for i in items] == [
        "pos[first]", "neg_a[first]", "idem_a[first]",  # each check's first test, in the registry's order
        "neg_b[first]", "idem_b[first]",  # then each one's second
        "idem_a[deep]",
    ]  # fmt: skip


def test_a_test_marked_with_no_registered_check_is_refused_in_one_line():
    with pytest.raises(pytest.UsageError, match="no registered check: t\\[first\\]: 'nonsense'"):
        hooks.pytest_collection_modifyitems(SimpleNamespace(), [item("t", "nonsense", "first")])


def metafunc(check: str | None, each_answer_check: bool = False, given: bool = False):
    def marker(name):
        if name == "check" and check:
            return SimpleNamespace(args=(check,))
        return SimpleNamespace() if name == "each_answer_check" and each_answer_check else None

    calls = []

    def function():
        pass

    if given:
        function.is_hypothesis_test = True
    return SimpleNamespace(
        definition=SimpleNamespace(get_closest_marker=marker), function=function,
        parametrize=lambda name, values, **kw: calls.append((name, values)),
    ), calls  # fmt: skip


def test_a_test_that_draws_runs_in_both_passes_a_fixed_question_in_the_first_only():
    drawing, calls = metafunc("stateful")
    hooks.pytest_generate_tests(drawing)
    assert calls == [("_pass", (profiles.FIRST_PASS, profiles.DEEP_PASS))]
    fixed, calls = metafunc("auth")
    hooks.pytest_generate_tests(fixed)
    assert calls == [("_pass", (profiles.FIRST_PASS,))]
    swept, calls = metafunc("enums")  # asked by the first pass' sweep on every answer: deep only
    hooks.pytest_generate_tests(swept)
    assert calls == [("_pass", (profiles.DEEP_PASS,))]


def test_each_answer_check_gets_a_deep_case_of_its_own():
    each, calls = metafunc(None, each_answer_check=True)
    hooks.pytest_generate_tests(each)
    (name, checks), (_, passes) = calls
    assert name == "check"
    assert {"envelope", "echo"} <= {c.id for c in checks}
    assert passes == (profiles.DEEP_PASS,)
