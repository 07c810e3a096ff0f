"""The nightly's verdict per region and overall, from the rows each region's run wrote."""

from capillary_conformance.cli.nightly import RegionResult, overall_status, summary_table
from capillary_conformance.cli.targets import Target

REPLAY = "capillary-conformance run --targets targets.toml --region in --reports-dir reports/replay 'test_a.py::t'"
FINDING = {
    "status": "open", "pointer": "/data/*/id", "rules": ["type"], "message": 'id "5" is not a JSON integer',
    "replay": REPLAY,
}  # fmt: skip


def region(name: str, exitstatus: int, note: str = "", **history) -> RegionResult:
    target = Target(name, {"CAPILLARY_BASE_URL": f"https://{name}.api.example.test"})
    found = [FINDING] if exitstatus == 1 else []
    return RegionResult(target, exitstatus, 40, 1 if exitstatus == 1 else 0, 0, 2, 12.5, note, history, {}, found)


def test_the_regions_that_did_not_conform_come_first_each_finding_with_its_replay():
    since = {"at": "2026-11-30T01:00:00Z", "runs": 2}
    table = summary_table([region("eu", 0), region("in", 1, broken_since=since, new=[{}]), region("us", 3, "down")])
    lines = table.splitlines()
    assert lines[2].startswith("in ")
    assert lines[2].endswith("violations since 2026-11-30T01:00:00Z (2 runs), 1 new")
    assert lines[3] == '    OPEN /data/*/id (type): id "5" is not a JSON integer'  # what broke, a line a finding
    assert lines[4] == f"      replay: {REPLAY}"  # and the command that replays it, as printed
    assert lines[5] == "    its output: regions/in/output.txt (and its results.json)"
    assert lines[6].endswith("could not judge: down")
    assert "https://us.api.example.test" in lines[6]
    assert lines[7] == "    its output: regions/us/output.txt (and its results.json)"
    assert lines[8].startswith("eu ")
    assert lines[8].endswith("conforms")


def test_a_region_not_fully_judged_says_what_was_left_out():
    row = region("eu", 6, "not fully judged: 59 of 59 coverage point(s) left out, the request budget was spent")
    assert row.verdict.startswith("not fully judged: 59 of 59")
    assert summary_table([row]).splitlines()[2].endswith(row.verdict)


def test_any_violation_fails_the_night_and_a_region_not_judged_is_not_a_pass():
    assert overall_status([region("eu", 0), region("in", 1), region("us", 3)]) == 1
    assert overall_status([region("eu", 0), region("us", 3)]) == 3
    assert overall_status([region("eu", 0)]) == 0
    assert overall_status([region("eu", 0), region("in", 6)]) == 6  # not "conforms" for questions not asked
    assert overall_status([region("in", 6), region("us", 3)]) == 3
    assert overall_status([region("in", 6), region("us", 1)]) == 1


def test_a_row_written_by_another_version_still_reads():
    row = RegionResult.from_json({"region": "eu", "host": "https://eu", "exitstatus": 0, "colour": "red"})
    assert (row.target.region, row.exitstatus, row.passed) == ("eu", 0, 0)
