"""A nightly spread over machines: shares of a targets file run as separate processes into separate folders,
then merged, give the verdicts, findings, summary and exit status of one run of the whole file."""

import json
import re
import subprocess
import sys

import pytest

from capillary_conformance.core.settings import without_settings

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

TARGETS = """
[defaults]
profile = "selftest"
allow_write = true
history_dir = "{history}"

[[target]]
region = "eu"
sandbox_fault = "zulu-timestamps"

[[target]]
region = "india"
utc_offset = "+05:30"
sandbox_fault = "string-ids"
"""


def _command(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "capillary_conformance", *args],
        env=without_settings() | env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def _verdicts(folder) -> dict[str, tuple]:
    rows = [json.loads(p.read_text()) for p in folder.glob("regions/*/region.json")]
    return {
        row["region"]: (row["exitstatus"], row["failed"], sorted((f["pointer"], f["status"]) for f in row["findings"]))
        for row in rows
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shares")
    (tmp / "targets.toml").write_text(TARGETS.format(history=tmp / "share-history"))
    targets = str(tmp / "targets.toml")
    whole = _command("nightly", "--targets", targets, "--reports-dir", str(tmp / "whole"), "--no-report",
                     CAPILLARY_REGIONS_AT_ONCE="1")  # fmt: skip
    shares = [
        _command("nightly", "--targets", targets, "--only", region, "--reports-dir", str(tmp / region), "--no-report")
        for region in ("eu", "india")
    ]
    merge = ("merge", str(tmp / "eu"), str(tmp / "india"), "--reports-dir", str(tmp / "merged"), "--no-report")
    merged = _command(*merge, CAPILLARY_HISTORY_DIR=str(tmp / "merge-history"))
    _command(*merge, CAPILLARY_HISTORY_DIR=str(tmp / "merge-history"))  # merged twice: remembered once
    return tmp, whole, shares, merged


def test_shares_merged_give_the_verdicts_findings_and_exit_status_of_one_whole_run(runs):
    tmp, whole, shares, merged = runs
    assert "2 region(s), 1 at once" in whole.stdout
    assert [share.returncode for share in shares] == [0, 1]
    assert whole.returncode == merged.returncode == 1
    assert _verdicts(tmp / "merged") == _verdicts(tmp / "whole")
    assert _verdicts(tmp / "whole")["india"][2] == [("/data/*/id", "open")]
    cases = {p.name for p in (tmp / "merged" / "allure-results").glob("*-result.json")}
    assert len(cases) == len(list((tmp / "whole" / "allure-results").glob("*-result.json")))


def test_the_summary_compares_the_regions_in_the_merge_as_in_the_whole_run(runs):
    tmp, _, _, merged = runs
    summary = (tmp / "merged" / "nightly-summary.txt").read_text()
    assert "regions side by side (eu, india)" in summary
    assert "offset style: eu: Z; india: +hhmm" in summary
    whole_summary = (tmp / "whole" / "nightly-summary.txt").read_text()

    def compared(text: str) -> list[str]:  # the lines that compare; a replay line carries its own run's seed
        return [re.sub(r"--hypothesis-seed=\d+", "--hypothesis-seed=N", line) for line in text.splitlines()
                if "/" in line and ":" in line]  # fmt: skip

    assert compared(summary) == compared(whole_summary)
    assert "regions side by side" in merged.stdout


def test_a_region_not_in_the_file_and_a_folder_that_is_no_share_are_one_line_each(runs, tmp_path):
    tmp, *_ = runs
    only = _command("nightly", "--targets", str(tmp / "targets.toml"), "--only", "us", "--reports-dir", str(tmp_path))
    assert only.returncode == 4
    assert only.stderr.strip().endswith("--only names us, not a region of " + str(tmp / "targets.toml"))
    nothing = _command("merge", str(tmp_path), "--reports-dir", str(tmp_path / "out"))
    assert nothing.returncode == 4
    assert len(nothing.stderr.strip().splitlines()) == 1


def test_the_merge_keeps_the_history_of_every_region_once(runs):
    tmp, *_ = runs
    records = [json.loads(line) for line in (tmp / "merge-history" / "runs.jsonl").read_text().splitlines()]
    assert sorted(record["region"] for record in records) == ["eu", "india"]
    assert [r["violations"] for r in sorted(records, key=lambda r: r["region"])] == [False, True]
