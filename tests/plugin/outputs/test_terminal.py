"""The terminal's summary, written from a run's record: the findings first, one per broken promise, its message,
the failing answer and a replay; the history in a few lines."""

from capillary_conformance.core.record import Case, RunRecord
from capillary_conformance.plugin.outputs import terminal
from capillary_conformance.plugin.verdict.findings import gather


def failed(nodeid: str, pointer: str, **more) -> Case:
    return Case(nodeid=nodeid, outcome="failed", check="envelope", reason="warnings is a string", pointer=pointer,
                rule="type", replay=f"capillary-conformance run '{nodeid}'", **more)  # fmt: skip


CASES = [
    failed("t::a", "/warnings", request_id="X-Cap-Requestid: A1"),
    failed("t::b", "/warnings"),
    failed("t::c", "/x"),
]


def test_each_finding_is_a_few_lines_naming_its_failing_answer():
    record = RunRecord(host="embedded sandbox", region="eu", results=CASES, findings=gather(CASES))
    lines = terminal.lines(record, 2996)
    assert lines[0] == "host embedded sandbox (region eu): violations in envelope"
    assert lines[1] == "2 finding(s), one per broken promise:"
    assert lines[2] == "  1. OPEN /warnings (type): 2 case(s) in envelope"
    assert lines[3] == "     warnings is a string"
    assert lines[4] == "     failing answer: X-Cap-Requestid: A1"
    assert lines[5] == "     replay: capillary-conformance run 't::a'"
    assert "failing answer" not in "".join(lines[6:])  # the second finding's answer named no id


def test_a_run_that_could_not_judge_says_why_and_what_it_sent():
    unjudged = Case(
        nodeid="t::d",
        outcome="failed",
        check="could-not-judge",
        reason="could not judge eu.example: ReadTimeout: timed out",
    )
    record = RunRecord(host="https://eu.example", region="eu", exitstatus=3, results=[unjudged], down="ReadTimeout")
    record.requests.sent, record.requests.planned, record.requests.rate = 60, 300, "100/min"
    lines = terminal.lines(record, 2996)
    assert lines[0] == "host https://eu.example (region eu): no violation seen"
    assert "could not judge 1 test(s): timed out" in lines
    assert "60 of the planned 300 request(s) sent (about 0.6 min at 100/min), 0 answered 429" in lines


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
    lines = terminal._history_lines(history)
    assert lines[0].startswith("history: 2 earlier run(s) in h; broken since 2026-11-30 (2 run(s) in a row); ")
    assert lines[0].endswith("last runs xx+ (newest first; x: a violation)")
    assert lines[1] == "  new: 1 case(s) in envelope, since 2026-12-01"


def test_the_last_line_says_the_exit_status_in_words():
    assert terminal.exit_line(RunRecord(exitstatus=0)) == "exit 0: conforms"
    broken = RunRecord(exitstatus=1, findings=gather(CASES))
    assert terminal.exit_line(broken) == "exit 1: violations: 2 broken promise(s), each above with its replay"
    unjudged = "exit 3: could not judge: the host did not answer usably (no verdict on the contract)"
    assert terminal.exit_line(RunRecord(exitstatus=3)) == unjudged
    assert terminal.lines(broken, 2996)[-1] == terminal.exit_line(broken)


def test_a_host_that_stopped_answering_is_one_line_per_cause():
    def unjudged(nodeid: str, reason: str) -> Case:
        return Case(nodeid=nodeid, outcome="failed", check="could-not-judge", reason=reason)

    closed = "could not judge 127.0.0.1:1: RemoteProtocolError: peer closed connection"
    cases = [unjudged(f"t::{n}", closed) for n in range(5)] + [
        unjudged("t::a", f"could not judge 127.0.0.1:1: it stopped answering earlier in this run ({closed})"),
        unjudged("t::b", "could not judge 127.0.0.1:1: ReadTimeout: timed out"),
    ]
    lines = terminal.lines(RunRecord(exitstatus=3, results=cases), 2996)
    assert [line for line in lines if line.startswith("could not judge")] == [
        "could not judge 6 test(s): the connection closed mid-answer",
        "could not judge 1 test(s): timed out",
    ]


def test_a_long_message_is_cut_in_its_middle_where_the_answer_is_quoted():
    message = "a valid request was answered HTTP 400: '" + "x" * 1000 + "'; set CAPILLARY_CHANNEL_IDS"
    cut = terminal.cut_middle(message, 400)
    assert cut.startswith("a valid request was answered HTTP 400")
    assert cut.endswith("set CAPILLARY_CHANNEL_IDS")
    assert f"of {len(message)} characters" in cut
    assert len(cut) < 460


def test_the_keys_written_are_named_on_a_real_host_and_counted_on_the_embedded_sandbox():
    written = [{"communicationType": "START", "channelId": 1}, {"communicationType": "CHANGE", "channelId": 0}]
    record = RunRecord(host="https://eu.example", region="eu", written_keys=written)
    assert "wrote 2 distinct key(s) on target 2996: START/1, CHANGE/0" in terminal.lines(record, 2996)
    counted = terminal.lines(record, 2996, listed=False)
    assert "wrote 2 distinct key(s) on target 2996" in counted
    assert not any("START/1" in line for line in counted)
