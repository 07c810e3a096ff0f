"""A run's record: written as results.json and read back, whichever version wrote it."""

import json

from capillary_conformance.core.record import RECORD_VERSION, Case, Finding, Requests, RunRecord

CASE = Case(nodeid="t::a", outcome="failed", check="envelope", reason="warnings is a string", pointer="/warnings")


def test_a_record_reads_back_as_it_was_written(tmp_path):
    known = Finding(key="/warnings", pointer="/warnings", cases=["t::a"], messages=["warnings is a string", "again"],
                    known={"reason": "API-123", "until": "2027-01-31"})  # fmt: skip
    record = RunRecord(version=RECORD_VERSION, host="h", region="eu", results=[CASE], findings=[known])
    record.conclude(0)
    record.write(tmp_path / "results.json")
    written = json.loads((tmp_path / "results.json").read_text())
    assert written["version"] == RECORD_VERSION
    assert written["verdict"] == "conforms"
    assert written["findings"][0] == {
        "key": "/warnings", "pointer": "/warnings", "rules": [], "checks": [], "cases": ["t::a"],
        "message": "warnings is a string", "replay": "", "request_id": "", "status": "known",
        "reason": "API-123", "until": "2027-01-31",
    }  # fmt: skip
    assert "known" not in written["results"][0]  # only a known finding's case carries it
    again = RunRecord.read(tmp_path / "results.json")
    assert again.findings[0].status == "known"
    assert again.findings[0].acceptance == "known finding: API-123 (accepted until 2027-01-31)"
    assert again.model_dump(mode="json") == record.model_dump(mode="json") | {
        "findings": [again.findings[0].model_dump(mode="json")]
    }


def test_a_record_an_older_version_wrote_reads_with_defaults(tmp_path):
    (tmp_path / "results.json").write_text(
        json.dumps(
            {"host": "h", "region": "eu", "exitstatus": 1, "requests": {"sent": 3}, "results": [CASE.model_dump()]}
        )
    )
    record = RunRecord.read(tmp_path / "results.json")
    assert (record.version, record.region, record.requests.sent, record.requests.planned) == (1, "eu", 3, None)
    assert record.violated_checks == ["envelope"]
    assert record.headline() == "eu: violations"


def test_what_a_newer_version_adds_is_kept(tmp_path):
    (tmp_path / "results.json").write_text(json.dumps({"region": "eu", "exitstatus": 0, "colour": "green"}))
    record = RunRecord.read(tmp_path / "results.json")
    assert json.loads(record.model_dump_json())["colour"] == "green"


def test_the_verdict_in_words():
    unjudged = Case(nodeid="t::b", outcome="failed", check="could-not-judge", reason="timed out")
    spent = Case(
        nodeid="t::c", outcome="skipped", check="echo", reason="not judged: the run's request budget was spent"
    )
    assert RunRecord(results=[CASE, unjudged]).verdict_line() == "violations in envelope"
    assert RunRecord(results=[unjudged]).verdict_line() == "no violation seen"
    partly = RunRecord(results=[spent]).verdict_line()
    assert partly == "conforms (partly: 1 test(s) not judged, the request budget was spent)"  # a partial verdict
    cut_short = RunRecord(results=[spent], exitstatus=6).verdict_line()  # asked for, or exit 6 otherwise
    assert cut_short == "not fully judged: 1 test(s) not judged, the request budget was spent"
    history = {"broken_since": {"at": "2026-12-01", "runs": 3}}
    finding = Finding(key="k", pointer="/k", cases=["t::a", "t::b"])
    record = RunRecord(region="eu", exitstatus=1, history=history, findings=[finding])
    assert (
        record.headline() == "eu: violations since 2026-12-01 (3 run(s)): 1 broken promise, met by 2 case(s) (1 open)"
    )


def test_what_was_sent_is_said_against_the_plan():
    planned = Requests(sent=287, planned=300, rate="100/min")
    assert planned.spent() == "287 of the planned 300 request(s) sent (about 2.9 min at 100/min)"
    assert Requests(sent=40).spent() == "40 request(s) sent"


def test_tests_are_counted_as_the_html_report_counts_them():
    operation = "test_schemathesis.py::test_openapi[first][POST /v3/upsert]"
    record = RunRecord(
        results=[
            Case(nodeid="test_schemathesis.py::test_openapi[first]", outcome="passed", check="schemathesis"),
            Case(nodeid=operation, outcome="failed", check="schemathesis"),
            Case(nodeid="test_positive.py::test_valid[first]", outcome="passed", check="positive"),
            Case(nodeid="test_auth.py::test_refused[first]", outcome="failed", check="could-not-judge"),
        ]
    )
    assert record.tests() == {
        "test_schemathesis.py::test_openapi[first]": "failed",  # its operation failed: one failed test
        "test_positive.py::test_valid[first]": "passed",
        "test_auth.py::test_refused[first]": "unjudged",
    }
