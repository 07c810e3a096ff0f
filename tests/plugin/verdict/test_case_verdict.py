"""What an exception says of the host, decided once: a broken promise, could not judge, not judged, or nothing."""

from hypothesis.errors import FailedHealthCheck

from capillary_conformance.checks import CheckFailure
from capillary_conformance.client.http import HostUnavailable, RequestBudgetSpent
from capillary_conformance.core.record import BUDGET_SPENT
from capillary_conformance.core.redact import Redactor
from capillary_conformance.plugin.verdict.case_verdict import judge
from capillary_conformance.plugin.verdict.classify import COULD_NOT_JUDGE

REDACTOR = Redactor(["hunter2"])


def test_a_broken_promise_is_named_with_where_and_which_rule_its_secrets_redacted():
    verdict = judge(
        CheckFailure("echo", "sender came back as hunter2", "/data/*/sender", "echo"), "idempotency", REDACTOR
    )
    assert (verdict.check, verdict.violated, verdict.pointer, verdict.rule, verdict.key) == (
        "echo", True, "/data/*/sender", "echo", "/data/*/sender",
    )  # fmt: skip
    assert "hunter2" not in verdict.reason
    assert verdict.request_id == ""  # no evidence, no failing answer to name


def test_a_failure_at_the_status_is_one_finding_per_rule():
    verdict = judge(CheckFailure("negative", "HTTP 500", "status", "no-5xx"), "negative", REDACTOR)
    assert verdict.key == "status: no-5xx"


def test_a_host_that_stopped_answering_a_spent_budget_and_the_suites_own_trouble_are_no_violation():
    down = judge(BaseExceptionGroup("g", [HostUnavailable("could not judge host: ReadTimeout")]), "echo", REDACTOR)
    assert (down.check, down.violated, down.reason) == (COULD_NOT_JUDGE, False, "could not judge host: ReadTimeout")
    spent = judge(RequestBudgetSpent("spent"), "echo", REDACTOR)
    assert (spent.check, spent.violated, spent.reason) == ("echo", False, BUDGET_SPENT)
    suite = judge(FailedHealthCheck("filter_too_much"), "echo", REDACTOR)
    assert suite.check == COULD_NOT_JUDGE
    assert "a bug of the suite" in suite.reason
    assert not judge(None, "echo", REDACTOR).violated
