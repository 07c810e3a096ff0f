"""The terminal's findings first: one per broken promise, its message, the failing answer and a replay."""

from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin import summary
from capillary_conformance.plugin.findings import gather
from capillary_conformance.plugin.run import ConformanceRun


def failed(nodeid: str, pointer: str, **more) -> dict:
    return {"nodeid": nodeid, "outcome": "failed", "check": "envelope", "reason": "warnings is a string",
            "pointer": pointer, "rule": "type", "replay": f"capillary-conformance run '{nodeid}'", **more}  # fmt: skip


def test_each_finding_is_a_few_lines_naming_its_failing_answer():
    run = ConformanceRun(from_env({}))
    try:
        run.findings = gather(
            [
                failed("t::a", "/warnings", request_id="X-Cap-Requestid: A1"),
                failed("t::b", "/warnings"),
                failed("t::c", "/x"),
            ]
        )
        lines = summary._findings_lines(run)
    finally:
        run.stop()
    assert lines[0] == "2 finding(s), one per broken promise:"
    assert lines[1] == "  1. NEW /warnings (type): 2 case(s) in envelope"
    assert lines[2] == "     warnings is a string"
    assert lines[3] == "     failing answer: X-Cap-Requestid: A1"
    assert lines[4] == "     replay: capillary-conformance run 't::a'"
    assert "failing answer" not in "".join(lines[5:])  # the second finding's answer named no id


def test_the_panel_opens_with_one_line_per_finding():
    panel = summary._findings_panel(gather([failed("t::a", "/warnings", request_id="X-Cap-Requestid: A1")]))
    assert panel == {"Finding 1 (new)": "/warnings (type): 1 case(s) in envelope; failing answer X-Cap-Requestid: A1"}


def test_the_history_lines_say_since_when_a_region_is_broken():
    history = {
        "trend": "xx+",
        "broken_since": {"at": "2026-11-30", "runs": 2},
        "earlier_runs": 2,
        "dir": "h",
        "new": [{"check": "envelope", "since": "2026-12-01"}],
        "recurring": [],
        "fixed": [],
        "flaky": [],
    }
    lines = summary._history_lines(history)
    assert lines[0].startswith("history: 2 earlier run(s) in h; broken since 2026-11-30 (2 run(s) in a row); ")
    assert lines[0].endswith("last runs xx+ (newest first; x: a violation)")
    assert lines[1] == "  new: 1 case(s) in envelope, since 2026-12-01"
