"""Each list of checks (run order, kill matrix, report categories, marker validation, the faults' targets)
comes from the one registry."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from capillary_conformance.checks import CHECKS, CheckFailure, Refusal, Wrong, all_checks, get, verdict_checks
from capillary_conformance.checks.registry import Check, judge_refusal, register
from capillary_conformance.cli.selftest import kill_matrix
from capillary_conformance.core.record import Finding
from capillary_conformance.plugin import hooks
from capillary_conformance.plugin.outputs.allure import categories
from capillary_conformance.sandbox.faults import CATALOGUE

from .canned import EXPECT, exchange


def test_the_names_are_the_registered_verdict_checks_in_the_one_order():
    assert tuple(c.name for c in sorted(verdict_checks(), key=lambda c: c.order)) == CHECKS
    assert {"envelope", "schema", "schemathesis"} <= set(CHECKS)
    assert "positive" not in CHECKS  # a sweep: its failures are filed under the answer checks
    assert [c.order for c in all_checks()] == sorted(c.order for c in all_checks())


def test_the_docs_table_every_check_in_the_one_order():
    page = (Path(__file__).parents[2] / "docs" / "explanation" / "checks.md").read_text()
    table = page[page.index("# What it checks") : page.index("**Coverage before chance.**")]
    rows = re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE)
    assert rows == list(CHECKS)


def test_a_refusal_is_asked_of_every_check_that_judges_its_kind():
    answer = exchange({"data": [], "errors": None, "warnings": None}, status=200)
    with pytest.raises(CheckFailure, match=r"^\[auth\] a request with no credentials"):
        judge_refusal(Refusal(answer, Wrong.CREDENTIALS, "no credentials"), EXPECT)
    with pytest.raises(CheckFailure, match=r"^\[negative\] a wrong enum was accepted"):
        judge_refusal(Refusal(answer, Wrong.INPUT, "a wrong enum"), EXPECT)
    assert judge_refusal(Refusal(answer, Wrong.OPEN_INPUT, "a null"), EXPECT) == []
    judges = {wrong: [c.name for c in all_checks() if wrong in c.judges] for wrong in Wrong}
    assert judges[Wrong.CREDENTIALS] == judges[Wrong.MALFORMED_CREDENTIALS] == ["auth"]
    assert all(judges[wrong] == ["negative"] for wrong in (Wrong.INPUT, Wrong.OPEN_INPUT, Wrong.ANY, Wrong.METHOD))


def test_the_kill_matrix_columns_are_the_registry_labels():
    header = kill_matrix([]).splitlines()[1]
    assert header.split()[2:-1] == [c.label for c in verdict_checks()]


def test_the_report_categories_are_one_per_finding_named_by_its_promise():
    finding = Finding(key="/data/*/channelId", pointer="/data/*/channelId", checks=["echo", "idempotency"])
    first, *others = categories([finding])
    assert first["name"] == "Broken promise at /data/*/channelId"
    assert get("echo").promise in first["description"]
    assert get("idempotency").promise in first["description"]
    assert not any(c["name"].startswith("Broken promise") for c in others)


def test_every_faults_target_is_a_registered_check():
    targets = {fault.breaks for fault in CATALOGUE.values() if fault.breaks}
    assert targets <= set(CHECKS)


def item(check: str | None, name: str, pass_: str | None = None) -> SimpleNamespace:
    marker = SimpleNamespace(args=(check,)) if check else None
    extra = {"callspec": SimpleNamespace(params={"_pass": pass_})} if pass_ else {}
    return SimpleNamespace(nodeid=name, get_closest_marker=lambda _: marker, **extra)


def test_tests_run_in_the_registrys_order():
    names = [c.name for c in reversed(all_checks())]
    items = [item(name, f"test_{name}") for name in names]
    hooks.pytest_collection_modifyitems(None, items)
    assert [i.nodeid for i in items] == [f"test_{c.name}" for c in all_checks()]


def test_the_first_pass_takes_the_checks_in_turns_before_the_deep_pass():
    items = [
        item("negative", "negative-1 deep", "deep"),
        item("negative", "negative-1", "first"),
        item("negative", "negative-2", "first"),
        item("idempotency", "idempotency-1", "first"),
        item("idempotency", "idempotency-2", "first"),
        item("positive", "positive-1", "first"),
        item("positive", "positive-1 deep", "deep"),
    ]
    hooks.pytest_collection_modifyitems(None, items)
    assert [i.nodeid for i in items] == [
        "positive-1", "negative-1", "idempotency-1", "negative-2", "idempotency-2",
        "positive-1 deep", "negative-1 deep",
    ]  # fmt: skip


def test_a_test_marked_with_an_unregistered_check_is_a_usage_error():
    with pytest.raises(pytest.UsageError, match="'colour'"):
        hooks.pytest_collection_modifyitems(None, [item("colour", "test_x"), item("echo", "test_y")])


def test_a_name_cannot_be_registered_twice_for_two_checks():
    with pytest.raises(ValueError, match="two checks are named 'echo'"):
        register(Check("echo", order=99, label="x", promise="other"))
