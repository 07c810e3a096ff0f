"""The report's first screen, written from a run's record: one line per finding, then the host, the requests,
what the run noticed and every setting that is not a secret."""

from capillary_conformance.core.record import Case, RunRecord
from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin.outputs import report_panel
from capillary_conformance.plugin.verdict.findings import gather


def test_the_panel_opens_with_one_line_per_finding_then_the_run():
    case = Case(nodeid="t::a", outcome="failed", check="envelope", reason="warnings is a string", pointer="/warnings",
                rule="type", request_id="X-Cap-Requestid: A1")  # fmt: skip
    record = RunRecord(host="embedded sandbox", region="eu", fault="warnings-as-string", results=[case])
    record.findings, record.notes = gather([case]), {"warning 3001: deprecated": 2}
    record.deprecation = "deprecated since 2025-11-01, sunset on 2027-06-30"
    settings = from_env({"CAPILLARY_REGION": "eu", "CAPILLARY_USERNAME": "u", "CAPILLARY_PASSWORD": "secret"})
    panel = report_panel.panel(record, settings)
    first, *_ = panel.items()
    assert first == (
        "Finding 1 (open)",
        "/warnings (type): 1 case(s) in envelope; warnings is a string; failing answer X-Cap-Requestid: A1",
    )
    assert panel["Host"] == "embedded sandbox (fault warnings-as-string)"
    assert "sunset on 2027-06-30" in panel["Deprecated"]
    assert panel["HTTP notes and warnings"] == "warning 3001: deprecated (2x)"
    assert panel["CAPILLARY_REGION"] == "eu"
    assert "CAPILLARY_PASSWORD" not in panel
    assert "secret" not in "".join(panel.values())
    assert "Could not judge" not in panel


def test_the_keys_written_are_a_short_line_and_could_not_judge_is_grouped_by_cause():
    unjudged = Case(nodeid="t::b", outcome="failed", check="could-not-judge", reason="h: ReadTimeout: timed out")
    keys = [{"communicationType": "START", "channelId": n} for n in range(20)]
    record = RunRecord(results=[unjudged, unjudged], written_keys=keys)
    panel = report_panel.panel(record, from_env({}))
    assert panel["Keys written"].startswith("20: START/0, START/1, ")
    assert panel["Keys written"].endswith("START/11 and 8 more (results.json lists them all)")
    assert panel["Could not judge"] == "2 test(s): timed out"
