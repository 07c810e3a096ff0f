"""Findings on canned results: one per broken promise."""

from capillary_conformance.core.record import Case
from capillary_conformance.plugin.verdict.findings import gather


def _failed(case: str, check: str, pointer: str, rule: str, reason: str = "broken") -> Case:
    return Case(nodeid=case, outcome="failed", check=check, pointer=pointer, rule=rule, reason=reason)


LOWER_CASE_TYPE = [
    _failed("t1", "schema", "/data/*/communicationType", "enum", "'start' is not one of [...]"),
    _failed("t2", "enums", "/data/*/communicationType", "enum"),
    _failed("t3", "idempotency", "/data/*/communicationType", "echo"),
    _failed("t4", "stateful", "/data/*/communicationType", "echo"),
]
FIVE_HUNDREDS = [_failed("t5", "negative", "status", "no-5xx"), _failed("t6", "negative", "status", "refused")]


def test_one_place_in_the_answer_is_one_finding_whatever_checks_and_rules_saw_it():
    (finding,) = gather([*LOWER_CASE_TYPE, Case(nodeid="t9", outcome="passed", check="echo")])
    assert (finding.pointer, finding.rules, finding.cases) == (
        "/data/*/communicationType",
        ["enum", "echo"],
        ["t1", "t2", "t3", "t4"],
    )
    assert finding.checks == ["schema", "enums", "idempotency", "stateful"]


def test_a_status_is_one_finding_per_rule_broken():
    assert [f.key for f in gather(FIVE_HUNDREDS)] == ["status: no-5xx", "status: refused"]
